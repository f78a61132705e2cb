/**
 * The relationship types of the model and the node labels each may join. Kept apart from the
 * GraphQL enum so that migrations and repositories can import it without type-graphql.
 */
export const RELATIONSHIP_TYPES = [
  'PARTNERS_WITH',
  'FUNDS',
  'SUPPORTS',
  'LEADS',
  'PARTICIPATES_IN',
  'MEMBER_OF',
  'COORDINATES',
  'ARTICULATES',
  'PART_OF',
  'ACTS_IN',
  'SUCCEEDED_BY',
  'RELATED_TO',
] as const;

export type RelationshipTypeName = (typeof RELATIONSHIP_TYPES)[number];

/** How an actor takes part in an initiative; partners through a shared initiative are linked by these. */
export const MEMBERSHIP_TYPES = ['LEADS', 'PARTICIPATES_IN', 'COORDINATES'] as const satisfies readonly RelationshipTypeName[];

/** The links from an actor that make an initiative one of "its" initiatives. */
export const ACTOR_INITIATIVE_TYPES = [...MEMBERSHIP_TYPES, 'FUNDS', 'SUPPORTS'] as const satisfies readonly RelationshipTypeName[];

/** The labels of the graph's nodes: what links join and what GraphNode covers. */
export const NODE_LABELS = ['Actor', 'Initiative', 'Territory'] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

/** Every label whose nodes are records of the model, with an id of their own: the graph's nodes and sources. */
export const RECORD_LABELS = [...NODE_LABELS, 'Source'] as const;
export type RecordLabel = (typeof RECORD_LABELS)[number];

type Pair = readonly [NodeLabel, NodeLabel];

/** The generic link joins anything to anything: it stands for a type that no other one fits. */
const EVERY_PAIR: readonly Pair[] = NODE_LABELS.flatMap((from) => NODE_LABELS.map((to): Pair => [from, to]));

export const ALLOWED_ENDPOINTS: Record<RelationshipTypeName, readonly Pair[]> = {
  PARTNERS_WITH: [['Actor', 'Actor']],
  FUNDS: [['Actor', 'Actor'], ['Actor', 'Initiative']],
  SUPPORTS: [['Actor', 'Actor'], ['Actor', 'Initiative']],
  LEADS: [['Actor', 'Initiative']],
  PARTICIPATES_IN: [['Actor', 'Initiative']],
  MEMBER_OF: [['Actor', 'Actor']],
  COORDINATES: [['Actor', 'Initiative']],
  ARTICULATES: [['Initiative', 'Actor'], ['Initiative', 'Initiative']],
  PART_OF: [['Initiative', 'Initiative'], ['Territory', 'Territory']],
  ACTS_IN: [['Actor', 'Territory'], ['Initiative', 'Territory']],
  SUCCEEDED_BY: [['Actor', 'Actor'], ['Initiative', 'Initiative']],
  RELATED_TO: EVERY_PAIR,
};

export function endpointsAllowed(type: RelationshipTypeName, from: NodeLabel, to: NodeLabel): boolean {
  return ALLOWED_ENDPOINTS[type].some(([a, b]) => a === from && b === to);
}

export function describeAllowed(type: RelationshipTypeName): string {
  return ALLOWED_ENDPOINTS[type].map(([a, b]) => `${a} -> ${b}`).join(' or ');
}
