import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../common/money';
import { Relationship } from '../relationships/relationship.type';
import { GraphNode } from '../common/graph-node';

@ObjectType({ description: 'One hop of a funding chain: every counted FUNDS link between two of its nodes' })
export class FundingLeg {
  @Field(() => GraphNode)
  from: GraphNode;

  @Field(() => GraphNode)
  to: GraphNode;

  @Field(() => [Relationship], { description: 'The reported flows of this hop that count in the stage, each once' })
  flows: Relationship[];

  @Field(() => Money, { nullable: true, description: 'Their exact sum when they share a currency; null otherwise or when none has an amount' })
  amount: Money | null;
}

@ObjectType({ description: 'Money passed along FUNDS links of one stage, from a funder through intermediaries: one path of nodes' })
export class FundingChain {
  @Field(() => [GraphNode], { description: 'The funder, the intermediaries and the last recipient, in order' })
  nodes: GraphNode[];

  @Field(() => [FundingLeg], { description: 'One leg per hop, with the flows between its two nodes' })
  legs: FundingLeg[];

  @Field(() => [Relationship], {
    description: 'The counted FUNDS links, hop by hop (the flows of every leg in order); a hop reported by several transactions has several steps',
  })
  steps: Relationship[];

  @Field(() => Money, {
    nullable: true,
    description: 'Sum of the known step amounts when they share a currency; null when none is known or currencies differ',
  })
  total: Money | null;

  @Field(() => Money, {
    nullable: true,
    description: 'The smallest leg amount (compared in euros when currencies differ); null when it cannot be told',
  })
  bottleneck: Money | null;

  @Field(() => Int)
  hops: number;

  @Field({ description: 'True when every step has an amount, so total and bottleneck cover the whole chain' })
  complete: boolean;
}

export enum FlowDirection {
  DOWNSTREAM = 'DOWNSTREAM',
  UPSTREAM = 'UPSTREAM',
}

registerEnumType(FlowDirection, {
  name: 'FlowDirection',
  valuesConfig: {
    DOWNSTREAM: { description: 'Where the money of a funder goes' },
    UPSTREAM: { description: 'Where the money of a recipient comes from' },
  },
});

@ObjectType()
export class SankeyNode {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;
}

@ObjectType({ description: 'All FUNDS links from source to target in one currency, summed' })
export class SankeyLink {
  @Field(() => ID)
  source: string;

  @Field(() => ID)
  target: string;

  @Field(() => Float, { description: 'Sum of the amounts; links without an amount count as 0' })
  value: number;

  @Field({ description: 'The same sum as an exact decimal string' })
  exact: string;

  @Field(() => Int, { description: 'Links left out of value because their amount has no rate into the requested currency at its date' })
  unconverted: number;

  @Field(() => String, { nullable: true, description: 'Null for the links that have no amount' })
  currency: string | null;

  @Field(() => Int, { description: 'How many FUNDS links were summed' })
  count: number;
}

@ObjectType({ description: 'Funding flows around a node, in the shape Sankey diagrams take' })
export class Sankey {
  @Field(() => [SankeyNode])
  nodes: SankeyNode[];

  @Field(() => [SankeyLink])
  links: SankeyLink[];

  @Field({ description: 'True when a limit left links out' })
  truncated: boolean;
}
