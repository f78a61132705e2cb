import { Field, ObjectType } from 'type-graphql';
import { GraphNode } from '../common/graph-node';
import { Scale } from '../common/scale';
import { Relationship } from '../relationships/relationship.type';

@ObjectType()
export class ArticulationLevel {
  @Field(() => Scale, { nullable: true, description: 'Null for the trailing group of nodes whose level is not known' })
  level: Scale | null;

  @Field(() => [GraphNode])
  nodes: GraphNode[];
}

@ObjectType({ description: 'The actors and initiatives a platform or actor links, grouped by level from local to international' })
export class Articulation {
  @Field(() => GraphNode)
  root: GraphNode;

  @Field(() => [ArticulationLevel], {
    description:
      'Non-empty levels in order LOCAL, DEPARTMENTAL, REGIONAL, NATIONAL, INTERNATIONAL, then the nodes of unknown level (level null)',
  })
  levels: ArticulationLevel[];

  @Field(() => [Relationship], { description: 'Every link between the root and the nodes, and among the nodes' })
  links: Relationship[];
}
