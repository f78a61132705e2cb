import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { readNetworkFile } from '../../src/import/network/readers';
import type { NetworkFile } from '../../src/import/network/network-file';
import { main as exportCli } from '../../src/export/cli';
import { seededNodeIds } from '../support/seed-files';
import { startTestServer, TestServer } from '../support/server';

/**
 * GET /export/{format}?scope=all and `npm run export`: the whole graph, streamed, in every format
 * of visualisation tools, read back with the project's own readers (the ones `npm run import`
 * uses) and, for GEXF, with graphology-gexf. Other test files write to the same database at the
 * same time, so the checks are that every node and link the seeds made is in the file and that
 * every link's ends are too; the exact counts are checked by the unit tests of the writers.
 */

interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * One download on a connection of its own (no keep-alive reuse: the checks between two downloads
 * take long on a big shared database, and a request on a connection the server is closing fails
 * with ECONNRESET whatever the export does). A failed download names what the server logged.
 */
function download(server: TestServer, query: string, serverLog: readonly string[]): Promise<Download> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${server.baseUrl}/export/${query}`, { agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        if (!response.complete) return fail(new Error('the response ended before its last byte'));
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers.set(name, value);
        resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    request.on('error', fail);
    function fail(error: Error): void {
      reject(new Error(`GET /export/${query}: ${error.message}; the server logged: ${JSON.stringify(serverLog)}`));
    }
  });
}

/**
 * Every id is in the set, in one assertion that lists the missing ones. Not `toContain` in a
 * loop: on a Set it copies the set into an array at every call, so a check of every link of the
 * whole shared database against every node blocked the event loop long enough for the server to
 * close the test's idle keep-alive connection under the next download (fetch failed, ECONNRESET).
 */
function expectAllIn(set: ReadonlySet<string | undefined>, ids: Iterable<string>, what: string): void {
  const missing = [...ids].filter((id) => !set.has(id));
  expect({ [what]: missing }).toEqual({ [what]: [] });
}

function expectSelfContained(file: NetworkFile, nodeIds: readonly string[], linkIds: readonly string[]): void {
  const elements = new Set(file.elements.map((element) => element.id));
  expectAllIn(elements, nodeIds, 'nodes missing');
  expectAllIn(new Set(file.connections.map((connection) => connection.id)), linkIds, 'links missing');
  expectAllIn(elements, file.connections.flatMap((connection) => [connection.from, connection.to]), 'ends missing');
  expect(file.problems).toEqual([]);
}

describe('exports of the whole graph', () => {
  let server: TestServer;
  const serverLog: string[] = [];
  const get = (query: string) => download(server, query, serverLog);
  const seededNodes = seededNodeIds();
  let seededLinks: string[] = [];
  let seededFunds: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        serverLog.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    server = await startTestServer({}, { logger: pino({ level: 'warn' }, sink) });
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
    const reply = await get('gexf?scope=all');
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
      const reply = await get(query);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
      expectSelfContained(await readNetworkFile(reply.body, name), seededNodes, seededLinks);
    }
    const nodes = await get('csv?scope=all&table=nodes');
    const edges = await get('csv?scope=all');
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
    const reply = await get('cytoscape?scope=all&types=funds');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-disposition')).toBe('attachment; filename="graph-funds.cyjs"');
    const document = JSON.parse(reply.body.toString('utf8')) as { elements: { nodes: { data: { id: string } }[]; edges: { data: { id: string; type: string } }[] } };
    expect(new Set(document.elements.edges.map((edge) => edge.data.type))).toEqual(new Set(['FUNDS']));
    expectAllIn(new Set(document.elements.edges.map((edge) => edge.data.id)), seededFunds, 'links missing');
    expectAllIn(new Set(document.elements.nodes.map((node) => node.data.id)), seededNodes, 'nodes missing');
  });

  it('refuses a bad scope, ego parameters with scope=all, a Sankey of everything and unknown types, naming the parameter', async () => {
    for (const [query, field, reason] of [
      ['gexf?scope=everything', 'scope', /must be "all"/],
      ['gexf?scope=all&id=undp', 'id', /not taken with scope=all/],
      ['gexf?scope=all&radius=2', 'radius', /not taken with scope=all/],
      ['sankey?scope=all', 'scope', /funding flows/],
      ['csv?scope=all&types=FUNDS,BOGUS', 'types', /FUNDS/],
    ] as const) {
      const reply = await get(query);
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
