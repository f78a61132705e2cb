import { registerEnumType } from 'type-graphql';

export enum ExportFormat {
  CYTOSCAPE = 'CYTOSCAPE',
  GEXF = 'GEXF',
  GRAPHML = 'GRAPHML',
  CSV = 'CSV',
  SANKEY = 'SANKEY',
}

registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description: 'File formats of network visualisation tools',
  valuesConfig: {
    CYTOSCAPE: { description: 'Cytoscape.js elements JSON: { elements: { nodes: [{ data }], edges: [{ data }] } }' },
    GEXF: { description: 'GEXF 1.3 for Gephi; link start and end dates are dynamic intervals for the timeline' },
    GRAPHML: { description: 'GraphML with typed attribute keys (yEd, Gephi, networkx, igraph)' },
    CSV: { description: 'Kumu-compatible CSV: an elements table (ID, Label, Type...) or a connections table (ID, From, To, Type...)' },
    SANKEY: { description: 'The funding flows JSON ({ nodes, links, truncated }) of the FUNDS links, summed per pair and currency' },
  },
});

export enum CsvTable {
  NODES = 'NODES',
  EDGES = 'EDGES',
}

registerEnumType(CsvTable, {
  name: 'CsvTable',
  description: 'Which of the two CSV tables to export',
  valuesConfig: {
    NODES: { description: 'Kumu elements: ID, Label, Type, Kind' },
    EDGES: { description: 'Kumu connections: ID, From, To, Type, Direction and the link properties' },
  },
});

/** An export ready to be sent: its text and what to call it. */
export interface ExportFile {
  content: string;
  contentType: string;
  extension: string;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  [ExportFormat.CYTOSCAPE]: 'application/json',
  [ExportFormat.GEXF]: 'application/gexf+xml',
  [ExportFormat.GRAPHML]: 'application/graphml+xml',
  [ExportFormat.CSV]: 'text/csv',
  [ExportFormat.SANKEY]: 'application/json',
};

export const EXTENSIONS: Record<ExportFormat, string> = {
  [ExportFormat.CYTOSCAPE]: 'cyjs',
  [ExportFormat.GEXF]: 'gexf',
  [ExportFormat.GRAPHML]: 'graphml',
  [ExportFormat.CSV]: 'csv',
  [ExportFormat.SANKEY]: 'json',
};
