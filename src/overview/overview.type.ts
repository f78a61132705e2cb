import type { NodeLabel, RelationshipTypeName } from '../relationships/relationship-kinds';

/*
 * Types only, with no import of server code: the explorer page reads the same JSON (its own
 * tsconfig checks it against these).
 */

export interface OverviewNode {
  id: string;
  label: string;
  type: NodeLabel;
  kind: string | null;
  /** Where the analysis' ForceAtlas2 run placed it; null for a node it did not lay out. */
  x: number | null;
  y: number | null;
  pagerank: number | null;
  community: number | null;
}

export interface OverviewLink {
  id: string;
  source: string;
  target: string;
  type: RelationshipTypeName;
}

/** The analysis an overview draws: the current one when it was read. */
export interface OverviewAnalysis {
  jobId: string;
  computedAt: string;
  /** What the job analysed: the whole graph as it was then. */
  nodeCount: number;
  edgeCount: number;
  types: RelationshipTypeName[];
  communityCount: number | null;
  modularity: number | null;
}

/**
 * GET /overview: the whole graph's size, and with an analysis its most central nodes at their
 * stored places, with the links among them. JSON, for the explorer and any sigma.js or
 * Cytoscape.js page: ids, labels, types, PageRank and community per node, x and y from ForceAtlas2.
 */
export interface Overview {
  /** Nodes and links in the database now (the count store), analysed or not. */
  graph: { nodes: number; links: number };
  /** Null before the first analysis job is DONE: nothing is drawn then. */
  analysis: OverviewAnalysis | null;
  /** Null for the whole graph, else the community asked for. */
  community: number | null;
  nodes: OverviewNode[];
  links: OverviewLink[];
  /** True when the limits left out analysed nodes or links among the drawn ones. */
  truncated: boolean;
}
