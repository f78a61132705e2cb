import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { readNetworkFile } from '../../src/import/network/readers';
import type { NetworkFile } from '../../src/import/network/network-file';
import { main as exportCli } from '../../src/export/cli';
import { startTestServer, TestServer } from '../support/server';

/**
 * GET /export/{format}?scope=all and `npm run export`: the whole graph, streamed, in every format
 * of visualisation tools, read back with the project's own readers (the ones `npm run import`
 * uses) and, for GEXF, with graphology-gexf. Other test files write to the same database at the
 * same time, so the checks are that every node and link the seeds made is in the file and that
 * every link's ends are too; the exact counts are checked by the unit tests of the writers.
 */

const ROOT = path.resolve(__dirname, '../..');

interface SeedFile {
  actors?: { id: string }[];
  initiatives?: { id: string }[];
  territories?: { id: string }[];
}

function seededNodeIds(): string[] {
  const ids: string[] = [];
  for (const file of readdirSync(path.join(ROOT, 'seeds')).filter((name) => /\.json$/.test(name) && name !== 'sources.json')) {
    const document = JSON.parse(readFileSync(path.join(ROOT, 'seeds', file), 'utf8')) as SeedFile;
    for (const section of [document.actors, document.initiatives, document.territories]) for (const row of section ?? []) ids.push(row.id);
  }
  return ids;
}

async function download(server: TestServer, query: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const response = await fetch(`${server.baseUrl}/export/${query}`);
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

function expectSelfContained(file: NetworkFile, nodeIds: readonly string[], linkIds: readonly string[]): void {
  const elements = new Set(file.elements.map((element) => element.id));
  for (const id of nodeIds) expect(elements).toContain(id);
  const connections = new Set(file.connections.map((connection) => connection.id));
  for (const id of linkIds) expect(connections).toContain(id);
  for (const connection of file.connections) {
    expect(elements).toContain(connection.from);
    expect(elements).toContain(connection.to);
  }
  expect(file.problems).toEqual([]);
}

describe('exports of the whole graph', () => {
  let server: TestServer;
  const seededNodes = seededNodeIds();
  let seededLinks: string[] = [];
  let seededFunds: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const rows = await server.database.db.read((tx) =>
      tx.run('MATCH (a)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids RETURN r.id AS id, type(r) AS type', { ids: seededNodes }),
    );
    seededLinks = rows.records.map((record) => String(record.get('id')));
    seededFunds = rows.records.filter((record) => record.get('type') === 'FUNDS').map((record) => String(record.get('id')));
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  // The whole shared test database, several times: more than Jest's default minute on a busy machine.
  jest.setTimeout(300_000);

  it('streams GEXF that graphology-gexf and the importer read back, every seeded node and link in it', async () => {
    expect(seededNodes.length).toBeGreaterThan(50);
    expect(seededLinks.length).toBeGreaterThan(50);
    const reply = await download(server, 'gexf?scope=all');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^application\/gexf\+xml/);
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename="graph.gexf"');
    const graph = parseGexf(MultiDirectedGraph, reply.body.toString('utf8'));
    for (const id of seededNodes) expect(graph.hasNode(id)).toBe(true);
    for (const id of seededLinks) expect(graph.hasEdge(id)).toBe(true);
    const funds = graph.getEdgeAttributes(seededFunds[0]);
    expect(funds.type).toBe('FUNDS');
    expectSelfContained(await readNetworkFile(reply.body, 'graph.gexf'), seededNodes, seededLinks);
  });

  it('streams GraphML, Cytoscape JSON and both CSV tables that the importer reads back', async () => {
    for (const [query, name] of [
      ['graphml?scope=all', 'graph.graphml'],
      ['cytoscape?scope=all', 'graph.cyjs'],
    ]) {
      const reply = await download(server, query);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
      expectSelfContained(await readNetworkFile(reply.body, name), seededNodes, seededLinks);
    }
    const nodes = await download(server, 'csv?scope=all&table=nodes');
    const edges = await download(server, 'csv?scope=all');
    expect(nodes.headers.get('content-disposition')).toBe('attachment; filename="graph-nodes.csv"');
    expect(edges.headers.get('content-disposition')).toBe('attachment; filename="graph-edges.csv"');
    const elements = await readNetworkFile(nodes.body, 'graph-nodes.csv');
    const connections = await readNetworkFile(edges.body, 'graph-edges.csv');
    // Two requests are two moments of a database other files write to: a link among nodes created
    // between them ends outside the nodes table. Each file is whole; the pair is held to the seeds.
    expect(connections.problems).toEqual([]);
    const amongSeeds = connections.connections.filter((connection) => connection.id !== undefined && seededLinks.includes(connection.id));
    expectSelfContained({ ...elements, connections: amongSeeds }, seededNodes, seededLinks);
  });

  it('keeps only the links of the types asked for, and every node', async () => {
    const reply = await download(server, 'cytoscape?scope=all&types=funds');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename="graph-funds.cyjs"');
    const document = JSON.parse(reply.body.toString('utf8')) as { elements: { nodes: { data: { id: string } }[]; edges: { data: { id: string; type: string } }[] } };
    expect(new Set(document.elements.edges.map((edge) => edge.data.type))).toEqual(new Set(['FUNDS']));
    const edgeIds = new Set(document.elements.edges.map((edge) => edge.data.id));
    for (const id of seededFunds) expect(edgeIds).toContain(id);
    const nodeIds = new Set(document.elements.nodes.map((node) => node.data.id));
    for (const id of seededNodes) expect(nodeIds).toContain(id);
  });

  it('refuses a bad scope, ego parameters with scope=all, a Sankey of everything and unknown types, naming the parameter', async () => {
    for (const [query, field, reason] of [
      ['gexf?scope=everything', 'scope', /must be "all"/],
      ['gexf?scope=all&id=undp', 'id', /not taken with scope=all/],
      ['gexf?scope=all&radius=2', 'radius', /not taken with scope=all/],
      ['sankey?scope=all', 'scope', /funding flows/],
      ['csv?scope=all&types=FUNDS,BOGUS', 'types', /FUNDS/],
    ] as const) {
      const reply = await download(server, query);
      expect(reply.status).toBe(400);
      const body = JSON.parse(reply.body.toString('utf8')) as { errors: { extensions: { code: string; field: string; reason: string } }[] };
      expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(body.errors[0].extensions.reason).toMatch(reason);
    }
  });

  it('writes the same file from the command line, and refuses a format it does not know', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'export-cli-'));
    try {
      let stdout = '';
      let stderr = '';
      const io = {
        stdout: { write: (text: string) => ((stdout += text), true), isTTY: false },
        stderr: { write: (text: string) => ((stderr += text), true), isTTY: false },
        env: { ...process.env, LOG_LEVEL: 'warn' },
        cwd: work,
      };
      expect(await exportCli(['--format', 'pdf', '--out', 'graph.pdf'], io)).toBe(2);
      expect(stderr).toContain("argument 'pdf' is invalid");
      expect(await exportCli(['--format', 'graphml', '--out', 'graph.graphml', '--types', 'FUNDS,PARTNERS_WITH'], io)).toBe(0);
      expect(stdout).toMatch(/^Export written: .*graph\.graphml \(\d+ bytes\)/m);
      expect(readdirSync(work)).toEqual(['graph.graphml']);
      const file = await readNetworkFile(readFileSync(path.join(work, 'graph.graphml')), 'graph.graphml');
      expect(new Set(file.connections.map((connection) => connection.type))).toEqual(new Set(['FUNDS', 'PARTNERS_WITH']));
      expectSelfContained(file, seededNodes, seededFunds);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
