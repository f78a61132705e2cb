import { RelationshipTypeName } from '../../relationships/relationship-kinds';

export type MetricName = 'degree' | 'betweenness' | 'closeness' | 'eigenvector' | 'pagerank';
export type ColorBy = 'kind' | 'community' | 'type';
export type ViewName = 'graph' | 'funding';

export interface Metrics {
  degree: number;
  betweenness: number;
  closeness: number;
  eigenvector: number | null;
  pagerank: number | null;
  community: number;
}

export interface ViewNode {
  id: string;
  label: string;
  type: 'Actor' | 'Initiative' | 'Territory';
  kind: string | null;
  metrics: Metrics | null;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  type: RelationshipTypeName;
  properties: Record<string, unknown>;
}

export interface ViewNetwork {
  truncated: boolean;
  nodes: ViewNode[];
  edges: ViewEdge[];
  stats: { nodeCount: number; edgeCount: number; density: number; components: number; communities: number; modularity: number | null };
}

export interface SourceInfo {
  id: string;
  title: string;
  url: string | null;
  publisher: string | null;
  date: string | null;
  excerpt: string | null;
}

export interface SankeyData {
  nodes: { id: string; name: string }[];
  links: { source: string; target: string; value: number; currency: string | null; count: number; unconverted: number }[];
  truncated: boolean;
}

export interface ActorRef {
  id: string;
  name: string;
}

/** A pair duplicateCandidates offers: a and b in id order, one of them the actor asked about. */
export interface DuplicateCandidateInfo {
  score: number;
  reasons: string[];
  a: ActorRef;
  b: ActorRef;
}

/** An open merge proposal as the side panel shows it; keep and merged are null once deleted. */
export interface MergeProposalInfo {
  id: string;
  keepId: string;
  mergeId: string;
  score: number | null;
  reasons: string[];
  note: string | null;
  proposedBy: string;
  proposedAt: string;
  keep: ActorRef | null;
  merged: ActorRef | null;
}

export type Visibility = 'PUBLIC' | 'PRIVATE';

/** A node of a saved map as stored: gone when it no longer exists, node then null. */
export interface MapNodeInfo {
  id: string;
  x: number | null;
  y: number | null;
  color: string | null;
  size: number | null;
  gone: boolean;
  mergedInto: string | null;
  node: { id: string; name: string } | null;
}

/** A note on a map; a source typed on the page but not yet written waits in pendingSource. */
export interface AnnotationInfo {
  id: string | null;
  text: string;
  nodeId: string | null;
  relationshipId: string | null;
  x: number | null;
  y: number | null;
  sourceIds: string[];
  sources: { id: string; title: string; url: string | null }[];
  pendingSource?: { url: string; title: string | null };
}

export interface MapInfo {
  id: string;
  name: string;
  description: string | null;
  visibility: Visibility;
  asOf: string | null;
  version: number;
  updatedAt: string;
  updatedBy: string;
  author: string;
  nodes: MapNodeInfo[];
  annotations: AnnotationInfo[];
  network: ViewNetwork;
}

export interface MapChangeInfo {
  change: 'ADDED' | 'ENDED' | 'REMOVED';
  relationshipId: string;
  type: RelationshipTypeName;
  fromId: string;
  toId: string;
  at: string;
  by: string | null;
}
