import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { RelationshipType } from '../relationships/relationship.type';
import type { NodeLabel, RelationshipTypeName } from '../relationships/relationship-kinds';
import type { StoredNodeValues } from '../analysis/analysis.properties';
import { ATTRIBUTES_DESCRIPTION, FlatAttributes, TAGS_DESCRIPTION } from '../common/free-attributes';

@ObjectType({ description: 'A node of a network view: enough to draw it, without the full record' })
export class NetworkNode {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Display name' })
  label: string;

  @Field(() => String, { description: 'Actor, Initiative or Territory' })
  type: NodeLabel;

  @Field(() => String, { nullable: true, description: 'The actor or initiative kind, or the territory level' })
  kind: string | null;

  @Field(() => [String], { description: TAGS_DESCRIPTION })
  tags: string[];

  @Field(() => GraphQLJSON, { nullable: true, description: ATTRIBUTES_DESCRIPTION })
  attributes: FlatAttributes | null;

  /**
   * The stored values of an analysis job, for the files of the exports (GraphQL clients read
   * `metrics` instead). Only readers that ask for them set it: the whole-graph export does.
   */
  analysis?: StoredNodeValues;
}

@ObjectType({ description: 'A link of a network view, between two nodes of the same view' })
export class NetworkEdge {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'Id of the node the link starts at' })
  source: string;

  @Field(() => ID, { description: 'Id of the node the link points to' })
  target: string;

  @Field(() => RelationshipType)
  type: RelationshipTypeName;

  @Field(() => GraphQLJSON, {
    description:
      'The link properties (role, kind, level, amount, currency, amountEur, dates, sourceIds, direction, tags...); amounts as numbers, with amountExact and amountEurExact as exact decimal strings; attributes as an object',
  })
  properties: Record<string, unknown>;
}

/** What every network query produces; analytics and exports read this, not the GraphQL object. */
export interface NetworkData {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  truncated: boolean;
}

@ObjectType({ description: 'A subgraph ready for visualisation tools: nodes, the links between them, and whether a limit cut it' })
export class Network implements NetworkData {
  @Field(() => [NetworkNode])
  nodes: NetworkNode[];

  @Field(() => [NetworkEdge])
  edges: NetworkEdge[];

  @Field({ description: 'True when a limit left nodes or links out' })
  truncated: boolean;
}
