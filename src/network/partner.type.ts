import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Actor } from '../actors/actor.type';
import { GraphNode } from '../common/graph-node';
import { Relationship } from '../relationships/relationship.type';

export enum PartnerVia {
  DIRECT = 'DIRECT',
  SHARED_INITIATIVE = 'SHARED_INITIATIVE',
}

registerEnumType(PartnerVia, {
  name: 'PartnerVia',
  description: 'What makes two actors partners',
  valuesConfig: {
    DIRECT: { description: 'A PARTNERS_WITH link (either direction), plus any extra types asked for' },
    SHARED_INITIATIVE: { description: 'Both lead, participate in or coordinate the same initiative' },
  },
});

@ObjectType({ description: 'An actor reached from another through partnerships, with the shortest way there' })
export class Partner {
  @Field(() => Actor)
  actor: Actor;

  @Field(() => Int, { description: 'Number of partnership steps; a shared initiative counts as one step' })
  distance: number;

  @Field(() => [GraphNode], { description: 'From the starting actor to this one, shared initiatives included' })
  path: GraphNode[];

  @Field(() => [Relationship], { description: 'The links along path, in order' })
  via: Relationship[];
}

@ObjectType({ description: 'A node that all the given actors are linked to, with those links' })
export class Interlock {
  @Field(() => GraphNode)
  node: GraphNode;

  @Field(() => [Relationship], { description: 'The links between the given actors and node' })
  links: Relationship[];
}
