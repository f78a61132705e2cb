import { NODE_LABELS, NodeLabel } from '../relationships/relationship-kinds';
import type { ComputedMetrics } from './analysis.compute';

/**
 * Per-community figures, computed once at the end of a job and stored on its AnalysisJob, so that
 * `communities` and `communityNetwork` read one property instead of aggregating every node and
 * link of the graph per request. Pure: no database.
 */

/** Communities kept (numbered by decreasing size, so these are the largest); the rest are small. */
export const STORED_COMMUNITIES = 2_000;
const TOP_NODES = 5;
const LABEL_ACTORS = 3;

export interface StoredCommunity {
  /** Louvain community number, 0 the largest. */
  id: number;
  size: number;
  /** The names of its most central actors (by PageRank, else degree). */
  label: string;
  /** Its most central nodes, most central first. */
  topNodes: { id: string; label: NodeLabel }[];
  /** Links with both ends in it. */
  internalLinks: number;
  /** The mean of its nodes' stored layout positions; null without a layout. */
  x: number | null;
  y: number | null;
}

export interface CommunityAggregates {
  jobId: string;
  communities: StoredCommunity[];
  /** [community, community, links between them], the smaller number first, among STORED_COMMUNITIES. */
  links: [number, number, number][];
}

/** Keeps the `size` best (highest score, then lowest index) of what it is offered. */
function offer(top: number[], candidate: number, size: number, score: ArrayLike<number>): void {
  const better = (a: number, b: number) => score[a] > score[b] || (score[a] === score[b] && a < b);
  if (top.length === size && !better(candidate, top[top.length - 1])) return;
  let at = top.length < size ? top.length : top.length - 1;
  top[at] = candidate;
  while (at > 0 && better(top[at], top[at - 1])) {
    [top[at], top[at - 1]] = [top[at - 1], top[at]];
    at--;
  }
}

/**
 * Everything but the labels, which need names from the database: `nameIds` are the nodes whose
 * names `withNames` wants.
 */
export function buildAggregates(
  jobId: string,
  ids: readonly string[],
  labels: readonly number[],
  metrics: ComputedMetrics,
  links: { sources: Int32Array; targets: Int32Array },
): { nameIds: number[]; withNames(names: ReadonlyMap<string, string>): CommunityAggregates } {
  const community = metrics.community!;
  const score = metrics.pagerank && metrics.pagerank.every(Number.isFinite) ? metrics.pagerank : metrics.degree;
  const kept = Math.min(STORED_COMMUNITIES, (metrics.communityCount ?? 0));
  const sizes = new Array<number>(kept).fill(0);
  const internal = new Array<number>(kept).fill(0);
  const sumX = new Array<number>(kept).fill(0);
  const sumY = new Array<number>(kept).fill(0);
  const top: number[][] = Array.from({ length: kept }, () => []);
  const topActors: number[][] = Array.from({ length: kept }, () => []);
  const actor = NODE_LABELS.indexOf('Actor');
  for (let i = 0; i < ids.length; i++) {
    const c = community[i];
    if (c >= kept || labels[i] < 0) continue;
    sizes[c]++;
    if (metrics.x && metrics.y) {
      sumX[c] += metrics.x[i];
      sumY[c] += metrics.y[i];
    }
    offer(top[c], i, TOP_NODES, score);
    if (labels[i] === actor) offer(topActors[c], i, LABEL_ACTORS, score);
  }
  const between = new Map<number, number>();
  for (let j = 0; j < links.sources.length; j++) {
    const a = community[links.sources[j]];
    const b = community[links.targets[j]];
    if (a >= kept || b >= kept) continue;
    if (a === b) internal[a]++;
    else {
      const key = Math.min(a, b) * kept + Math.max(a, b);
      between.set(key, (between.get(key) ?? 0) + 1);
    }
  }
  const namers = top.map((nodes, c) => (topActors[c].length ? topActors[c] : nodes.slice(0, LABEL_ACTORS)));
  return {
    nameIds: [...new Set(namers.flat())],
    withNames: (names) => ({
      jobId,
      communities: sizes.map((size, c) => ({
        id: c,
        size,
        label: namers[c].map((i) => names.get(ids[i]) ?? ids[i]).join(', '),
        topNodes: top[c].map((i) => ({ id: ids[i], label: NODE_LABELS[labels[i]] })),
        internalLinks: internal[c],
        x: metrics.x && size ? sumX[c] / size : null,
        y: metrics.y && size ? sumY[c] / size : null,
      })),
      links: [...between].map(([key, weight]) => [Math.floor(key / kept), key % kept, weight] as [number, number, number]).sort((p, q) => p[0] - q[0] || p[1] - q[1]),
    }),
  };
}

/** The meta-graph of the `first` largest communities: them, and the links among them. */
export function communityNetworkOf(aggregates: CommunityAggregates, first: number) {
  return {
    jobId: aggregates.jobId,
    communities: aggregates.communities.slice(0, first),
    links: aggregates.links.filter(([a, b]) => a < first && b < first).map(([source, target, weight]) => ({ source, target, weight })),
  };
}
