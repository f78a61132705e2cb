import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { GraphNode } from '../common/graph-node';
import { Money } from '../common/money';
import { Scale } from '../common/scale';
import { DateScalar } from '../common/date.scalar';
import { Indicator } from './indicator.type';
import { ATTRIBUTES_DESCRIPTION, FlatAttributes, TAGS_DESCRIPTION } from '../common/free-attributes';
import { ORIGINAL_NAME_DESCRIPTION } from '../common/names';

export enum InitiativeKind {
  PROGRAMME = 'PROGRAMME',
  PROJECT = 'PROJECT',
  PLATFORM = 'PLATFORM',
  ACTION_PLAN = 'ACTION_PLAN',
  EVENT = 'EVENT',
  WORK_AXIS = 'WORK_AXIS',
}

registerEnumType(InitiativeKind, { name: 'InitiativeKind' });

@ObjectType({ implements: GraphNode, description: 'A programme, project, platform, plan, event or work axis' })
export class Initiative extends GraphNode {
  @Field(() => ID)
  declare id: string;

  @Field()
  declare name: string;

  @Field(() => String, { nullable: true, description: ORIGINAL_NAME_DESCRIPTION })
  originalName: string | null;

  @Field(() => InitiativeKind)
  kind: InitiativeKind;

  @Field(() => [String])
  aliases: string[];

  @Field(() => String, { nullable: true })
  acronym: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => DateScalar, { nullable: true })
  startDate: string | null;

  @Field(() => DateScalar, { nullable: true })
  endDate: string | null;

  @Field(() => Money, { nullable: true })
  budget: Money | null;

  @Field(() => [String])
  themes: string[];

  @Field(() => Scale, { nullable: true })
  scale: Scale | null;

  @Field(() => [Indicator])
  indicators: Indicator[];

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
