import { Field, Float, ObjectType } from 'type-graphql';
import { GraphNode } from '../common/graph-node';

@ObjectType()
export class SearchHit {
  @Field(() => GraphNode)
  node: GraphNode;

  @Field({ description: 'Actor, Initiative or Territory' })
  label: string;

  @Field(() => Float, { description: 'Relevance; higher is better' })
  score: number;
}
