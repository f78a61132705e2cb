import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { GraphNode } from '../common/graph-node';
import { ATTRIBUTES_DESCRIPTION, FlatAttributes, TAGS_DESCRIPTION } from '../common/free-attributes';
import { ORIGINAL_NAME_DESCRIPTION } from '../common/names';

export enum TerritoryLevel {
  COUNTRY = 'COUNTRY',
  REGION = 'REGION',
  DEPARTMENT = 'DEPARTMENT',
  PROVINCE = 'PROVINCE',
  MUNICIPALITY = 'MUNICIPALITY',
  LOCALITY = 'LOCALITY',
  WATERSHED = 'WATERSHED',
}

registerEnumType(TerritoryLevel, { name: 'TerritoryLevel' });

@ObjectType({ implements: GraphNode, description: 'A place: country, region, department, province, commune or watershed' })
export class Territory extends GraphNode {
  @Field(() => ID)
  declare id: string;

  @Field()
  declare name: string;

  @Field(() => String, { nullable: true, description: ORIGINAL_NAME_DESCRIPTION })
  originalName: string | null;

  @Field(() => TerritoryLevel)
  level: TerritoryLevel;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 or 3166-2 code, or a national code' })
  code: string | null;

  @Field(() => [String])
  aliases: string[];

  @Field(() => [ID])
  sourceIds: string[];

  @Field(() => [String], { description: TAGS_DESCRIPTION })
  tags: string[];

  @Field(() => GraphQLJSON, { nullable: true, description: ATTRIBUTES_DESCRIPTION })
  attributes: FlatAttributes | null;

  @Field()
  createdAt: string;

  @Field()
  updatedAt: string;
}
