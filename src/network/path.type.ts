import { Field, Int, ObjectType } from 'type-graphql';
import { GraphNode } from '../common/graph-node';
import { Relationship } from '../relationships/relationship.type';

@ObjectType({ description: 'A walk through the graph: relationships[i] joins nodes[i] and nodes[i + 1], in either direction' })
export class Path {
  @Field(() => [GraphNode])
  nodes: GraphNode[];

  @Field(() => [Relationship])
  relationships: Relationship[];

  @Field(() => Int, { description: 'Number of relationships' })
  length: number;
}
