import { gql } from 'graphql-request';
import cytoscape from 'cytoscape';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { startTestServer, TestServer, READER_KEY } from '../support/server';
import { uniqueId } from '../support/database';
import { NetworkAnalysis } from '../../src/analytics/network-analysis';
import type { NetworkData } from '../../src/network/network.type';

type Attr = Record<string, any>;

const EGO = gql`
  query ($id: ID!, $radius: Int!, $asOf: Date) {
    egoNetwork(id: $id, radius: $radius, asOf: $asOf) {
      truncated
      nodes { id label type kind metrics { degree inDegree outDegree degreeCentrality betweenness closeness eigenvector pagerank community } }
      edges { id source target type properties }
      stats { nodeCount edgeCount density components communities modularity }
      cytoscape: export(format: CYTOSCAPE)
      gexf: export(format: GEXF)
      graphml: export(format: GRAPHML)
      csvNodes: export(format: CSV, table: NODES)
      csvEdges: export(format: CSV)
      sankey: export(format: SANKEY)
    }
  }
`;

interface EgoAnswer {
  egoNetwork: Omit<NetworkData, 'nodes'> & {
    nodes: (NetworkData['nodes'][number] & { metrics: Attr })[];
    stats: Attr;
    cytoscape: string;
    gexf: string;
    graphml: string;
    csvNodes: string;
    csvEdges: string;
    sankey: string;
  };
}

function graphmlCounts(xml: string): { nodes: number; edges: number; keys: Attr[] } {
  const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name) }).parse(xml);
  return { nodes: document.graphml.graph.node?.length ?? 0, edges: document.graphml.graph.edge?.length ?? 0, keys: document.graphml.key ?? [] };
}

async function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.baseUrl}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('analytics and exports over HTTP', () => {
  let server: TestServer;
  const sourceId = uniqueId('src-export');
  const funder = uniqueId('funder-export');
  const ngo = uniqueId('ngo-export');
  const project = uniqueId('project-export');

  beforeAll(async () => {
    server = await startTestServer();
    await server.editor.request(
      gql`
        mutation ($s: SourceInput!, $a: ActorInput!, $b: ActorInput!, $i: InitiativeInput!) {
          upsertSource(input: $s) { id }
          a: upsertActor(input: $a) { id }
          b: upsertActor(input: $b) { id }
          upsertInitiative(input: $i) { id }
        }
      `,
      {
        s: { id: sourceId, title: 'Rapport d\u2019activit\u00e9', kind: 'DOCUMENT', language: 'fr' },
        a: { id: funder, name: 'Fonds "Test" & Cie', kind: 'DEVELOPMENT_AGENCY', sourceIds: [sourceId] },
        b: { id: ngo, name: 'ONG <3 & "Test", Tarija', kind: 'NGO', sourceIds: [sourceId] },
        i: { id: project, name: 'Projet test', kind: 'PROJECT', sourceIds: [sourceId] },
      },
    );
    const CREATE = gql`mutation ($input: RelationshipInput!) { createRelationship(input: $input) { id } }`;
    for (const input of [
      { type: 'FUNDS', fromId: funder, toId: ngo, amount: { amount: 1500.5, currency: 'EUR' }, startDate: '2013', endDate: '2015-06', instrument: 'grant' },
      { type: 'FUNDS', fromId: funder, toId: ngo, amount: { amount: 300, currency: 'EUR' }, startDate: '2016-01-15' },
      { type: 'FUNDS', fromId: ngo, toId: project },
      { type: 'PARTNERS_WITH', fromId: funder, toId: ngo, kind: 'technical', description: 'Ligne 1\nLigne 2 <b> & "c"' },
    ]) {
      await server.editor.request(CREATE, { input: { ...input, id: uniqueId('rel-export'), sourceIds: [sourceId] } });
    }
  });

  afterAll(async () => {
    await server.close();
  });

  describe('GraphQL: Network.metrics, stats and export on the ego network of undp', () => {
    let answer: EgoAnswer['egoNetwork'];
    beforeAll(async () => {
      answer = (await server.anonymous.request<EgoAnswer>(EGO, { id: 'undp', radius: 1 })).egoNetwork;
    });

    it('gives every node metrics computed on the returned network', () => {
      expect(answer.nodes.length).toBeGreaterThan(3);
      const undp = answer.nodes.find((node) => node.id === 'undp')!;
      const touching = answer.edges.filter((edge) => edge.source === 'undp' || edge.target === 'undp');
      expect(undp.metrics.degree).toBe(touching.length);
      expect(undp.metrics.outDegree + undp.metrics.inDegree).toBe(touching.length);
      // In its own ego network of radius 1, every other node is a neighbour of the centre.
      expect(undp.metrics.degreeCentrality).toBe(1);
      expect(undp.metrics.closeness).toBe(1);
      // The same graphology code on the same data gives the same figures, community included.
      const local = new NetworkAnalysis({ nodes: answer.nodes, edges: answer.edges, truncated: answer.truncated });
      for (const node of answer.nodes) {
        expect(node.metrics.betweenness).toBeCloseTo(local.betweenness()![node.id], 10);
        expect(node.metrics.closeness).toBeCloseTo(local.closeness()![node.id], 10);
        expect(node.metrics.pagerank).toBeCloseTo(local.pagerank()![node.id], 10);
        expect(node.metrics.community).toBe(local.communities().communities[node.id]);
        expect(node.metrics.betweenness).toBeGreaterThanOrEqual(0);
        expect(node.metrics.betweenness).toBeLessThanOrEqual(1);
      }
      expect(undp.metrics.betweenness).toBe(Math.max(...answer.nodes.map((node) => node.metrics.betweenness)));
    });

    it('gives whole-network stats', () => {
      expect(answer.stats).toMatchObject({ nodeCount: answer.nodes.length, edgeCount: answer.edges.length, components: 1 });
      expect(answer.stats.density).toBeGreaterThan(0);
      expect(answer.stats.density).toBeLessThanOrEqual(1);
      expect(answer.stats.communities).toBe(new Set(answer.nodes.map((node) => node.metrics.community)).size);
    });

    it('exports the same nodes and links in every format', () => {
      const nodeCount = answer.nodes.length;
      const edgeCount = answer.edges.length;
      const cy = cytoscape({ headless: true, elements: JSON.parse(answer.cytoscape).elements });
      expect([cy.nodes().length, cy.edges().length]).toEqual([nodeCount, edgeCount]);
      expect(cy.getElementById('undp').data('label')).toBe(answer.nodes.find((node) => node.id === 'undp')!.label);
      cy.destroy();

      const gexf = parseGexf(Graph, answer.gexf);
      expect([gexf.order, gexf.size]).toEqual([nodeCount, edgeCount]);
      for (const edge of answer.edges) {
        expect(gexf.getEdgeAttribute(edge.id, 'type')).toBe(edge.type);
        expect(gexf.getEdgeAttribute(edge.id, 'sourceIds')).toEqual(edge.properties.sourceIds);
      }

      const graphml = graphmlCounts(answer.graphml);
      expect([graphml.nodes, graphml.edges]).toEqual([nodeCount, edgeCount]);

      expect(parseCsv(answer.csvNodes, { columns: true })).toHaveLength(nodeCount);
      const edgeRows = parseCsv(answer.csvEdges, { columns: true }) as Record<string, string>[];
      expect(edgeRows).toHaveLength(edgeCount);
      expect(edgeRows.map((row) => row.ID).sort()).toEqual(answer.edges.map((edge) => edge.id).sort());

      const sankey = JSON.parse(answer.sankey);
      const funds = answer.edges.filter((edge) => edge.type === 'FUNDS');
      expect(sankey.links.reduce((sum: number, link: Attr) => sum + link.count, 0)).toBe(funds.length);
    });
  });

  describe('GET /export/{format}', () => {
    const ego = (format: string, extra = '') => `/export/${format}?id=${funder}&radius=2${extra}`;

    it('downloads Cytoscape JSON', async () => {
      const response = await get(server, ego('cytoscape'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${funder}-ego2.cyjs"`);
      const cy = cytoscape({ headless: true, elements: JSON.parse(response.text).elements });
      expect([cy.nodes().length, cy.edges().length]).toEqual([3, 4]);
      expect(cy.getElementById(funder).data('label')).toBe('Fonds "Test" & Cie');
      expect(cy.edges('[type = "FUNDS"]').map((edge) => edge.data('amount')).sort()).toEqual([1500.5, 300, undefined].sort());
      cy.destroy();
    });

    it('downloads GEXF with dynamic link periods', async () => {
      const response = await get(server, ego('gexf'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/gexf\+xml/);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${funder}-ego2.gexf"`);
      const graph = parseGexf(Graph, response.text);
      expect([graph.order, graph.size]).toEqual([3, 4]);
      expect(graph.getNodeAttribute(ngo, 'label')).toBe('ONG <3 & "Test", Tarija');
      const partnership = graph.findEdge((_edge, attributes) => attributes.type === 'PARTNERS_WITH')!;
      expect(graph.getEdgeAttribute(partnership, 'description')).toBe('Ligne 1\nLigne 2 <b> & "c"');
      const document = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(response.text);
      expect(document.gexf.graph).toMatchObject({ mode: 'dynamic', timeformat: 'date' });
      const dated = (document.gexf.graph.edges.edge as Attr[]).filter((edge) => edge.start || edge.end);
      expect(dated.map((edge) => [edge.start, edge.end]).sort()).toEqual([
        ['2013-01-01', '2015-06-30'],
        ['2016-01-15', undefined],
      ]);
    });

    it('downloads GraphML with typed keys', async () => {
      const response = await get(server, ego('graphml'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/graphml\+xml/);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${funder}-ego2.graphml"`);
      const { nodes, edges, keys } = graphmlCounts(response.text);
      expect([nodes, edges]).toEqual([3, 4]);
      expect(keys.find((key) => key['@attr.name'] === 'amount')).toMatchObject({ '@for': 'edge', '@attr.type': 'double' });
    });

    it('downloads either Kumu CSV table', async () => {
      const edgesCsv = await get(server, ego('csv'));
      expect(edgesCsv.status).toBe(200);
      expect(edgesCsv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(edgesCsv.headers.get('content-disposition')).toBe(`attachment; filename="${funder}-ego2-edges.csv"`);
      const links = parseCsv(edgesCsv.text, { columns: true }) as Record<string, string>[];
      expect(links).toHaveLength(4);
      expect(links.filter((row) => row.Type === 'FUNDS').map((row) => row.Amount).sort()).toEqual(['', '1500.5', '300']);
      expect(new Set(links.map((row) => row.Sources))).toEqual(new Set([sourceId]));

      const nodesCsv = await get(server, ego('csv', '&table=nodes'));
      expect(nodesCsv.headers.get('content-disposition')).toBe(`attachment; filename="${funder}-ego2-nodes.csv"`);
      const elements = parseCsv(nodesCsv.text, { columns: true }) as Record<string, string>[];
      expect(elements.map((row) => row.ID).sort()).toEqual([funder, ngo, project].sort());
      expect(Object.keys(elements[0])).toEqual(['ID', 'Label', 'Type', 'Kind', 'Tags']);
    });

    it('applies types and asOf like the egoNetwork query', async () => {
      const funds = parseCsv((await get(server, ego('csv', '&types=FUNDS'))).text, { columns: true }) as Record<string, string>[];
      expect(funds.map((row) => row.Type)).toEqual(['FUNDS', 'FUNDS', 'FUNDS']);
      const in2014 = parseCsv((await get(server, ego('csv', '&asOf=2014'))).text, { columns: true }) as Record<string, string>[];
      expect(in2014.filter((row) => row.Amount === '300')).toHaveLength(0);
      expect(in2014.filter((row) => row.Amount === '1500.5')).toHaveLength(1);
    });

    it('downloads the funding flows as Sankey JSON, as fundingFlows returns them', async () => {
      const response = await get(server, `/export/sankey?rootId=${funder}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${funder}-funding-flows.json"`);
      const sankey = JSON.parse(response.text);
      const { fundingFlows } = await server.anonymous.request<{ fundingFlows: Attr }>(
        gql`query ($id: ID!) { fundingFlows(rootId: $id) { nodes { id name } links { source target value currency count } truncated } }`,
        { id: funder },
      );
      expect(sankey).toEqual(fundingFlows);
      expect(sankey.links).toEqual(
        expect.arrayContaining([
          { source: funder, target: ngo, value: 1800.5, currency: 'EUR', count: 2 },
          { source: ngo, target: project, value: 0, currency: null, count: 1 },
        ]),
      );
    });

    it.each([
      ['/export/pdf?id=undp', 'format'],
      ['/export/gexf', 'id'],
      ['/export/gexf?id=bad%20id!', 'id'],
      ['/export/gexf?id=undp&radius=9', 'radius'],
      ['/export/gexf?id=undp&radius=two', 'radius'],
      ['/export/gexf?id=undp&radius=1&radius=2', 'radius'],
      ['/export/gexf?id=undp&types=FUNDS,OWNS', 'types'],
      ['/export/gexf?id=undp&asOf=2020-13', 'asOf'],
      ['/export/gexf?id=undp&limit=0', 'limit'],
      ['/export/csv?id=undp&table=rows', 'table'],
      ['/export/sankey', 'rootId'],
      ['/export/sankey?rootId=undp&direction=sideways', 'direction'],
      ['/export/sankey?rootId=undp&maxHops=99', 'maxHops'],
    ])('refuses %s with a 400 naming %s', async (path, field) => {
      const response = await get(server, path);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = JSON.parse(response.text);
      expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(body.errors[0].message).toContain(field);
      expect(response.text).not.toMatch(/stack|\.ts:|\/work\/|node_modules|MATCH/);
    });

    it('answers 404 for a node that does not exist', async () => {
      const response = await get(server, `/export/gexf?id=${uniqueId('nobody')}`);
      expect(response.status).toBe(404);
      expect(JSON.parse(response.text).errors[0].extensions.code).toBe('NOT_FOUND');
    });
  });

  describe('when reads need a key', () => {
    let locked: TestServer;
    beforeAll(async () => {
      locked = await startTestServer({ READS_NEED_KEY: 'true' });
    });
    afterAll(async () => {
      await locked.close();
    });

    it('refuses downloads without a key and serves them with one', async () => {
      expect((await get(locked, '/export/graphml?id=undp')).status).toBe(401);
      const allowed = await get(locked, '/export/graphml?id=undp', { authorization: `Bearer ${READER_KEY}` });
      expect(allowed.status).toBe(200);
      expect(graphmlCounts(allowed.text).nodes).toBeGreaterThan(3);
    });
  });
});
