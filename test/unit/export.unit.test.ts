import cytoscape from 'cytoscape';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { ExportService } from '../../src/export/export.service';
import { CsvTable, ExportFormat } from '../../src/export/export.type';
import { EDGE_PROPERTY_COLUMNS } from '../../src/export/csv.format';
import { gexfInterval } from '../../src/export/gexf.format';
import type { NetworkData } from '../../src/network/network.type';

/** Everything an export can trip on: XML and CSV specials, newlines, lists, parallel and looping links, partial dates. */
const NETWORK: NetworkData = {
  nodes: [
    { id: 'undp', label: 'PNUD & "UNDP" <ONU>', type: 'Actor', kind: 'INTERNATIONAL_ORGANISATION' },
    { id: 'tarija', label: 'Gouvernorat de Tarija, Bolivie', type: 'Actor', kind: 'PUBLIC_AUTHORITY' },
    { id: 'art', label: 'Initiative ART\nmulti-niveaux', type: 'Initiative', kind: 'PROGRAMME' },
    { id: 'bolivia', label: 'Bolivie', type: 'Territory', kind: null },
    { id: 'lonely', label: 'Sans lien; isolé', type: 'Actor', kind: 'NGO' },
  ],
  edges: [
    {
      id: 'undp-partners-tarija',
      source: 'undp',
      target: 'tarija',
      type: 'PARTNERS_WITH',
      properties: { kind: 'technical', startDate: '2013', endDate: '2016-06', sourceIds: ['src-a', 'src-b'], description: 'Ligne 1\nLigne 2, avec "guillemets" & <balises>' },
    },
    {
      id: 'undp-funds-tarija',
      source: 'undp',
      target: 'tarija',
      type: 'FUNDS',
      properties: { amount: 1500.5, currency: 'USD', amountEur: 1380.25, instrument: 'grant', startDate: '2014-03-15', sourceIds: ['src-a'] },
    },
    {
      id: 'undp-funds-tarija-2',
      source: 'undp',
      target: 'tarija',
      type: 'FUNDS',
      properties: { amount: 0.1, currency: 'USD', sourceIds: ['src-a'] },
    },
    { id: 'undp-funds-art', source: 'undp', target: 'art', type: 'FUNDS', properties: { sourceIds: ['src-c'] } },
    { id: 'undp-leads-art', source: 'undp', target: 'art', type: 'LEADS', properties: { role: 'lead', endDate: '2020', sourceIds: ['src-c'], verified: true } },
    { id: 'art-acts-bolivia', source: 'art', target: 'bolivia', type: 'ACTS_IN', properties: { sourceIds: ['src-c'] } },
    { id: 'art-renamed', source: 'art', target: 'art', type: 'SUCCEEDED_BY', properties: { sourceIds: ['src-c'] } },
  ],
  truncated: false,
};

const exportsService = new ExportService();
const write = (format: ExportFormat, table?: CsvTable) => exportsService.export(NETWORK, format, { table });

type Attr = Record<string, unknown>;
const nodeById = new Map(NETWORK.nodes.map((node) => [node.id, node]));
const edgeById = new Map(NETWORK.edges.map((edge) => [edge.id, edge]));

describe('Cytoscape.js export', () => {
  it('loads into headless cytoscape with every node, link and attribute', () => {
    const file = write(ExportFormat.CYTOSCAPE);
    expect(file).toMatchObject({ contentType: 'application/json', extension: 'cyjs' });
    const cy = cytoscape({ headless: true, elements: JSON.parse(file.content).elements });
    expect(cy.nodes().length).toBe(NETWORK.nodes.length);
    expect(cy.edges().length).toBe(NETWORK.edges.length);
    for (const node of NETWORK.nodes) {
      const element = cy.getElementById(node.id);
      expect(element.isNode()).toBe(true);
      expect(element.data('label')).toBe(node.label);
      expect(element.data('type')).toBe(node.type);
      expect(element.data('kind')).toBe(node.kind ?? undefined);
    }
    for (const edge of NETWORK.edges) {
      const element = cy.getElementById(edge.id);
      expect(element.source().id()).toBe(edge.source);
      expect(element.target().id()).toBe(edge.target);
      expect(element.data()).toEqual({ ...edge.properties, id: edge.id, source: edge.source, target: edge.target, type: edge.type });
    }
    expect(cy.edges('[type = "FUNDS"]').length).toBe(3);
    cy.destroy();
  });
});

describe('GEXF export', () => {
  const file = write(ExportFormat.GEXF);

  it('is GEXF 1.3 that graphology-gexf reads back with all nodes, links and attributes', () => {
    expect(file).toMatchObject({ contentType: 'application/gexf+xml', extension: 'gexf' });
    expect(file.content).toContain('version="1.3"');
    const graph = parseGexf(Graph, file.content);
    expect(graph.order).toBe(NETWORK.nodes.length);
    expect(graph.size).toBe(NETWORK.edges.length);
    graph.forEachNode((id, attributes: Attr) => {
      const node = nodeById.get(id)!;
      expect(attributes).toEqual({ label: node.label, type: node.type, ...(node.kind ? { kind: node.kind } : {}) });
    });
    graph.forEachEdge((id, attributes: Attr, source, target) => {
      const edge = edgeById.get(id)!;
      expect([source, target]).toEqual([edge.source, edge.target]);
      expect(attributes).toEqual({ label: edge.type, type: edge.type, ...edge.properties });
    });
  });

  it('writes link periods as dynamic date intervals for Gephi\u2019s timeline', () => {
    const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(file.content);
    const graph = document.gexf.graph;
    expect(graph).toMatchObject({ mode: 'dynamic', timeformat: 'date', defaultedgetype: 'directed' });
    const edges = new Map<string, Attr>((graph.edges.edge as Attr[]).map((edge) => [String(edge.id), edge]));
    expect(edges.get('undp-partners-tarija')).toMatchObject({ start: '2013-01-01', end: '2016-06-30' });
    expect(edges.get('undp-funds-tarija')).toMatchObject({ start: '2014-03-15' });
    expect(edges.get('undp-funds-tarija')).not.toHaveProperty('end');
    expect(edges.get('undp-leads-art')).toMatchObject({ end: '2020-12-31' });
    expect(edges.get('art-acts-bolivia')).not.toHaveProperty('start');
    expect(gexfInterval({ startDate: '2016-02', endDate: '2016-02' })).toEqual({ start: '2016-02-01', end: '2016-02-29' });
  });
});

describe('GraphML export', () => {
  const file = write(ExportFormat.GRAPHML);
  const document = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name),
  }).parse(file.content);
  const keys = new Map<string, { for: string; name: string; type: string }>(
    (document.graphml.key as Attr[]).map((key) => [String(key['@id']), { for: String(key['@for']), name: String(key['@attr.name']), type: String(key['@attr.type']) }]),
  );

  function typed(data: Attr[] | undefined): Attr {
    const out: Attr = {};
    for (const item of data ?? []) {
      const key = keys.get(String(item['@key']))!;
      const text = String(item['#text']);
      out[key.name] = key.type === 'double' ? Number(text) : key.type === 'boolean' ? text === 'true' : text;
    }
    return out;
  }

  it('declares one typed key per attribute', () => {
    expect(file).toMatchObject({ contentType: 'application/graphml+xml', extension: 'graphml' });
    const declared = [...keys.values()].map((key) => `${key.for}:${key.name}:${key.type}`);
    expect(declared).toEqual(
      expect.arrayContaining([
        'node:label:string',
        'node:type:string',
        'node:kind:string',
        'edge:type:string',
        'edge:amount:double',
        'edge:amountEur:double',
        'edge:verified:boolean',
        'edge:sourceIds:string',
        'edge:startDate:string',
      ]),
    );
    expect(new Set(keys.keys()).size).toBe(keys.size);
  });

  it('reads back with the same nodes, links and typed values', () => {
    const graph = document.graphml.graph;
    expect(graph['@edgedefault']).toBe('directed');
    expect(graph.node).toHaveLength(NETWORK.nodes.length);
    expect(graph.edge).toHaveLength(NETWORK.edges.length);
    for (const element of graph.node as Attr[]) {
      const node = nodeById.get(String(element['@id']))!;
      expect(typed(element.data as Attr[])).toEqual({ label: node.label, type: node.type, ...(node.kind ? { kind: node.kind } : {}) });
    }
    for (const element of graph.edge as Attr[]) {
      const edge = edgeById.get(String(element['@id']))!;
      expect([element['@source'], element['@target']]).toEqual([edge.source, edge.target]);
      const values = typed(element.data as Attr[]);
      expect({ ...values, sourceIds: JSON.parse(String(values.sourceIds)) }).toEqual({ type: edge.type, ...edge.properties });
    }
  });
});

describe('CSV export (Kumu)', () => {
  it('writes an elements table that csv-parse reads back', () => {
    const file = write(ExportFormat.CSV, CsvTable.NODES);
    expect(file).toMatchObject({ contentType: 'text/csv', extension: 'csv' });
    const rows = parseCsv(file.content, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['ID', 'Label', 'Type', 'Kind']);
    expect(rows).toEqual(NETWORK.nodes.map((node) => ({ ID: node.id, Label: node.label, Type: node.type, Kind: node.kind ?? '' })));
  });

  it('writes a connections table, edges by default, with From and To naming element ids', () => {
    const file = write(ExportFormat.CSV);
    const rows = parseCsv(file.content, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]).slice(0, 5)).toEqual(['ID', 'From', 'To', 'Type', 'Direction']);
    expect(rows).toHaveLength(NETWORK.edges.length);
    const byColumn = Object.fromEntries(Object.entries(EDGE_PROPERTY_COLUMNS).map(([key, column]) => [column, key]));
    for (const row of rows) {
      const edge = edgeById.get(row.ID)!;
      expect([row.From, row.To, row.Type, row.Direction]).toEqual([edge.source, edge.target, edge.type, 'directed']);
      const properties: Attr = {};
      for (const [column, value] of Object.entries(row)) {
        if (['ID', 'From', 'To', 'Type', 'Direction'].includes(column) || value === '') continue;
        const key = byColumn[column] ?? column.toLowerCase();
        properties[key] = key === 'sourceIds' ? value.split('|') : typeof edge.properties[key] === 'number' ? Number(value) : typeof edge.properties[key] === 'boolean' ? value === 'true' : value;
      }
      expect(properties).toEqual(edge.properties);
    }
  });
});

describe('Sankey export', () => {
  it('sums the FUNDS links per pair and currency, in fundingFlows\u2019 shape', () => {
    const file = write(ExportFormat.SANKEY);
    expect(file).toMatchObject({ contentType: 'application/json', extension: 'json' });
    const sankey = JSON.parse(file.content);
    expect(sankey.nodes).toEqual([
      { id: 'undp', name: NETWORK.nodes[0].label },
      { id: 'tarija', name: 'Gouvernorat de Tarija, Bolivie' },
      { id: 'art', name: 'Initiative ART\nmulti-niveaux' },
    ]);
    expect(sankey.links).toEqual([
      { source: 'undp', target: 'tarija', value: 1500.6, currency: 'USD', count: 2 },
      { source: 'undp', target: 'art', value: 0, currency: null, count: 1 },
    ]);
    expect(sankey.truncated).toBe(false);
  });
});

describe('exports of an empty network', () => {
  const empty: NetworkData = { nodes: [], edges: [], truncated: false };
  it.each(Object.values(ExportFormat))('%s stays readable', (format) => {
    const { content } = exportsService.export(empty, format);
    if (format === ExportFormat.GEXF) expect(parseGexf(Graph, content).order).toBe(0);
    if (format === ExportFormat.GRAPHML) expect(new XMLParser().parse(content).graphml).toBeDefined();
    if (format === ExportFormat.CYTOSCAPE) {
      const cy = cytoscape({ headless: true, elements: JSON.parse(content).elements });
      expect(cy.elements().length).toBe(0);
      cy.destroy();
    }
    if (format === ExportFormat.CSV) expect(content.trim()).toBe('ID,From,To,Type,Direction');
    if (format === ExportFormat.SANKEY) expect(JSON.parse(content)).toEqual({ nodes: [], links: [], truncated: false });
  });
});
