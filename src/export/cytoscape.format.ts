import type { NetworkData } from '../network/network.type';
import { edgeAttributes, FlatValue, nodeAttributes } from './attributes';

export interface CytoscapeElements {
  elements: {
    nodes: { data: { id: string } & Record<string, FlatValue> }[];
    edges: { data: { id: string; source: string; target: string } & Record<string, FlatValue> }[];
  };
}

/**
 * Cytoscape.js elements JSON, also read by Cytoscape desktop as .cyjs. Data stays flat so that
 * selectors such as edge[type = "FUNDS"] and node[kind = "NGO"] work directly.
 */
export function toCytoscape(network: NetworkData): CytoscapeElements {
  return {
    elements: {
      nodes: network.nodes.map((node) => ({ data: { ...nodeAttributes(node), id: node.id } })),
      edges: network.edges.map((edge) => ({
        data: { ...edgeAttributes(edge), id: edge.id, source: edge.source, target: edge.target },
      })),
    },
  };
}

export function writeCytoscape(network: NetworkData): string {
  return JSON.stringify(toCytoscape(network));
}
