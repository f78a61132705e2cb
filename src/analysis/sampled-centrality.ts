import type { UndirectedGraph } from 'graphology';
import { NeighborhoodIndex } from 'graphology-indices/neighborhood';
import seedrandom from 'seedrandom';

/**
 * Betweenness and closeness from a sample of breadth-first searches (Brandes and Pich, "Centrality
 * estimation in large networks", 2007), over graphology-indices' neighbourhood index, the one
 * graphology-metrics' exact betweenness searches.
 *
 * The search is Brandes' own, but not graphology-shortest-path's routine: that one gives every
 * node a new predecessor array on every search, and on the 10k-node bench graph the allocations
 * took most of its 2.5 ms per search. Here nothing is allocated per search: the queue doubles as
 * the stack, only the nodes a search reached are reset, and a node's predecessors are read back
 * from the index as its neighbours one level closer (bench/results/analysis.md). The test that
 * holds it to graphology-metrics' exact values is test/unit/sampled-centrality.
 *
 * Pivots are drawn uniformly with a fixed seed, so the same graph always gives the same figures.
 * Estimates are stratified by connected component: a node's betweenness and closeness only
 * depend on searches started in its own component, so each component's sum is scaled by its
 * own size over its own pivots. A component that drew fewer than MIN_PIVOTS pivots (a small one)
 * is searched from every node instead: exact there, and cheap because it is small.
 *
 * Betweenness uses Geisberger, Sanders and Schultes' linear scaling ("Better approximation of
 * betweenness centrality", 2008), which removes most of the noise that plain sampling gives
 * nodes of low betweenness: on the 10k-node bench graph it raised the rank correlation with
 * the exact values (bench/results/analysis.md).
 *
 * The results follow the exact functions' conventions (network-analysis.ts): betweenness
 * normalised by (n-1)(n-2) over both directions of each pair, closeness Wasserman-Faust.
 * With as many pivots as nodes they are the exact values (test/unit/sampled-centrality).
 */

/** Below this many pivots a component's estimate is too coarse to be worth its saving. */
export const MIN_PIVOTS = 8;

export interface PathMetrics {
  /** Per node, in the graph's node order. */
  betweenness: Float64Array;
  closeness: Float64Array;
  /** Breadth-first searches run: the sample size, plus every node of the components searched exactly. */
  searches: number;
  /** True when every value is exact (every node was a source). */
  exact: boolean;
}

export interface SamplingOptions {
  /** Pivots to draw; at least the node count means exact values. */
  sampleSize: number;
  seed: string;
  /** Called now and then with the share of searches done. */
  progress?: (done: number) => void;
}

/** Component number per node (by breadth-first search over the index) and each component's size. */
export function componentsOf(neighborhood: ArrayLike<number>, starts: ArrayLike<number>, order: number): { component: Int32Array; sizes: number[] } {
  const component = new Int32Array(order).fill(-1);
  const sizes: number[] = [];
  const queue = new Int32Array(order);
  for (let root = 0; root < order; root++) {
    if (component[root] !== -1) continue;
    const id = sizes.length;
    let head = 0;
    let tail = 0;
    queue[tail++] = root;
    component[root] = id;
    while (head < tail) {
      const v = queue[head++];
      for (let j = starts[v]; j < starts[v + 1]; j++) {
        const w = neighborhood[j];
        if (component[w] === -1) {
          component[w] = id;
          queue[tail++] = w;
        }
      }
    }
    sizes.push(tail);
  }
  return { component, sizes };
}

/** `count` distinct indices of [0, order), by a partial Fisher-Yates shuffle with a seeded generator. */
export function drawPivots(order: number, count: number, seed: string): Int32Array {
  const random = seedrandom(seed);
  const pool = new Int32Array(order);
  for (let i = 0; i < order; i++) pool[i] = i;
  const k = Math.min(count, order);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (order - i));
    const swap = pool[i];
    pool[i] = pool[j];
    pool[j] = swap;
  }
  return pool.slice(0, k);
}

export function sampledPathMetrics(graph: UndirectedGraph, options: SamplingOptions): PathMetrics {
  const { neighborhood, starts } = new NeighborhoodIndex(graph);
  const n = graph.order;
  const { component, sizes } = componentsOf(neighborhood, starts, n);

  const pivots = drawPivots(n, options.sampleSize, options.seed);
  const pivotsIn = new Array<number>(sizes.length).fill(0);
  for (const p of pivots) pivotsIn[component[p]]++;
  const exactComponent = sizes.map((size, c) => pivotsIn[c] >= size || pivotsIn[c] < MIN_PIVOTS);

  const isSource = new Uint8Array(n);
  for (const p of pivots) isSource[p] = 1;
  for (let v = 0; v < n; v++) if (exactComponent[component[v]]) isSource[v] = 1;
  const sourcesIn = new Array<number>(sizes.length).fill(0);
  const sources: number[] = [];
  for (let v = 0; v < n; v++) {
    if (!isSource[v]) continue;
    sources.push(v);
    sourcesIn[component[v]]++;
  }

  const dependency = new Float64Array(n);
  const betweenness = new Float64Array(n);
  const distanceSum = new Float64Array(n);
  const distance = new Int32Array(n).fill(-1);
  // Path counts overflow 32 bits on dense graphs; doubles keep their ratios.
  const sigma = new Float64Array(n);
  const order = new Int32Array(n);
  const every = Math.max(1, Math.floor(sources.length / 100));

  sources.forEach((s, done) => {
    let head = 0;
    let reached = 0;
    order[reached++] = s;
    distance[s] = 0;
    sigma[s] = 1;
    while (head < reached) {
      const v = order[head++];
      const next = distance[v] + 1;
      for (let j = starts[v]; j < starts[v + 1]; j++) {
        const w = neighborhood[j];
        if (distance[w] === -1) {
          distance[w] = next;
          order[reached++] = w;
        }
        if (distance[w] === next) sigma[w] += sigma[v];
      }
    }
    for (let i = 1; i < reached; i++) distanceSum[order[i]] += distance[order[i]];
    // Linear scaling: the pair (s, t) counts for v in proportion to d(s, v) / d(s, t), here
    // dependency[v] sums σst(v)/σst / d(s, t), times d(s, v) below. Seen from t the same pair
    // counts 1 - d(s, v) / d(s, t), so over all sources the sum is half the exact one, hence the 2
    // of the scaling. Near a pivot, where the plain estimate overcounts, it counts less.
    for (let i = reached - 1; i > 0; i--) {
      const w = order[i];
      const previous = distance[w] - 1;
      const coefficient = (1 / distance[w] + dependency[w]) / sigma[w];
      for (let j = starts[w]; j < starts[w + 1]; j++) {
        const v = neighborhood[j];
        if (distance[v] === previous) dependency[v] += sigma[v] * coefficient;
      }
      betweenness[w] += distance[w] * dependency[w];
    }
    for (let i = 0; i < reached; i++) {
      const v = order[i];
      distance[v] = -1;
      sigma[v] = 0;
      dependency[v] = 0;
    }
    if (options.progress && done % every === 0) options.progress(done / sources.length);
  });

  const closeness = new Float64Array(n);
  const scale = n <= 2 ? 0 : 1 / ((n - 1) * (n - 2));
  for (let v = 0; v < n; v++) {
    const c = component[v];
    const size = sizes[c];
    betweenness[v] *= ((2 * size) / sourcesIn[c]) * scale;
    const others = sourcesIn[c] - isSource[v];
    if (size > 1 && others > 0 && distanceSum[v] > 0) {
      const reach = size - 1;
      const estimatedSum = (distanceSum[v] * reach) / others;
      closeness[v] = (reach / estimatedSum) * (reach / (n - 1));
    }
  }
  return { betweenness, closeness, searches: sources.length, exact: exactComponent.every(Boolean) };
}
