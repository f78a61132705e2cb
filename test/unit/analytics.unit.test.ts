import { NetworkAnalysis } from '../../src/analytics/network-analysis';
import { AnalyticsService } from '../../src/analytics/analytics.service';
import type { NetworkData, NetworkEdge, NetworkNode } from '../../src/network/network.type';

/**
 * Zachary's karate club (1977), the 34-node, 78-edge version that networkx ships as
 * karate_club_graph(), written as undirected pairs (lower id first).
 */
const KARATE: ReadonlyArray<readonly [number, number]> = [
  [0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [0, 6], [0, 7], [0, 8], [0, 10], [0, 11], [0, 12], [0, 13],
  [0, 17], [0, 19], [0, 21], [0, 31], [1, 2], [1, 3], [1, 7], [1, 13], [1, 17], [1, 19], [1, 21], [1, 30],
  [2, 3], [2, 7], [2, 8], [2, 9], [2, 13], [2, 27], [2, 28], [2, 32], [3, 7], [3, 12], [3, 13], [4, 6],
  [4, 10], [5, 6], [5, 10], [5, 16], [6, 16], [8, 30], [8, 32], [8, 33], [9, 33], [13, 33], [14, 32],
  [14, 33], [15, 32], [15, 33], [18, 32], [18, 33], [19, 33], [20, 32], [20, 33], [22, 32], [22, 33],
  [23, 25], [23, 27], [23, 29], [23, 32], [23, 33], [24, 25], [24, 27], [24, 31], [25, 31], [26, 29],
  [26, 33], [27, 33], [28, 31], [28, 33], [29, 32], [29, 33], [30, 32], [30, 33], [31, 32], [31, 33],
  [32, 33],
];

function node(id: string): NetworkNode {
  return { id, label: `Member ${id}`, type: 'Actor', kind: 'ASSOCIATION', tags: [], attributes: null };
}

function edge(id: string, source: string, target: string, type: NetworkEdge['type'] = 'PARTNERS_WITH'): NetworkEdge {
  return { id, source, target, type, properties: {} };
}

function karate(): NetworkData {
  return {
    nodes: Array.from({ length: 34 }, (_, i) => node(String(i))),
    edges: KARATE.map(([a, b], i) => edge(`k${i}`, String(a), String(b))),
    truncated: false,
  };
}

describe('graph metrics on Zachary\u2019s karate club, against networkx', () => {
  const analysis = new NetworkAnalysis(karate());

  it('has the 34 nodes and 78 links of the reference graph', () => {
    expect(analysis.projection.order).toBe(34);
    expect(analysis.projection.size).toBe(78);
  });

  it('gives networkx\u2019s normalised betweenness within 1e-3', () => {
    const betweenness = analysis.betweenness()!;
    expect(Math.abs(betweenness['0'] - 0.4376)).toBeLessThan(1e-3);
    expect(Math.abs(betweenness['33'] - 0.3041)).toBeLessThan(1e-3);
    expect(Math.abs(betweenness['32'] - 0.1452)).toBeLessThan(1e-3);
    expect(Math.abs(betweenness['2'] - 0.1437)).toBeLessThan(1e-3);
  });

  it('gives networkx\u2019s closeness within 1e-3', () => {
    const closeness = analysis.closeness()!;
    expect(Math.abs(closeness['0'] - 0.569)).toBeLessThan(1e-3);
    expect(Math.abs(closeness['33'] - 0.55)).toBeLessThan(1e-3);
    expect(Math.abs(closeness['2'] - 0.5593)).toBeLessThan(1e-3);
  });

  // Values of networkx 3.6: eigenvector_centrality(G), pagerank(G, weight=None), degree_centrality(G).
  it('gives networkx\u2019s eigenvector, unweighted PageRank and degree centrality within 1e-3', () => {
    const eigenvector = analysis.eigenvector()!;
    expect(Math.abs(eigenvector['33'] - 0.373371)).toBeLessThan(1e-3);
    expect(Math.abs(eigenvector['0'] - 0.355483)).toBeLessThan(1e-3);
    const pagerank = analysis.pagerank()!;
    expect(Math.abs(pagerank['33'] - 0.100918)).toBeLessThan(1e-3);
    expect(Math.abs(pagerank['0'] - 0.097002)).toBeLessThan(1e-3);
    expect(Math.abs(pagerank['2'] - 0.057078)).toBeLessThan(1e-3);
    expect(analysis.degreeCentrality()['33']).toBeCloseTo(17 / 33, 6);
    expect(analysis.degrees('0')).toEqual({ degree: 16, inDegree: 0, outDegree: 16 });
  });

  it('finds the same Louvain partition for the same seed, with modularity above 0.35', () => {
    const first = new NetworkAnalysis(karate()).communities();
    const second = new NetworkAnalysis(karate()).communities();
    expect(second.communities).toEqual(first.communities);
    expect(first.modularity).toBeGreaterThan(0.35);
    expect(first.count).toBeGreaterThanOrEqual(2);
    // The two leaders of the historic split never end up together.
    expect(first.communities['0']).not.toBe(first.communities['33']);
    // Communities are numbered by decreasing size.
    const sizes = Array.from({ length: first.count }, (_, c) => Object.values(first.communities).filter((x) => x === c).length);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
  });

  it('gives whole-network stats', () => {
    const stats = new AnalyticsService().stats(karate());
    expect(stats).toMatchObject({ nodeCount: 34, edgeCount: 78, components: 1 });
    expect(stats.density).toBeCloseTo(0.139037, 5);
    expect(stats.modularity).toBeGreaterThan(0.35);
  });
});

describe('graph metrics on the networks the API returns', () => {
  it('measures a disconnected graph per component, as networkx does', () => {
    // networkx: closeness {0: 0.2667, 1: 0.4, 2: 0.2667, 3: 0.2, 4: 0.2, 5: 0}, betweenness of 1 = 0.1
    const network: NetworkData = {
      nodes: ['0', '1', '2', '3', '4', '5'].map(node),
      edges: [edge('a', '0', '1'), edge('b', '1', '2'), edge('c', '3', '4')],
      truncated: false,
    };
    const analysis = new NetworkAnalysis(network);
    const closeness = analysis.closeness()!;
    expect(closeness['0']).toBeCloseTo(0.266667, 5);
    expect(closeness['1']).toBeCloseTo(0.4, 5);
    expect(closeness['3']).toBeCloseTo(0.2, 5);
    expect(closeness['5']).toBe(0);
    expect(analysis.betweenness()!['1']).toBeCloseTo(0.1, 6);
    expect(analysis.components()).toBe(3);
  });

  it('counts every typed link in degrees but one edge per linked pair in centralities', () => {
    const network: NetworkData = {
      nodes: ['a', 'b', 'c'].map(node),
      edges: [edge('p', 'a', 'b'), edge('f', 'a', 'b', 'FUNDS'), edge('m', 'b', 'a', 'MEMBER_OF'), edge('l', 'b', 'c', 'LEADS'), edge('s', 'c', 'c', 'SUCCEEDED_BY')],
      truncated: false,
    };
    const analysis = new NetworkAnalysis(network);
    expect(analysis.degrees('a')).toEqual({ degree: 3, inDegree: 1, outDegree: 2 });
    expect(analysis.degrees('c')).toEqual({ degree: 3, inDegree: 2, outDegree: 1 });
    expect(analysis.projection.size).toBe(2);
    expect(analysis.betweenness()!['b']).toBe(1);
    expect(analysis.density()).toBeCloseTo(2 / 3, 10);
  });

  it('copes with empty, single-node and link-less networks', () => {
    const empty = new AnalyticsService().stats({ nodes: [], edges: [], truncated: false });
    expect(empty).toEqual(expect.objectContaining({ nodeCount: 0, edgeCount: 0, density: 0, components: 0, modularity: null }));

    const lonely = new NetworkAnalysis({ nodes: [node('x')], edges: [], truncated: false });
    expect(lonely.degreeCentrality()).toEqual({ x: 1 });
    expect(lonely.betweenness()).toEqual({ x: 0 });
    expect(lonely.closeness()).toEqual({ x: 0 });
    expect(lonely.communities()).toEqual({ communities: { x: 0 }, count: 1, modularity: null });
    expect(lonely.pagerank()!.x).toBeCloseTo(1, 6);

    const scattered = new AnalyticsService().stats({ nodes: ['x', 'y', 'z'].map(node), edges: [], truncated: false });
    expect(scattered).toMatchObject({ nodeCount: 3, components: 3, communities: 3, modularity: null, density: 0 });
  });

  it('leaves betweenness and closeness out past the work budget, and the cheap measures in', () => {
    const network = karate();
    // 34 * (34 + 78) = 3,808 steps.
    const tight = new AnalyticsService({ pathMetricsBudget: 3_807 });
    tight.adopt(network);
    const metrics = tight.metricsOf(network.nodes[0])!;
    expect(metrics.betweenness).toBeNull();
    expect(metrics.closeness).toBeNull();
    expect(metrics.degree).toBe(16);
    expect(metrics.pagerank).toBeCloseTo(0.097002, 3);
    expect(typeof metrics.community).toBe('number');
    expect(new NetworkAnalysis(karate(), { pathMetricsBudget: 3_808 }).betweenness()).not.toBeNull();
  });

  it('computes each measure once per network, and only when asked for', () => {
    const service = new AnalyticsService();
    const network = karate();
    const analysis = service.analysisOf(network);
    expect(service.analysisOf(network)).toBe(analysis);
    expect(service.analysisOf(karate())).not.toBe(analysis);
    expect((analysis as unknown as { betweennessScores?: unknown }).betweennessScores).toBeUndefined();
    service.adopt(network);
    const metrics = service.metricsOf(network.nodes[0])!;
    expect(metrics.degree).toBe(16);
    expect((analysis as unknown as { betweennessScores?: unknown }).betweennessScores).toBeUndefined();
    expect(metrics.betweenness).toBeCloseTo(0.4376, 3);
    const scores = analysis.betweenness();
    expect(analysis.betweenness()).toBe(scores);
    expect(service.metricsOf(node('stranger'))).toBeNull();
  });
});
