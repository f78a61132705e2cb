import type { NetworkEdge, NetworkNode } from '../network/network.type';
import { csvEdgeRows, CsvModel, csvNodeRows } from './csv.format';
import { gexfEdges, GexfModel, gexfNodes } from './gexf.format';
import { graphmlEdges, GraphmlModel, graphmlNodes } from './graphml.format';

/** A typed format's settled model: all a page of elements needs to be written. Structured-cloneable, for page-format.worker.ts. */
export type PageWriterSpec = { format: 'gexf'; model: GexfModel } | { format: 'graphml'; model: GraphmlModel } | { format: 'csv'; model: CsvModel };

export interface PageWriter {
  nodes(nodes: readonly NetworkNode[]): string;
  edges(edges: readonly NetworkEdge[]): string;
}

/** The writer of one format's pages: the same functions in this thread and in the worker, so both give the same bytes. */
export function pageWriter(spec: PageWriterSpec): PageWriter {
  switch (spec.format) {
    case 'gexf':
      return { nodes: (nodes) => gexfNodes(spec.model, nodes), edges: (edges) => gexfEdges(spec.model, edges) };
    case 'graphml':
      return { nodes: (nodes) => graphmlNodes(spec.model, nodes), edges: (edges) => graphmlEdges(spec.model, edges) };
    case 'csv':
      return { nodes: (nodes) => csvNodeRows(spec.model, nodes), edges: (edges) => csvEdgeRows(spec.model, edges) };
  }
}
