import cytoscape from 'cytoscape';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { ExportService } from '../../src/export/export.service';
import { CsvTable, ExportFormat } from '../../src/export/export.type';
import { csvEdgeRows, csvHead, CsvModelBuilder, csvNodeRows, EDGE_PROPERTY_COLUMNS, writeCsv } from '../../src/export/csv.format';
import { GEXF_EDGES_OPEN, GEXF_NODES_OPEN, GEXF_TAIL, gexfEdges, gexfHead, gexfInterval, GexfModelBuilder, gexfNodes, writeGexf } from '../../src/export/gexf.format';
import { GRAPHML_TAIL, graphmlEdges, graphmlHead, GraphmlModelBuilder, graphmlNodes, writeGraphml } from '../../src/export/graphml.format';
import type { NetworkData, NetworkEdge, NetworkNode } from '../../src/network/network.type';
import { PageFormatThread } from '../../src/export/page-format.thread';
import { pageWriter, PageWriterSpec } from '../../src/export/page-writer';

const plain = { tags: [], attributes: null };

/**
 * Everything an export can trip on: XML and CSV specials, newlines, lists, parallel and looping
 * links, partial dates, tags, free attributes under a file's own column names, an undirected link.
 */
const NETWORK: NetworkData = {
  nodes: [
    {
      id: 'undp',
      label: 'PNUD & "UNDP" <ONU>',
      type: 'Actor',
      kind: 'INTERNATIONAL_ORGANISATION',
      tags: ['onu', 'multilatéral'],
      attributes: { 'Budget 2020': 1200.5, 'Focus areas': ['eau', 'emploi'], Partner: true },
    },
    {
      id: 'tarija',
      label: 'Gouvernorat de Tarija, Bolivie',
      type: 'Actor',
      kind: 'PUBLIC_AUTHORITY',
      tags: ['gouvernorat'],
      attributes: { 'Budget 2020': 80, Mayor: 'Oscar, "el alcalde"\n2e ligne' },
    },
    { id: 'art', label: 'Initiative ART\nmulti-niveaux', type: 'Initiative', kind: 'PROGRAMME', ...plain },
    { id: 'bolivia', label: 'Bolivie', type: 'Territory', kind: null, ...plain },
    { id: 'lonely', label: 'Sans lien; isolé', type: 'Actor', kind: 'NGO', ...plain },
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
    {
      id: 'tarija-knows-bolivia',
      source: 'tarija',
      target: 'bolivia',
      type: 'RELATED_TO',
      properties: {
        kind: 'Knows',
        direction: 'UNDIRECTED',
        tags: ['informel', 'à vérifier'],
        sourceIds: ['src-c'],
        attributes: { Strength: 3, 'Met at': 'Forum, "2019"', Confirmed: false },
      },
    },
  ],
  truncated: false,
};

/** What every export writes for a node of NETWORK (which has no colliding names). */
function writtenNode(node: NetworkNode): Attr {
  return { label: node.label, type: node.type, ...(node.kind ? { kind: node.kind } : {}), ...(node.tags.length ? { tags: node.tags } : {}), ...node.attributes };
}

/** What every export writes for a link of NETWORK: the free attributes each under its own key, not one blob. */
function writtenEdge(edge: NetworkEdge): Attr {
  const { attributes, ...properties } = edge.properties;
  return { type: edge.type, ...properties, ...(attributes as Attr | undefined) };
}

type Attr = Record<string, unknown>;

const exportsService = new ExportService();
const write = (format: ExportFormat, table?: CsvTable) => exportsService.export(NETWORK, format, { table });

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
      expect(element.data()).toEqual({ ...writtenNode(node), id: node.id });
    }
    for (const edge of NETWORK.edges) {
      const element = cy.getElementById(edge.id);
      expect(element.source().id()).toBe(edge.source);
      expect(element.target().id()).toBe(edge.target);
      expect(element.data()).toEqual({ ...writtenEdge(edge), id: edge.id, source: edge.source, target: edge.target });
    }
    expect(cy.edges('[type = "FUNDS"]').length).toBe(3);
    expect(cy.edges('[Strength > 2]').map((edge) => edge.id())).toEqual(['tarija-knows-bolivia']);
    expect(cy.nodes('[Partner]').map((node) => node.id())).toEqual(['undp']);
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
      expect(attributes).toEqual(writtenNode(nodeById.get(id)!));
    });
    graph.forEachEdge((id, attributes: Attr, source, target) => {
      const edge = edgeById.get(id)!;
      expect([source, target]).toEqual([edge.source, edge.target]);
      expect(attributes).toEqual({ label: edge.type, ...writtenEdge(edge) });
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

  /** Values as written; `lists` names the attributes that are lists, which GraphML writes as JSON. */
  function typed(data: Attr[] | undefined, expected: Attr): Attr {
    const out: Attr = {};
    for (const item of data ?? []) {
      const key = keys.get(String(item['@key']))!;
      const text = String(item['#text']);
      out[key.name] = Array.isArray(expected[key.name]) ? JSON.parse(text) : key.type === 'double' ? Number(text) : key.type === 'boolean' ? text === 'true' : text;
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
        'node:tags:string',
        'node:Budget 2020:double',
        'node:Partner:boolean',
        'edge:tags:string',
        'edge:direction:string',
        'edge:Strength:double',
        'edge:Confirmed:boolean',
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
      const expected = writtenNode(nodeById.get(String(element['@id']))!);
      expect(typed(element.data as Attr[], expected)).toEqual(expected);
    }
    for (const element of graph.edge as Attr[]) {
      const edge = edgeById.get(String(element['@id']))!;
      expect([element['@source'], element['@target']]).toEqual([edge.source, edge.target]);
      const expected = writtenEdge(edge);
      expect(typed(element.data as Attr[], expected)).toEqual(expected);
    }
  });
});

describe('CSV export (Kumu)', () => {
  it('writes an elements table that csv-parse reads back', () => {
    const file = write(ExportFormat.CSV, CsvTable.NODES);
    expect(file).toMatchObject({ contentType: 'text/csv', extension: 'csv' });
    const rows = parseCsv(file.content, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual(['ID', 'Label', 'Type', 'Kind', 'Tags', 'Budget 2020', 'Focus areas', 'Mayor', 'Partner']);
    expect(rows).toEqual(
      NETWORK.nodes.map((node) => ({
        ID: node.id,
        Label: node.label,
        Type: node.type,
        Kind: node.kind ?? '',
        Tags: node.tags.join('|'),
        'Budget 2020': String(node.attributes?.['Budget 2020'] ?? ''),
        'Focus areas': node.id === 'undp' ? 'eau|emploi' : '',
        Mayor: String(node.attributes?.Mayor ?? ''),
        Partner: String(node.attributes?.Partner ?? ''),
      })),
    );
  });

  it('writes a connections table, edges by default, with From and To naming element ids', () => {
    const file = write(ExportFormat.CSV);
    const rows = parseCsv(file.content, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]).slice(0, 5)).toEqual(['ID', 'From', 'To', 'Type', 'Direction']);
    expect(rows).toHaveLength(NETWORK.edges.length);
    expect(Object.keys(rows[0]).slice(-3)).toEqual(['Confirmed', 'Met at', 'Strength']);
    const byColumn = Object.fromEntries(Object.entries(EDGE_PROPERTY_COLUMNS).map(([key, column]) => [column, key]));
    for (const row of rows) {
      const edge = edgeById.get(row.ID)!;
      const { direction, ...expected } = writtenEdge(edge);
      expect([row.From, row.To, row.Type, row.Direction]).toEqual([edge.source, edge.target, edge.type, String(direction ?? 'directed').toLowerCase()]);
      const properties: Attr = { type: edge.type };
      for (const [column, value] of Object.entries(row)) {
        if (['ID', 'From', 'To', 'Type', 'Direction'].includes(column) || value === '') continue;
        const key = byColumn[column] ?? (column in expected ? column : column.toLowerCase());
        const want = expected[key];
        properties[key] = Array.isArray(want) ? value.split('|') : typeof want === 'number' ? Number(value) : typeof want === 'boolean' ? value === 'true' : value;
      }
      expect(properties).toEqual(expected);
    }
  });
});

describe('tags, free attributes and direction in exports', () => {
  /** Free attributes named like what the exports write themselves, in another case too. */
  const colliding: NetworkData = {
    nodes: [
      { id: 'a', label: 'A', type: 'Actor', kind: 'PERSON', tags: ['board'], attributes: { Label: 'not the label', id: 'x', TAGS: 'y', kind: 'z', Seats: 2 } },
      { id: 'b', label: 'B', type: 'Actor', kind: 'NGO', tags: [], attributes: null },
    ],
    edges: [
      {
        id: 'a-b',
        source: 'a',
        target: 'b',
        type: 'RELATED_TO',
        properties: { kind: 'Board member', direction: 'MUTUAL', sourceIds: ['s'], startDate: '2019', attributes: { KIND: 'free', 'Start Date': '2018', Direction: 'undirected', From: 'c', Weight: 2 } },
      },
      { id: 'b-a', source: 'b', target: 'a', type: 'PARTNERS_WITH', properties: { sourceIds: ['s'] } },
    ],
    truncated: false,
  };
  const written = (format: ExportFormat, table?: CsvTable) => exportsService.export(colliding, format, { table }).content;

  it('let structural names and stored properties win over free attributes', () => {
    const { elements } = JSON.parse(written(ExportFormat.CYTOSCAPE));
    expect(elements.nodes[0].data).toEqual({ id: 'a', label: 'A', type: 'Actor', kind: 'PERSON', tags: ['board'], Seats: 2 });
    expect(elements.nodes[1].data).toEqual({ id: 'b', label: 'B', type: 'Actor', kind: 'NGO' });
    expect(elements.edges[0].data).toEqual({
      id: 'a-b',
      source: 'a',
      target: 'b',
      type: 'RELATED_TO',
      kind: 'Board member',
      direction: 'MUTUAL',
      sourceIds: ['s'],
      startDate: '2019',
      'Start Date': '2018',
      Weight: 2,
    });
  });

  it('give the CSV tables one column per free attribute, never two columns of one name', () => {
    const nodes = parseCsv(written(ExportFormat.CSV, CsvTable.NODES), { columns: true }) as Record<string, string>[];
    expect(Object.keys(nodes[0])).toEqual(['ID', 'Label', 'Type', 'Kind', 'Tags', 'Seats']);
    expect(nodes[0]).toMatchObject({ Label: 'A', Kind: 'PERSON', Tags: 'board', Seats: '2' });
    const edges = parseCsv(written(ExportFormat.CSV), { columns: true }) as Record<string, string>[];
    expect(Object.keys(edges[0])).toEqual(['ID', 'From', 'To', 'Type', 'Direction', 'Kind', 'Start Date', 'Sources', 'Weight']);
    expect(edges.map((row) => [row.ID, row.Direction, row.Kind, row['Start Date'], row.Weight])).toEqual([
      ['a-b', 'mutual', 'Board member', '2019', '2'],
      ['b-a', 'directed', '', '', ''],
    ]);
  });

  it('write tags as lists where the format has them', () => {
    const graph = parseGexf(Graph, written(ExportFormat.GEXF));
    expect(graph.getNodeAttribute('a', 'tags')).toEqual(['board']);
    expect(graph.getEdgeAttributes('a-b')).toMatchObject({ direction: 'MUTUAL', Weight: 2 });
    expect(written(ExportFormat.GRAPHML)).toContain('<data key="d3">[&quot;board&quot;]</data>');
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

/**
 * Whole-graph exports write the same files a page at a time (WholeGraphExportService): the model
 * from every element first, then each page's elements. Pages of one element each must give what
 * the in-memory writers give for the whole network.
 */
describe('exports written a page at a time', () => {
  const nodePages = NETWORK.nodes.map((node) => [node]);
  const edgePages = NETWORK.edges.map((edge) => [edge]);

  function modelOf<M extends { addNodes(n: NetworkNode[]): void; addEdges(e: NetworkEdge[]): void }>(builder: M): M {
    for (const page of nodePages) builder.addNodes(page);
    for (const page of edgePages) builder.addEdges(page);
    return builder;
  }

  it('gives the same text for every page from the formatting thread as in this thread, for each typed format', async () => {
    const specs: PageWriterSpec[] = [
      { format: 'gexf', model: modelOf(new GexfModelBuilder()).model() },
      { format: 'graphml', model: modelOf(new GraphmlModelBuilder()).model() },
      { format: 'csv', model: modelOf(new CsvModelBuilder(CsvTable.NODES)).model() },
      { format: 'csv', model: modelOf(new CsvModelBuilder(CsvTable.EDGES)).model() },
    ];
    for (const spec of specs) {
      const thread = new PageFormatThread(spec);
      try {
        const inThread = pageWriter(spec);
        // Sent all at once, so the replies must come back to the page that asked.
        const nodes = await Promise.all(nodePages.map((page) => thread.format('nodes', page)));
        const edges = await Promise.all(edgePages.map((page) => thread.format('edges', page)));
        expect(nodes).toEqual(nodePages.map((page) => inThread.nodes(page)));
        expect(edges).toEqual(edgePages.map((page) => inThread.edges(page)));
        expect(nodes.join('') + edges.join('')).not.toBe('');
      } finally {
        await thread.close();
      }
      await expect(thread.format('nodes', nodePages[0])).rejects.toThrow('closed');
    }
  });

  it('gives GraphML byte for byte', () => {
    const model = modelOf(new GraphmlModelBuilder()).model();
    const paged = graphmlHead(model) + nodePages.map((page) => graphmlNodes(model, page)).join('') + edgePages.map((page) => graphmlEdges(model, page)).join('') + GRAPHML_TAIL;
    expect(paged).toBe(writeGraphml(NETWORK));
  });

  it('gives both CSV tables byte for byte', () => {
    for (const table of [CsvTable.NODES, CsvTable.EDGES]) {
      const model = modelOf(new CsvModelBuilder(table)).model();
      const paged = csvHead(model) + nodePages.map((page) => csvNodeRows(model, page)).join('') + edgePages.map((page) => csvEdgeRows(model, page)).join('');
      expect(paged).toBe(writeCsv(NETWORK, table));
    }
  });

  it('gives a GEXF that graphology-gexf reads to the same graph as the in-memory writer\u2019s, timeline included', () => {
    const model = modelOf(new GexfModelBuilder()).model();
    const paged =
      gexfHead(model) + GEXF_NODES_OPEN + nodePages.map((page) => gexfNodes(model, page)).join('') + GEXF_EDGES_OPEN + edgePages.map((page) => gexfEdges(model, page)).join('') + GEXF_TAIL;
    const read = (xml: string) => parseGexf(Graph, xml, { allowUndeclaredAttributes: false }).export();
    expect(read(paged)).toEqual(read(writeGexf(NETWORK)));
    const declared = (xml: string) =>
      new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['attributes', 'attribute', 'edge'].includes(name) }).parse(xml).gexf.graph;
    const [pagedGraph, wholeGraph] = [declared(paged), declared(writeGexf(NETWORK))];
    expect(pagedGraph.attributes).toEqual(wholeGraph.attributes);
    expect(pagedGraph.edges.edge.map((e: Record<string, string>) => [e.id, e.start, e.end])).toEqual(wholeGraph.edges.edge.map((e: Record<string, string>) => [e.id, e.start, e.end]));
    expect([pagedGraph.mode, pagedGraph.timeformat]).toEqual(['dynamic', 'date']);
  });
});
