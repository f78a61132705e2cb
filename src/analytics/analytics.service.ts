import type { NetworkData, NetworkNode } from '../network/network.type';
import { NetworkStats, NodeMetrics } from './analytics.type';
import { AnalysisOptions, NetworkAnalysis } from './network-analysis';

/**
 * Keyed by the network object itself, so an analysis lives exactly as long as the network a
 * query returned and is shared by every field of that response (stats, each node's metrics,
 * exports). Weak maps keep the process stateless between requests.
 */
const analyses = new WeakMap<NetworkData, NetworkAnalysis>();
const owners = new WeakMap<NetworkNode, NetworkData>();

/** Graph measures of the networks that queries return. */
export class AnalyticsService {
  constructor(private readonly options: AnalysisOptions = {}) {}

  analysisOf(network: NetworkData): NetworkAnalysis {
    let analysis = analyses.get(network);
    if (!analysis) {
      analysis = new NetworkAnalysis(network, this.options);
      analyses.set(network, analysis);
    }
    return analysis;
  }

  /**
   * GraphQL resolves a node's metrics with the node alone as parent; this back-reference lets
   * it find the network the node was returned in, without a field on the node's class.
   */
  adopt(network: NetworkData): NetworkNode[] {
    for (const node of network.nodes) owners.set(node, network);
    return network.nodes;
  }

  /** Null for a node that no network adopted (never the case for nodes that Network.nodes returns). */
  metricsOf(node: NetworkNode): NodeMetrics | null {
    const network = owners.get(node);
    return network ? new NodeMetrics(this.analysisOf(network), node.id) : null;
  }

  stats(network: NetworkData): NetworkStats {
    const analysis = this.analysisOf(network);
    const partition = analysis.communities();
    return Object.assign(new NetworkStats(), {
      nodeCount: network.nodes.length,
      edgeCount: network.edges.length,
      density: analysis.density(),
      components: analysis.components(),
      communities: partition.count,
      modularity: partition.modularity,
    });
  }
}
