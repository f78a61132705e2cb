import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { RelationshipType } from '../relationships/relationship.type';
import type { NodeLabel, RelationshipTypeName } from '../relationships/relationship-kinds';

export enum AnalysisState {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}

registerEnumType(AnalysisState, {
  name: 'AnalysisState',
  valuesConfig: {
    QUEUED: { description: 'Accepted, not started yet' },
    RUNNING: { description: 'Reading the graph, computing in a worker thread, or writing the metrics' },
    DONE: { description: 'Its metrics are the ones nodes show, until a later job is DONE' },
    FAILED: { description: 'Cancelled, interrupted by a restart, or failed (see error); it changed no metric anyone reads' },
  },
});

export enum AnalysisMetric {
  DEGREE = 'DEGREE',
  PAGERANK = 'PAGERANK',
  EIGENVECTOR = 'EIGENVECTOR',
  COMMUNITY = 'COMMUNITY',
  BETWEENNESS = 'BETWEENNESS',
  CLOSENESS = 'CLOSENESS',
  LAYOUT = 'LAYOUT',
}

registerEnumType(AnalysisMetric, {
  name: 'AnalysisMetric',
  valuesConfig: {
    DEGREE: { description: 'Links at each node (always computed)' },
    PAGERANK: { description: 'PageRank, damping 0.85' },
    EIGENVECTOR: { description: 'Eigenvector centrality' },
    COMMUNITY: { description: 'Louvain communities (fixed seed) and their modularity; needed by communities and communityNetwork' },
    BETWEENNESS: { description: 'Normalised betweenness: exact up to exactBelow nodes, sampled above' },
    CLOSENESS: { description: 'Wasserman-Faust closeness: exact up to exactBelow nodes, sampled above' },
    LAYOUT: { description: 'A ForceAtlas2 layout: x and y of each node' },
  },
});

@ObjectType({ description: 'A whole-graph analysis: metrics of every actor, initiative and territory, computed off the request thread' })
export class AnalysisJob {
  @Field(() => ID)
  id: string;

  @Field(() => AnalysisState)
  state: AnalysisState;

  @Field(() => Float, { description: 'From 0 to 1' })
  progress: number;

  @Field(() => String, { nullable: true, description: 'What it is doing: reading, computing: <metric>, writing, finishing, done' })
  phase: string | null;

  @Field(() => GraphQLDateTime)
  createdAt: string;

  @Field(() => GraphQLDateTime, { nullable: true })
  startedAt: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  finishedAt: string | null;

  @Field(() => Int, { nullable: true, description: 'Nodes read: every actor, initiative and territory' })
  nodeCount: number | null;

  @Field(() => Int, { nullable: true, description: 'Links of the chosen types read between them' })
  edgeCount: number | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED' })
  error: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Breadth-first searches behind the sampled betweenness and closeness; null when they are exact (or not computed)',
  })
  sampleSize: number | null;

  @Field(() => [RelationshipType])
  types: RelationshipTypeName[];

  @Field(() => [AnalysisMetric])
  metrics: AnalysisMetric[];

  @Field(() => Int, { description: 'Betweenness and closeness are exact up to this many nodes' })
  exactBelow: number;

  @Field(() => Int, { description: 'Pivots asked for, above exactBelow' })
  requestedSampleSize: number;

  @Field(() => Int, { nullable: true, description: 'ForceAtlas2 iterations; chosen from the size when not given' })
  layoutIterations: number | null;

  @Field(() => Int, { nullable: true })
  communityCount: number | null;

  @Field(() => Float, { nullable: true, description: 'Newman modularity of the Louvain partition' })
  modularity: number | null;

  @Field({ description: 'Its metrics are the ones nodes show now' })
  current: boolean;

  @Field(() => String, { nullable: true, description: 'The key or token that started it' })
  requestedBy: string | null;
}

@ObjectType({
  description:
    'What the current analysis job computed for a node, on the whole graph (not on a returned network: that is Network.nodes.metrics). ' +
    'Null fields were not asked for, or did not converge',
})
export class StoredMetrics {
  @Field(() => Int, { description: 'Links at this node of the analysed types, in either direction' })
  degree: number;

  @Field(() => Float, { nullable: true })
  pagerank: number | null;

  @Field(() => Float, { nullable: true, description: 'Normalised; sampled when the graph had more than exactBelow nodes' })
  betweenness: number | null;

  @Field(() => Float, { nullable: true, description: 'Wasserman-Faust; sampled as betweenness' })
  closeness: number | null;

  @Field(() => Float, { nullable: true })
  eigenvector: number | null;

  @Field(() => Int, { nullable: true, description: 'Louvain community, 0 the largest' })
  community: number | null;

  @Field(() => Float, { nullable: true, description: 'ForceAtlas2 position' })
  x: number | null;

  @Field(() => Float, { nullable: true })
  y: number | null;

  @Field(() => GraphQLDateTime, { description: 'When its job finished' })
  computedAt: string;

  @Field(() => ID)
  jobId: string;
}

@ObjectType({ description: 'A Louvain community of the current analysis' })
export class Community {
  @Field(() => Int, { description: 'Its number, 0 the largest (StoredMetrics.community)' })
  id: number;

  @Field(() => Int, { description: 'Nodes in it' })
  size: number;

  @Field({ description: 'The names of its most central actors' })
  label: string;

  @Field(() => Int, { description: 'Links with both ends in it' })
  internalLinks: number;

  @Field(() => Float, { nullable: true, description: 'Mean layout position of its nodes' })
  x: number | null;

  @Field(() => Float, { nullable: true })
  y: number | null;

  /** Resolved to nodes by CommunityResolver.topNodes. */
  topNodeRefs: { id: string; label: NodeLabel }[];
}

@ObjectType()
export class CommunityLink {
  @Field(() => Int)
  source: number;

  @Field(() => Int)
  target: number;

  @Field(() => Int, { description: 'Links between a node of one and a node of the other' })
  weight: number;
}

@ObjectType({ description: 'The overview of a graph too big to draw whole: one node per community, links weighted by the links between them' })
export class CommunityNetwork {
  @Field(() => ID)
  jobId: string;

  @Field(() => [Community])
  nodes: Community[];

  @Field(() => [CommunityLink])
  links: CommunityLink[];
}


