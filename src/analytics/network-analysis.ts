import type { MultiDirectedGraph, UndirectedGraph } from 'graphology';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import closenessCentrality from 'graphology-metrics/centrality/closeness';
import eigenvectorCentrality from 'graphology-metrics/centrality/eigenvector';
import pagerank from 'graphology-metrics/centrality/pagerank';
import { degreeCentrality } from 'graphology-metrics/centrality/degree';
import { density } from 'graphology-metrics/graph/density';
import modularity from 'graphology-metrics/graph/modularity';
import louvain from 'graphology-communities-louvain';
import { countConnectedComponents } from 'graphology-components';
import seedrandom from 'seedrandom';
import type { NetworkData } from '../network/network.type';
import { EdgeAttributes, NodeAttributes, toMultiGraph, toSimpleUndirected } from './graph';

export type Scores = Readonly<Record<string, number>>;

/** Any fixed string works; it only has to be the same on every run and every server. */
export const LOUVAIN_SEED = 'governance-graph';

/**
 * Betweenness and closeness run one breadth-first search per node: about n * (n + m) steps on
 * the projection, all on the request's thread. Past this many steps (about a second of CPU, e.g.
 * 2,000 nodes and 10,000 linked pairs) they are not computed: a network that size belongs in
 * Gephi (exports) or in Neo4j Graph Data Science, not in a request that blocks the server.
 */
export const PATH_METRICS_BUDGET = 25_000_000;

export interface AnalysisOptions {
  louvainSeed?: string;
  /** Most n * (n + m) steps for betweenness and closeness; Infinity computes them whatever the size. */
  pathMetricsBudget?: number;
}

export interface Partition {
  /** Community per node id, numbered from 0 by decreasing size (ties: first node in network order). */
  communities: Scores;
  count: number;
  modularity: number | null;
}

export interface Degrees {
  degree: number;
  inDegree: number;
  outDegree: number;
}

/** graphology's power iterations throw when they do not converge; that is a result, not a failure. */
function unlessDiverging(compute: () => Record<string, number>): Scores | null {
  try {
    return compute();
  } catch (error) {
    if (error instanceof Error && /failed to converge/.test(error.message)) return null;
    throw error;
  }
}

/** Louvain's labels depend on visiting order; renumbering by size gives colours a stable meaning. */
function renumberBySize(labels: Record<string, number>, order: readonly string[]): Record<string, number> {
  const sizes = new Map<number, number>();
  const firstSeen = new Map<number, number>();
  order.forEach((id, index) => {
    const label = labels[id];
    sizes.set(label, (sizes.get(label) ?? 0) + 1);
    if (!firstSeen.has(label)) firstSeen.set(label, index);
  });
  const ranked = [...sizes.keys()].sort((a, b) => sizes.get(b)! - sizes.get(a)! || firstSeen.get(a)! - firstSeen.get(b)!);
  const rank = new Map(ranked.map((label, index) => [label, index]));
  return Object.fromEntries(order.map((id) => [id, rank.get(labels[id])!]));
}

/**
 * The measures below work on any undirected simple graph, so the per-request analysis and the
 * whole-graph analysis jobs (src/analysis/) compute them the same way.
 */

/** Normalised betweenness on hop counts, as networkx does without weight=. */
export function exactBetweenness(graph: UndirectedGraph): Scores {
  return betweennessCentrality(graph, { normalized: true, getEdgeWeight: null });
}

/**
 * networkx's closeness_centrality defaults to wf_improved=True: (r-1)/sum(d) scaled by
 * (r-1)/(n-1) where r is the size of the node's component, which graphology calls wassermanFaust.
 */
export function exactCloseness(graph: UndirectedGraph): Scores {
  return closenessCentrality(graph, { wassermanFaust: true });
}

export function eigenvectorOf(graph: UndirectedGraph): Scores | null {
  return unlessDiverging(() => eigenvectorCentrality(graph, { getEdgeWeight: null }));
}

export function pagerankOf(graph: UndirectedGraph): Scores | null {
  return unlessDiverging(() => pagerank(graph, { getEdgeWeight: null, alpha: 0.85 }));
}

export function partitionOf(graph: UndirectedGraph, seed = LOUVAIN_SEED): Partition {
  const order = graph.nodes();
  if (graph.size === 0) {
    // Louvain has nothing to merge, and modularity is undefined without links.
    return { communities: Object.fromEntries(order.map((node, index) => [node, index])), count: order.length, modularity: null };
  }
  const labels = louvain(graph, { getEdgeWeight: null, rng: seedrandom(seed) });
  const communities = renumberBySize(labels, order);
  return {
    communities,
    count: new Set(Object.values(communities)).size,
    modularity: modularity(graph, { getNodeCommunity: (node) => communities[node], getEdgeWeight: null }),
  };
}

/**
 * The graph measures of one returned network. Nothing is computed until asked for, and each
 * measure is computed at most once, so a query for degrees alone never pays for betweenness.
 * Algorithms are graphology's; this class only chooses the graph they run on and networkx's
 * conventions (normalised betweenness, Wasserman-Faust closeness, unweighted paths).
 */
export class NetworkAnalysis {
  private multi?: MultiDirectedGraph<NodeAttributes, EdgeAttributes>;
  private simple?: UndirectedGraph;
  private degreeCounts?: Map<string, Degrees>;
  private degreeScores?: Scores;
  private betweennessScores?: Scores;
  private closenessScores?: Scores;
  private eigenvectorScores?: Scores | null;
  private pagerankScores?: Scores | null;
  private partition?: Partition;

  constructor(
    readonly network: NetworkData,
    private readonly options: AnalysisOptions = {},
  ) {}

  get graph(): MultiDirectedGraph<NodeAttributes, EdgeAttributes> {
    return (this.multi ??= toMultiGraph(this.network));
  }

  get projection(): UndirectedGraph {
    return (this.simple ??= toSimpleUndirected(this.network));
  }

  degrees(id: string): Degrees {
    this.degreeCounts ??= new Map(
      this.graph.mapNodes((node) => {
        const inDegree = this.graph.inDegree(node);
        const outDegree = this.graph.outDegree(node);
        return [node, { degree: inDegree + outDegree, inDegree, outDegree }] as const;
      }),
    );
    return this.degreeCounts.get(id) ?? { degree: 0, inDegree: 0, outDegree: 0 };
  }

  /** networkx gives 1 to the node of a one-node graph, where graphology would divide by zero. */
  degreeCentrality(): Scores {
    if (this.degreeScores) return this.degreeScores;
    const graph = this.projection;
    this.degreeScores = graph.order <= 1 ? Object.fromEntries(graph.nodes().map((node) => [node, 1])) : degreeCentrality(graph);
    return this.degreeScores;
  }

  /** False when the network is too large for betweenness and closeness within a request (see PATH_METRICS_BUDGET). */
  get pathMetricsAffordable(): boolean {
    const { order, size } = this.projection;
    return order * (order + size) <= (this.options.pathMetricsBudget ?? PATH_METRICS_BUDGET);
  }

  /** Null when the network is over the path-metrics budget. */
  betweenness(): Scores | null {
    if (!this.pathMetricsAffordable) return null;
    return (this.betweennessScores ??= exactBetweenness(this.projection));
  }

  /** Wasserman-Faust closeness (exactCloseness); null when the network is over the path-metrics budget. */
  closeness(): Scores | null {
    if (!this.pathMetricsAffordable) return null;
    return (this.closenessScores ??= exactCloseness(this.projection));
  }

  eigenvector(): Scores | null {
    if (this.eigenvectorScores === undefined) {
      this.eigenvectorScores = eigenvectorOf(this.projection);
    }
    return this.eigenvectorScores;
  }

  pagerank(): Scores | null {
    if (this.pagerankScores === undefined) {
      this.pagerankScores = pagerankOf(this.projection);
    }
    return this.pagerankScores;
  }

  communities(): Partition {
    return (this.partition ??= partitionOf(this.projection, this.options.louvainSeed ?? LOUVAIN_SEED));
  }

  components(): number {
    return countConnectedComponents(this.projection);
  }

  density(): number {
    return this.projection.order < 2 ? 0 : density(this.projection);
  }
}
