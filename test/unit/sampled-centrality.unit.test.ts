import { computeMetrics, GraphArrays, projectionOf, spearman, topOverlap } from '../../src/analysis/analysis.compute';
import { componentsOf, drawPivots, MIN_PIVOTS, sampledPathMetrics } from '../../src/analysis/sampled-centrality';
import { exactBetweenness, exactCloseness } from '../../src/analytics/network-analysis';
import { powerLawGraph } from '../../bench/analytics-metrics';

const inOrder = (scores: Record<string, number>, n: number) => Array.from({ length: n }, (_, i) => scores[String(i)]);

describe('sampled betweenness and closeness', () => {
  it('equal the exact values when every node is a pivot, components and isolated nodes included', () => {
    // 300 nodes of which many are isolated or in small components: the strata must add up.
    const graph = powerLawGraph(300, 400, 'components');
    const projection = projectionOf(graph);
    const sampled = sampledPathMetrics(projection, { sampleSize: 300, seed: 'any' });
    const betweenness = inOrder(exactBetweenness(projection), 300);
    const closeness = inOrder(exactCloseness(projection), 300);
    expect(sampled.exact).toBe(true);
    expect(componentsOf(...indexOf(projection)).sizes.length).toBeGreaterThan(5);
    for (let i = 0; i < 300; i++) {
      expect(sampled.betweenness[i]).toBeCloseTo(betweenness[i], 10);
      expect(sampled.closeness[i]).toBeCloseTo(closeness[i], 10);
    }
  });

  it('rank nodes as the exact values do on a 2,000-node power-law graph from 500 pivots', () => {
    const graph = powerLawGraph(2000, 10_000, 'ranks');
    const projection = projectionOf(graph);
    const sampled = sampledPathMetrics(projection, { sampleSize: 500, seed: 'pivots' });
    const betweenness = inOrder(exactBetweenness(projection), 2000);
    const closeness = inOrder(exactCloseness(projection), 2000);
    expect(sampled.exact).toBe(false);
    expect(sampled.searches).toBeLessThan(600);
    expect(spearman(betweenness, sampled.betweenness)).toBeGreaterThanOrEqual(0.95);
    expect(topOverlap(betweenness, sampled.betweenness, 10)).toBeGreaterThanOrEqual(9);
    expect(spearman(closeness, sampled.closeness)).toBeGreaterThanOrEqual(0.95);
  });

  it('draws the same pivots for the same seed, and distinct ones', () => {
    const a = drawPivots(1000, 50, 'seed');
    expect(Array.from(drawPivots(1000, 50, 'seed'))).toEqual(Array.from(a));
    expect(new Set(a).size).toBe(50);
    expect(Array.from(drawPivots(1000, 50, 'other'))).not.toEqual(Array.from(a));
    expect(drawPivots(10, 50, 'seed').length).toBe(10);
  });

  it('searches a component with fewer than MIN_PIVOTS pivots from every node', () => {
    // Two triangles and a path: 3 pivots cannot reach MIN_PIVOTS in any component.
    const graph: GraphArrays = { nodeCount: 9, sources: Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), targets: Int32Array.from([1, 2, 0, 4, 5, 3, 7, 8]) };
    expect(MIN_PIVOTS).toBeGreaterThan(3);
    const sampled = sampledPathMetrics(projectionOf(graph), { sampleSize: 3, seed: 'few' });
    expect(sampled.exact).toBe(true);
    expect(sampled.searches).toBe(9);
    expect(sampled.betweenness[7]).toBeGreaterThan(0);
  });
});

describe('computeMetrics', () => {
  const graph = powerLawGraph(500, 1500, 'compute');
  const options = { metrics: ['DEGREE', 'PAGERANK', 'EIGENVECTOR', 'COMMUNITY', 'BETWEENNESS', 'CLOSENESS', 'LAYOUT'] as const, exactBelow: 5000, sampleSize: 100, layoutIterations: 20, seed: 's' };

  it('gives every node every metric, degrees counting links at both ends', () => {
    const result = computeMetrics(graph, options);
    const degrees = new Float64Array(500);
    graph.sources.forEach((s, j) => {
      degrees[s]++;
      degrees[graph.targets[j]]++;
    });
    expect(Array.from(result.degree)).toEqual(Array.from(degrees));
    for (const values of [result.pagerank, result.eigenvector, result.betweenness, result.closeness, result.x, result.y]) {
      expect(values).not.toBeNull();
      expect(values!.every(Number.isFinite)).toBe(true);
    }
    expect(result.pagerank!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(result.communityCount).toBe(new Set(result.community).size);
    expect(result.modularity).toBeGreaterThan(0);
    expect(result.sampleSize).toBeNull();
  });

  it('samples above exactBelow, reports the sample size and is the same on every run', () => {
    const first = computeMetrics(graph, { ...options, exactBelow: 100 });
    const again = computeMetrics(graph, { ...options, exactBelow: 100 });
    expect(first.sampleSize).toBeGreaterThanOrEqual(100);
    expect(Array.from(again.betweenness!)).toEqual(Array.from(first.betweenness!));
    expect(Array.from(again.x!)).toEqual(Array.from(first.x!));
    expect(Array.from(again.community!)).toEqual(Array.from(first.community!));
  });

  it('computes only the metrics asked for', () => {
    const result = computeMetrics(graph, { ...options, metrics: ['DEGREE', 'PAGERANK'] });
    expect(result.pagerank).not.toBeNull();
    expect([result.betweenness, result.closeness, result.community, result.x, result.eigenvector]).toEqual([null, null, null, null, null]);
  });
});

describe('spearman', () => {
  it('is 1 for the same order, -1 for the reverse, and averages ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([0, 0, 1, 2], [0, 0, 1, 2])).toBeCloseTo(1);
    expect(topOverlap([5, 4, 3, 2, 1], [1, 4, 3, 2, 5], 2)).toBe(1);
  });
});

function indexOf(projection: ReturnType<typeof projectionOf>): [number[], number[], number] {
  const neighborhood: number[] = [];
  const starts: number[] = [0];
  for (let i = 0; i < projection.order; i++) {
    for (const neighbour of projection.neighbors(String(i))) neighborhood.push(Number(neighbour));
    starts.push(neighborhood.length);
  }
  return [neighborhood, starts, projection.order];
}
