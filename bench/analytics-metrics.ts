/**
 * Times every metric on a generated network: `npm run build && node dist/bench/analytics-metrics.js [nodes] [links]`
 * (defaults 10,000 and 50,000). Links join uniformly random pairs, drawn with a fixed seed.
 */
import 'reflect-metadata';
import seedrandom from 'seedrandom';
import type { NetworkData } from '../src/network/network.type';
import { RELATIONSHIP_TYPES } from '../src/relationships/relationship-kinds';
import { AnalyticsService } from '../src/analytics/analytics.service';
import type { GraphArrays } from '../src/analysis/analysis.compute';

export function generatedNetwork(nodeCount: number, edgeCount: number, seed = 'benchmark'): NetworkData {
  const random = seedrandom(seed);
  const pick = () => Math.floor(random() * nodeCount);
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({ id: `n${i}`, label: `Node ${i}`, type: 'Actor' as const, kind: 'NGO', tags: [], attributes: null }));
  const edges = Array.from({ length: edgeCount }, (_, i) => {
    let source = pick();
    let target = pick();
    while (target === source) target = pick();
    if (source > target) [source, target] = [target, source];
    return { id: `e${i}`, source: `n${source}`, target: `n${target}`, type: RELATIONSHIP_TYPES[i % RELATIONSHIP_TYPES.length], properties: {} };
  });
  return { nodes, edges, truncated: false };
}

/** Chung-Lu links over a power law of weights (as bench/generate.ts), so hubs and leaves both occur. */
export function powerLawGraph(nodeCount: number, linkCount: number, seed: string): GraphArrays {
  const random = seedrandom(seed);
  const cumulative = new Float64Array(nodeCount);
  let total = 0;
  for (let i = 0; i < nodeCount; i++) cumulative[i] = total += (i + 10) ** (-1 / 1.5);
  const pick = () => {
    const u = random() * total;
    let lo = 0;
    let hi = nodeCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const sources = new Int32Array(linkCount);
  const targets = new Int32Array(linkCount);
  for (let j = 0; j < linkCount; j++) {
    sources[j] = pick();
    targets[j] = pick();
  }
  return { nodeCount, sources, targets };
}

/** Wall-clock and CPU time: on a shared machine the CPU time is the figure that compares. */
function time<T>(label: string, work: () => T): T {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(cpu);
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`${label.padEnd(14)} ${wall.toFixed(0).padStart(7)} ms wall ${((used.user + used.system) / 1000).toFixed(0).padStart(7)} ms cpu`);
  return result;
}

if (require.main === module) {
  const nodeCount = Number(process.argv[2] ?? 10_000);
  const edgeCount = Number(process.argv[3] ?? 50_000);
  const network = generatedNetwork(nodeCount, edgeCount);
  // The benchmark measures what the budget guards against, so it lifts the budget.
  const service = new AnalyticsService({ pathMetricsBudget: Infinity });
  const analysis = service.analysisOf(network);
  time('all', () => {
    time('graphs', () => [analysis.graph, analysis.projection]);
    time('degrees', () => network.nodes.forEach((node) => analysis.degrees(node.id)));
    time('degree c.', () => analysis.degreeCentrality());
    time('betweenness', () => analysis.betweenness());
    time('closeness', () => analysis.closeness());
    time('eigenvector', () => analysis.eigenvector());
    time('pagerank', () => analysis.pagerank());
    time('louvain', () => analysis.communities());
    time('stats', () => service.stats(network));
  });
  console.log(`(${nodeCount} nodes, ${edgeCount} links)`);
}
