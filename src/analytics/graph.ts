import { MultiDirectedGraph, UndirectedGraph } from 'graphology';
import type { NetworkData } from '../network/network.type';
import type { NodeLabel, RelationshipTypeName } from '../relationships/relationship-kinds';

export interface NodeAttributes {
  label: string;
  type: NodeLabel;
  kind: string | null;
}

export interface EdgeAttributes {
  type: RelationshipTypeName;
  properties: Record<string, unknown>;
}

/**
 * The network exactly as returned: one graphology edge per stored link, keyed by the link id,
 * so parallel links of different types (A PARTNERS_WITH B and A FUNDS B) stay distinct.
 */
export function toMultiGraph(network: NetworkData): MultiDirectedGraph<NodeAttributes, EdgeAttributes> {
  const graph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  for (const node of network.nodes) graph.mergeNode(node.id, { label: node.label, type: node.type, kind: node.kind });
  for (const edge of network.edges) {
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, { type: edge.type, properties: edge.properties });
  }
  return graph;
}

/**
 * The undirected simple graph under the links: two nodes are adjacent when any link joins them,
 * whatever its type or direction, and self-links are dropped. Centralities and communities are
 * computed on it, which is what networkx does with G.to_undirected() on a simple graph: who is
 * connected to whom matters for brokerage, not how many typed links say so.
 */
export function toSimpleUndirected(network: NetworkData): UndirectedGraph {
  const graph = new UndirectedGraph();
  for (const node of network.nodes) graph.mergeNode(node.id);
  for (const edge of network.edges) {
    if (edge.source !== edge.target) graph.mergeEdge(edge.source, edge.target);
  }
  return graph;
}
