import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { GraphNode } from '../common/graph-node';
import { Scale } from '../common/scale';
import { ATTRIBUTES_DESCRIPTION, FlatAttributes, TAGS_DESCRIPTION } from '../common/free-attributes';
import { ORIGINAL_NAME_DESCRIPTION } from '../common/names';

export enum ActorKind {
  PUBLIC_AUTHORITY = 'PUBLIC_AUTHORITY',
  INTERNATIONAL_ORGANISATION = 'INTERNATIONAL_ORGANISATION',
  DEVELOPMENT_AGENCY = 'DEVELOPMENT_AGENCY',
  NGO = 'NGO',
  ASSOCIATION = 'ASSOCIATION',
  COOPERATIVE = 'COOPERATIVE',
  PRIVATE_FIRM = 'PRIVATE_FIRM',
  ESS_NETWORK = 'ESS_NETWORK',
  FINANCIAL_ENTITY = 'FINANCIAL_ENTITY',
  NETWORK_OF_AUTHORITIES = 'NETWORK_OF_AUTHORITIES',
  PERSON = 'PERSON',
  OTHER = 'OTHER',
}

registerEnumType(ActorKind, {
  name: 'ActorKind',
  description: 'What sort of organisation, public body or person an actor is',
  valuesConfig: {
    PERSON: {
      description: 'A person: real maps have them (board members, mayors, interviewees), as LittleSis does',
    },
  },
});

@ObjectType({ implements: GraphNode, description: 'An organisation, a public body or a person' })
export class Actor extends GraphNode {
  @Field(() => ID)
  declare id: string;

  @Field()
  declare name: string;

  @Field(() => String, { nullable: true, description: ORIGINAL_NAME_DESCRIPTION })
  originalName: string | null;

  @Field(() => ActorKind)
  kind: ActorKind;

  @Field(() => [String], { description: 'Other names, e.g. PNUD for UNDP' })
  aliases: string[];

  @Field(() => String, { nullable: true })
  acronym: string | null;

  @Field({ description: 'Part of the social and solidarity economy (ESS)' })
  sse: boolean;

  @Field(() => Scale, { nullable: true })
  scale: Scale | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code' })
  countryCode: string | null;

  @Field(() => String, { nullable: true, description: 'IATI OrganisationType code' })
  iatiOrgType: string | null;

  @Field(() => String, { nullable: true, description: 'IATI organisation identifier' })
  orgRef: string | null;

  @Field(() => String, { nullable: true })
  website: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [ID], { description: 'Sources that back this actor itself' })
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
