import cytoscape from 'cytoscape';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { csvHead, CsvModelBuilder, csvNodeRows, writeCsv } from '../../src/export/csv.format';
import { writeCytoscape } from '../../src/export/cytoscape.format';
import { GEXF_EDGES_OPEN, GEXF_NODES_OPEN, GEXF_TAIL, gexfEdges, gexfHead, GexfModelBuilder, gexfNodes, writeGexf } from '../../src/export/gexf.format';
import { GRAPHML_TAIL, graphmlEdges, graphmlHead, GraphmlModelBuilder, graphmlNodes, writeGraphml } from '../../src/export/graphml.format';
import { CsvTable } from '../../src/export/export.type';
import { readNetworkFile } from '../../src/import/network/readers';
import type { NetworkData } from '../../src/network/network.type';

/**
 * A stored analysis in the exported files: its metrics as attributes named analysis_*, its
 * ForceAtlas2 layout where each format places nodes (GEXF's viz:position, Cytoscape's position,
 * analysis_x and analysis_y elsewhere) and, in GEXF, a viz:size that grows with PageRank, so that
 * Gephi opens the file laid out and sized. The readers of network files leave those values out.
 */

const NETWORK: NetworkData = {
  nodes: [
    {
      id: 'undp',
      label: 'PNUD',
      type: 'Actor',
      kind: 'INTERNATIONAL_ORGANISATION',
      tags: [],
      // A free attribute under a name the exports use for analysis values: the analysis wins.
      attributes: { Budget: 12, analysis_pagerank: 'entered by hand' },
      analysis: { degree: 3, pagerank: 0.4, betweenness: 0.5, closeness: 0.75, eigenvector: 0.9, community: 1, x: 120.5, y: -40.25 },
    },
    {
      id: 'tarija',
      label: 'Gouvernorat de Tarija',
      type: 'Actor',
      kind: 'PUBLIC_AUTHORITY',
      tags: [],
      attributes: null,
      analysis: { degree: 1, pagerank: 0.1, betweenness: 0, closeness: 0.5, eigenvector: 0.2, community: 2, x: -8, y: 16 },
    },
    // A node created after the analysis: no values, no position.
    { id: 'late', label: 'Arrivé après', type: 'Actor', kind: 'NGO', tags: [], attributes: null },
  ],
  edges: [{ id: 'undp-funds-tarija', source: 'undp', target: 'tarija', type: 'FUNDS', properties: { amount: 10, currency: 'EUR' } }],
  truncated: false,
};

const METRICS = {
  undp: { analysis_degree: 3, analysis_pagerank: 0.4, analysis_betweenness: 0.5, analysis_closeness: 0.75, analysis_eigenvector: 0.9, analysis_community: 1 },
  tarija: { analysis_degree: 1, analysis_pagerank: 0.1, analysis_betweenness: 0, analysis_closeness: 0.5, analysis_eigenvector: 0.2, analysis_community: 2 },
};

describe('exports of a graph with a stored analysis', () => {
  it('GEXF: Gephi gets the layout as viz:position, PageRank as viz:size, the metrics as typed attributes', () => {
    const graph = parseGexf(Graph, writeGexf(NETWORK), { allowUndeclaredAttributes: false });
    // graphology-gexf reads viz:position into x and y, viz:size into size.
    expect(graph.getNodeAttributes('undp')).toMatchObject({ x: 120.5, y: -40.25, size: 50, ...METRICS.undp, Budget: 12 });
    // Area in proportion to PageRank: a quarter of the largest gives half the size range.
    expect(graph.getNodeAttributes('tarija')).toMatchObject({ x: -8, y: 16, size: 27.5, ...METRICS.tarija });
    const late = graph.getNodeAttributes('late');
    for (const key of ['x', 'y', 'size', 'analysis_pagerank', 'analysis_community']) expect(late).not.toHaveProperty(key);
    const declared = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['attributes', 'attribute'].includes(name) }).parse(writeGexf(NETWORK)).gexf.graph
      .attributes as { class: string; attribute: { id: string; type: string }[] }[];
    const nodeTypes = Object.fromEntries(declared.find((group) => group.class === 'node')!.attribute.map((a) => [a.id, a.type]));
    expect(nodeTypes).toMatchObject({ analysis_pagerank: 'double', analysis_degree: 'integer', analysis_community: 'integer' });
    expect(nodeTypes).not.toHaveProperty('analysis_x');
  });

  it('GEXF written a page at a time reads to the same graph, viz included', () => {
    const builder = new GexfModelBuilder();
    for (const node of NETWORK.nodes) builder.addNodes([node]);
    builder.addEdges(NETWORK.edges);
    const model = builder.model();
    const paged = gexfHead(model) + GEXF_NODES_OPEN + NETWORK.nodes.map((node) => gexfNodes(model, [node])).join('') + GEXF_EDGES_OPEN + gexfEdges(model, NETWORK.edges) + GEXF_TAIL;
    const read = (xml: string) => parseGexf(Graph, xml, { allowUndeclaredAttributes: false }).export();
    expect(read(paged)).toEqual(read(writeGexf(NETWORK)));
  });

  it('GraphML: the metrics and the layout as typed keys, byte for byte the same when written a page at a time', () => {
    const xml = writeGraphml(NETWORK);
    const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['key', 'node', 'data'].includes(name) }).parse(xml).graphml;
    const keys = new Map((document.key as { id: string; 'attr.name': string; 'attr.type': string }[]).map((key) => [key.id, key]));
    const undp = (document.graph.node as { id: string; data: { key: string; '#text': string | number }[] }[]).find((node) => node.id === 'undp')!;
    const values = Object.fromEntries(undp.data.map((entry) => [keys.get(entry.key)!['attr.name'], Number(entry['#text'])]));
    expect(values).toMatchObject({ ...METRICS.undp, analysis_x: 120.5, analysis_y: -40.25 });
    expect([...keys.values()].filter((key) => key['attr.name'].startsWith('analysis_')).every((key) => key['attr.type'] === 'double')).toBe(true);
    const builder = new GraphmlModelBuilder();
    builder.addNodes(NETWORK.nodes);
    builder.addEdges(NETWORK.edges);
    const model = builder.model();
    expect(graphmlHead(model) + NETWORK.nodes.map((node) => graphmlNodes(model, [node])).join('') + graphmlEdges(model, NETWORK.edges) + GRAPHML_TAIL).toBe(xml);
  });

  it('CSV elements: one column per analysis value after the fixed ones, empty for a node without', () => {
    const csv = writeCsv(NETWORK, CsvTable.NODES);
    const [header] = parseCsv(csv, { to_line: 1 }) as string[][];
    expect(header).toEqual(['ID', 'Label', 'Type', 'Kind', 'Tags', ...Object.keys(METRICS.undp), 'analysis_x', 'analysis_y', 'Budget']);
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(rows.find((row) => row.ID === 'undp')).toMatchObject({ analysis_pagerank: '0.4', analysis_x: '120.5', analysis_y: '-40.25', Budget: '12' });
    expect(rows.find((row) => row.ID === 'late')).toMatchObject({ analysis_pagerank: '', analysis_x: '' });
    const builder = new CsvModelBuilder(CsvTable.NODES);
    for (const node of NETWORK.nodes) builder.addNodes([node]);
    const model = builder.model();
    expect(csvHead(model) + NETWORK.nodes.map((node) => csvNodeRows(model, [node])).join('')).toBe(csv);
  });

  it('Cytoscape: the layout as each node\u2019s position, which the preset layout keeps', () => {
    const cy = cytoscape({ headless: true, elements: JSON.parse(writeCytoscape(NETWORK)).elements, layout: { name: 'preset' } });
    expect(cy.getElementById('undp').position()).toEqual({ x: 120.5, y: -40.25 });
    expect(cy.getElementById('undp').data()).toMatchObject(METRICS.undp);
    expect(cy.getElementById('undp').data()).not.toHaveProperty('analysis_x');
    const document = JSON.parse(writeCytoscape(NETWORK)) as { elements: { nodes: { data: { id: string }; position?: unknown }[] } };
    expect(document.elements.nodes.find((node) => node.data.id === 'late')).not.toHaveProperty('position');
    cy.destroy();
  });

  it('the readers of network files leave the analysis values out, in every format the exports write', async () => {
    const files: [string, string][] = [
      ['graph.gexf', writeGexf(NETWORK)],
      ['graph.graphml', writeGraphml(NETWORK)],
      ['graph-nodes.csv', writeCsv(NETWORK, CsvTable.NODES)],
      ['graph.cyjs', writeCytoscape(NETWORK)],
    ];
    for (const [name, content] of files) {
      const file = await readNetworkFile(Buffer.from(content), name);
      const undp = file.elements.find((element) => element.id === 'undp')!;
      expect({ name, analysis: Object.keys(undp.attributes).filter((key) => key.startsWith('analysis_')), budget: String(undp.attributes.Budget) }).toEqual({ name, analysis: [], budget: '12' });
    }
  });
});
