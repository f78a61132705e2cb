import { UndirectedGraph } from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import seedrandom from 'seedrandom';
import { eigenvectorOf, exactBetweenness, exactCloseness, LOUVAIN_SEED, pagerankOf, partitionOf, Scores } from '../analytics/network-analysis';
import { sampledPathMetrics } from './sampled-centrality';

/**
 * The pure part of an analysis job, run in the worker thread (analysis.worker.ts): from the
 * graph as index pairs to one value per node for each metric. No database, no GraphQL, so it is
 * unit-tested as it is and timed by bench/analysis.ts without a server.
 */

export const ANALYSIS_METRICS = ['DEGREE', 'PAGERANK', 'EIGENVECTOR', 'COMMUNITY', 'BETWEENNESS', 'CLOSENESS', 'LAYOUT'] as const;
export type AnalysisMetricName = (typeof ANALYSIS_METRICS)[number];

/** The graph the job read: node i is the i-th id read; link j joins sources[j] and targets[j]. */
export interface GraphArrays {
  nodeCount: number;
  sources: Int32Array;
  targets: Int32Array;
}

export interface ComputeOptions {
  metrics: readonly AnalysisMetricName[];
  /** Exact betweenness and closeness up to this many nodes; sampled above. */
  exactBelow: number;
  /** Pivots of the sampled betweenness and closeness. */
  sampleSize: number;
  /** ForceAtlas2 iterations. */
  layoutIterations: number;
  seed: string;
}

export interface ComputedMetrics {
  /** Links at each node, in either direction; a self-link counts twice (as NodeMetrics.degree). */
  degree: Float64Array;
  /** Null when not asked for; NaN for every node when the power iteration did not converge. */
  pagerank: Float64Array | null;
  eigenvector: Float64Array | null;
  betweenness: Float64Array | null;
  closeness: Float64Array | null;
  /** Louvain community, 0 the largest (as the per-request analysis numbers them). */
  community: Int32Array | null;
  communityCount: number | null;
  modularity: number | null;
  x: Float64Array | null;
  y: Float64Array | null;
  /** Breadth-first searches behind betweenness and closeness; null when exact or not computed. */
  sampleSize: number | null;
  phasesMs: Record<string, number>;
}

export type Progress = (phase: string, share: number) => void;

/**
 * The undirected simple graph under the links, as toSimpleUndirected (analytics/graph.ts) builds
 * it for a returned network, with the node index as key so results map back by position.
 */
export function projectionOf(graph: GraphArrays): UndirectedGraph {
  const projection = new UndirectedGraph();
  for (let i = 0; i < graph.nodeCount; i++) projection.addNode(String(i));
  for (let j = 0; j < graph.sources.length; j++) {
    const s = graph.sources[j];
    const t = graph.targets[j];
    if (s !== t) projection.mergeEdge(String(s), String(t));
  }
  return projection;
}

function toArray(scores: Scores | null, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = scores ? (scores[String(i)] ?? 0) : Number.NaN;
  return out;
}

/** ForceAtlas2's Barnes-Hut approximation: coarser than its default 0.5, and about twice as fast (bench/results/analysis.md). */
const BARNES_HUT_THETA = 1.2;

/** About a million node-iterations: 100 iterations on 10k nodes, 10 on 100k; graphology's ForceAtlas2 runs on one thread. */
export function defaultLayoutIterations(nodeCount: number): number {
  return Math.max(3, Math.min(100, Math.round(1_000_000 / Math.max(1, nodeCount))));
}

/**
 * Starting positions that already look like the end result, so that the few iterations a large
 * graph can afford refine it rather than untangle it: each Louvain community in a disc of its
 * own, the discs on a golden-angle spiral, largest in the middle; random (seeded) within a disc.
 * Without communities, one disc.
 */
function startingPositions(projection: UndirectedGraph, community: Int32Array | null, seed: string): void {
  const random = seedrandom(`${seed}:layout`);
  const n = projection.order;
  const of = community ?? new Int32Array(n);
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) sizes[of[i]] = (sizes[of[i]] ?? 0) + 1;
  const unit = 10;
  const centres: { x: number; y: number; r: number }[] = [];
  let before = 0;
  // Communities are numbered by decreasing size (partitionOf), so the spiral grows outwards.
  sizes.forEach((size, c) => {
    const ring = Math.sqrt(before) * unit * 1.5;
    centres[c] = { x: Math.cos(c * 2.39996) * ring, y: Math.sin(c * 2.39996) * ring, r: Math.sqrt(size) * unit };
    before += size;
  });
  for (let i = 0; i < n; i++) {
    const centre = centres[of[i]];
    const angle = random() * 2 * Math.PI;
    const distance = Math.sqrt(random()) * centre.r;
    projection.mergeNodeAttributes(String(i), { x: centre.x + Math.cos(angle) * distance, y: centre.y + Math.sin(angle) * distance });
  }
}

function layout(projection: UndirectedGraph, community: Int32Array | null, iterations: number, seed: string): { x: Float64Array; y: Float64Array } {
  startingPositions(projection, community, seed);
  if (iterations > 0 && projection.size > 0) {
    forceAtlas2.assign(projection, {
      iterations,
      getEdgeWeight: null,
      settings: { ...forceAtlas2.inferSettings(projection), barnesHutTheta: BARNES_HUT_THETA },
    });
  }
  const n = projection.order;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const attributes = projection.getNodeAttributes(String(i));
    x[i] = attributes.x as number;
    y[i] = attributes.y as number;
  }
  return { x, y };
}

export function computeMetrics(graph: GraphArrays, options: ComputeOptions, progress: Progress = () => {}): ComputedMetrics {
  const wanted = new Set(options.metrics);
  const n = graph.nodeCount;
  const phasesMs: Record<string, number> = {};
  const timed = <T>(phase: string, work: () => T): T => {
    progress(phase, 0);
    const started = performance.now();
    const result = work();
    phasesMs[phase] = Math.round(performance.now() - started);
    return result;
  };

  const degree = timed('degree', () => {
    const counts = new Float64Array(n);
    for (let j = 0; j < graph.sources.length; j++) {
      counts[graph.sources[j]]++;
      counts[graph.targets[j]]++;
    }
    return counts;
  });
  const projection = timed('projection', () => projectionOf(graph));
  const pagerank = wanted.has('PAGERANK') ? timed('pagerank', () => toArray(pagerankOf(projection), n)) : null;
  const eigenvector = wanted.has('EIGENVECTOR') ? timed('eigenvector', () => toArray(eigenvectorOf(projection), n)) : null;

  let community: Int32Array | null = null;
  let communityCount: number | null = null;
  let modularity: number | null = null;
  if (wanted.has('COMMUNITY')) {
    timed('louvain', () => {
      const partition = partitionOf(projection, `${LOUVAIN_SEED}:${options.seed}`);
      community = new Int32Array(n);
      for (let i = 0; i < n; i++) community[i] = partition.communities[String(i)];
      communityCount = partition.count;
      modularity = partition.modularity;
    });
  }

  let betweenness: Float64Array | null = null;
  let closeness: Float64Array | null = null;
  let sampleSize: number | null = null;
  const wantsPaths = wanted.has('BETWEENNESS') || wanted.has('CLOSENESS');
  if (wantsPaths && n <= options.exactBelow) {
    if (wanted.has('BETWEENNESS')) betweenness = timed('betweenness', () => toArray(exactBetweenness(projection), n));
    if (wanted.has('CLOSENESS')) closeness = timed('closeness', () => toArray(exactCloseness(projection), n));
  } else if (wantsPaths) {
    const sampled = timed('sampled paths', () =>
      sampledPathMetrics(projection, {
        sampleSize: options.sampleSize,
        seed: options.seed,
        progress: (share) => progress('sampled paths', share),
      }),
    );
    if (wanted.has('BETWEENNESS')) betweenness = sampled.betweenness;
    if (wanted.has('CLOSENESS')) closeness = sampled.closeness;
    sampleSize = sampled.exact ? null : sampled.searches;
  }

  let x: Float64Array | null = null;
  let y: Float64Array | null = null;
  if (wanted.has('LAYOUT')) ({ x, y } = timed('layout', () => layout(projection, community, options.layoutIterations, options.seed)));

  return { degree, pagerank, eigenvector, betweenness, closeness, community, communityCount, modularity, x, y, sampleSize, phasesMs };
}

/** Spearman's rank correlation (ties take their average rank), for sampled against exact values. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ranks = (values: ArrayLike<number>): Float64Array => {
    const order = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[i] - values[j]);
    const out = new Float64Array(values.length);
    for (let start = 0; start < order.length; ) {
      let end = start;
      while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
      const rank = (start + end) / 2;
      for (let k = start; k <= end; k++) out[order[k]] = rank;
      start = end + 1;
    }
    return out;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const mean = (n - 1) / 2;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (ra[i] - mean) * (rb[i] - mean);
    va += (ra[i] - mean) ** 2;
    vb += (rb[i] - mean) ** 2;
  }
  return va === 0 || vb === 0 ? Number.NaN : cov / Math.sqrt(va * vb);
}

/** How many of the `k` highest of `exact` are among the `k` highest of `estimate`. */
export function topOverlap(exact: ArrayLike<number>, estimate: ArrayLike<number>, k: number): number {
  const top = (values: ArrayLike<number>) =>
    new Set(Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[j] - values[i] || i - j).slice(0, k));
  const a = top(exact);
  let shared = 0;
  for (const i of top(estimate)) if (a.has(i)) shared++;
  return shared;
}
