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
