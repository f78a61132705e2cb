/**
 * Bounds on every network query. They live apart from the GraphQL inputs so that the service
 * enforces the same numbers for callers that do not come through GraphQL (tests, CLI, jobs).
 */
export const PARTNER_DEPTH = { min: 1, max: 4, default: 1 } as const;
export const PARTNER_FIRST = { min: 1, max: 50_000, default: 500 } as const;
export const SHARED_ACTORS = { min: 2, max: 20 } as const;
export const SHARED_FIRST = { min: 1, max: 5_000, default: 500 } as const;
export const FUNDING_HOPS = { min: 1, max: 6, default: 4 } as const;
export const FUNDING_FIRST = { min: 1, max: 1_000, default: 50 } as const;
export const PATH_HOPS = { min: 1, max: 10, default: 6 } as const;
export const EGO_RADIUS = { min: 1, max: 3, default: 1 } as const;
export const EGO_LIMIT = { min: 1, max: 5_000, default: 500 } as const;
export const NETWORK_LIMIT = { min: 1, max: 5_000, default: 1_000 } as const;

/**
 * Safety valves, not page sizes: the most rows one expansion step may produce before it is cut.
 * They keep a hub with a million links from exhausting the transaction memory.
 */
export const EXPANSION_CAP = 100_000;
export const FUNDING_PATH_CAP = 100_000;
export const FLOW_LINK_CAP = 20_000;
export const ARTICULATION_NODE_CAP = 2_000;
export const EDGE_CAP_PER_NODE = 20;
export const TIMELINE_CAP = 5_000;
