import type { NetworkData } from '../network/network.type';
import { edgeAttributes, FlatValue, nodeAttributes, nodePosition } from './attributes';

export interface CytoscapeElements {
  elements: {
    nodes: { data: { id: string } & Record<string, FlatValue>; position?: { x: number; y: number } }[];
    edges: { data: { id: string; source: string; target: string } & Record<string, FlatValue> }[];
  };
}

/**
 * Cytoscape.js elements JSON, also read by Cytoscape desktop as .cyjs. Data stays flat so that
 * selectors such as edge[type = "FUNDS"] and node[kind = "NGO"] work directly. A stored layout is
 * each node's `position`, which Cytoscape.js's preset layout and Cytoscape desktop draw as is.
 */
export function toCytoscape(network: NetworkData): CytoscapeElements {
  return {
    elements: {
      nodes: network.nodes.map((node) => {
        const position = nodePosition(node);
        return { data: { ...nodeAttributes(node), id: node.id }, ...(position ? { position } : {}) };
      }),
      edges: network.edges.map((edge) => ({
        data: { ...edgeAttributes(edge), id: edge.id, source: edge.source, target: edge.target },
      })),
    },
  };
}

export function writeCytoscape(network: NetworkData): string {
  return JSON.stringify(toCytoscape(network));
}
