import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../common/date.scalar';
import { GraphNode } from '../common/graph-node';
import { Relationship } from '../relationships/relationship.type';

export enum TimelineEventKind {
  STARTED = 'STARTED',
  ENDED = 'ENDED',
}

registerEnumType(TimelineEventKind, { name: 'TimelineEventKind' });

@ObjectType({ description: 'A dated event: a link or an initiative starting or ending' })
export class TimelineEvent {
  @Field(() => DateScalar)
  date: string;

  @Field(() => TimelineEventKind)
  kind: TimelineEventKind;

  @Field(() => Relationship, { nullable: true, description: 'The link that starts or ends, for link events' })
  relationship: Relationship | null;

  @Field(() => GraphNode, { nullable: true, description: 'The initiative that starts or ends, for initiative events' })
  node: GraphNode | null;

  @Field({ description: 'A short English label, e.g. "La Guilde FUNDS Ecocuenca: starts" or "Ecocuenca ends"' })
  label: string;
}
