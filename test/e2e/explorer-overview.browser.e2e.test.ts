import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gql } from 'graphql-request';
import { startLocalNeo4j, LocalNeo4j } from '../../src/db/local-neo4j';
import { EXPLORER_DIR } from '../../src/explorer/explorer.route';
import type { Overview } from '../../src/overview/overview.type';
import { openWatchedPage, WatchedPage } from '../support/browser';
import { findFreePort } from '../support/free-port';
import { hubLinks } from '../support/generated-graph';
import { EDITOR_KEY, startTestServer, TestServer } from '../support/server';

/**
 * The explorer on a graph too big to lay out in the page: 20,000 generated actors and 40,000
 * links, in a Neo4j of this file's own (the current analysis is one for the whole database).
 * Before any analysis the page says so; after one, it opens on GET /overview, the stored layout
 * drawn with sigma's WebGL, and offers the community meta-graph and a drill-down into one community.
 */

const ROOT = path.resolve(EXPLORER_DIR, '../..');
const SCREENSHOT = path.join(ROOT, 'test', 'artifacts', 'explorer-overview.png');
const ACTORS = 20_000;
const LINKS = 40_000;
const ids = Array.from({ length: ACTORS }, (_, i) => `gen-${String(i).padStart(5, '0')}`);

const work = mkdtempSync(path.join(tmpdir(), 'explorer-overview-'));
let neo4j: LocalNeo4j;
let server: TestServer;
let watched: WatchedPage;

interface Job {
  id: string;
  state: string;
  error: string | null;
}

async function overview(query = ''): Promise<{ status: number; body: Overview & { errors?: { extensions: { code: string; field: string } }[] } }> {
  const response = await fetch(`${server.baseUrl}/overview${query}`);
  return { status: response.status, body: (await response.json()) as never };
}

/** Double-clicks a node where sigma draws it. */
async function doubleClickNode(node: string): Promise<void> {
  const point = await watched.page.evaluate((id) => {
    const renderer = (globalThis as any).explorer.renderer;
    const viewport = renderer.framedGraphToViewport(renderer.getNodeDisplayData(id));
    const box = (globalThis as any).document.getElementById('graph').getBoundingClientRect();
    return { x: box.left + viewport.x, y: box.top + viewport.y };
  }, node);
  await watched.page.mouse.dblclick(point.x, point.y);
}

const statusText = () => watched.page.locator('#status').textContent();
const drawn = () =>
  watched.page.evaluate(() => {
    const graph = (globalThis as any).explorer.renderer.getGraph();
    return { nodes: graph.order as number, links: graph.size as number };
  });

beforeAll(async () => {
  neo4j = await startLocalNeo4j({ port: await findFreePort(), dataDir: work, startTimeoutMs: 180_000 });
  server = await startTestServer({ NEO4J_URI: neo4j.uri });
  const links = hubLinks(ACTORS, LINKS, 11).map(({ from, to }, i) => ({ id: `gen-l${i}`, from: ids[from], to: ids[to] }));
  const db = server.database.db;
  for (let start = 0; start < ACTORS; start += 5000) {
    await db.write((tx) => tx.run(`UNWIND $ids AS id CREATE (:Actor {id: id, name: 'Acteur ' + id, kind: 'NGO'})`, { ids: ids.slice(start, start + 5000) }));
  }
  for (let start = 0; start < LINKS; start += 10_000) {
    await db.write((tx) =>
      tx.run(`UNWIND $links AS link MATCH (a:Actor {id: link.from}), (b:Actor {id: link.to}) CREATE (a)-[:PARTNERS_WITH {id: link.id}]->(b)`, {
        links: links.slice(start, start + 10_000),
      }),
    );
  }
  watched = await openWatchedPage(90_000);
}, 420_000);

afterEach(() => {
  expect(watched.problems.splice(0)).toEqual([]);
});

afterAll(async () => {
  await watched?.browser.close();
  await server?.database.services.analysis.stop();
  await server?.close();
  await neo4j?.stop();
  rmSync(work, { recursive: true, force: true });
}, 120_000);

jest.setTimeout(420_000);

describe('the explorer on a 20,000-node graph', () => {
  it('says that no analysis has run yet, and /overview answers with the graph size only', async () => {
    const reply = await overview();
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ graph: { nodes: ACTORS, links: LINKS }, analysis: null, nodes: [], links: [] });
    await watched.page.goto(`${server.baseUrl}/explorer/`);
    await watched.page.waitForFunction(() => /no analysis/.test((globalThis as any).document.getElementById('centre').textContent));
    await expect(statusText()).resolves.toMatch(/^0 nodes, 0 links: this graph has 20,000 nodes.*none has run yet/);
    await expect(watched.page.locator('#overview-start').isVisible()).resolves.toBe(true);
  });

  it('refuses bad parameters with 400 BAD_USER_INPUT naming the parameter', async () => {
    for (const [query, field] of [
      ['?nodes=0', 'nodes'],
      ['?nodes=50001', 'nodes'],
      ['?links=ten', 'links'],
      ['?community=-1', 'community'],
    ]) {
      const reply = await overview(query);
      expect(reply.status).toBe(400);
      expect(reply.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('starts an analysis from the page with an editor key, then opens on the overview: at least 15,000 nodes and 15,000 links where the analysis placed them', async () => {
    await watched.page.locator('#key-box summary').click();
    await watched.page.locator('#api-key').fill(EDITOR_KEY);
    await watched.page.locator('#api-key').dispatchEvent('change');
    await watched.page.locator('#overview-start').click();
    await watched.page.waitForFunction(() => /overview of the whole graph/.test((globalThis as any).document.getElementById('status').textContent), undefined, { timeout: 300_000 });
    await expect(watched.page.locator('#overview-start').isHidden()).resolves.toBe(true);
    const status = (await statusText())!;
    expect(status).toMatch(/^\d+ nodes, \d+ links: overview of the whole graph/);
    const { nodes, links } = await drawn();
    expect(nodes).toBeGreaterThanOrEqual(15_000);
    expect(links).toBeGreaterThanOrEqual(15_000);
    // The status line counts what is drawn.
    expect(status.startsWith(`${nodes} nodes, ${links} links`)).toBe(true);
    // Laid out by the job, not by the page: a node sits where its stored metrics say.
    const { actor } = await server.anonymous.request<{ actor: { metrics: { x: number; y: number } } }>(gql`{ actor(id: "gen-00000") { metrics { x y } } }`);
    const onScreen = await watched.page.evaluate(() => {
      const graph = (globalThis as any).explorer.renderer.getGraph();
      return { x: graph.getNodeAttribute('gen-00000', 'x') as number, y: graph.getNodeAttribute('gen-00000', 'y') as number };
    });
    expect(onScreen).toEqual({ x: actor.metrics.x, y: actor.metrics.y });
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await watched.page.screenshot({ path: SCREENSHOT });
  });

  it('answers the most central nodes at their stored places, and exactly the links among them', async () => {
    const { currentAnalysis: job } = await server.anonymous.request<{ currentAnalysis: Job }>(gql`{ currentAnalysis { id state error } }`);
    expect(job).toMatchObject({ state: 'DONE', error: null });
    const { body } = await overview('?nodes=2000');
    expect(body.analysis).toMatchObject({ jobId: job.id, nodeCount: ACTORS, edgeCount: LINKS });
    expect(body.nodes).toHaveLength(2000);
    expect(body.truncated).toBe(true);
    // In PageRank order, and the top of the graph: no node left out ranks above the last one drawn.
    const ranks = body.nodes.map((node) => node.pagerank!);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    const drawnIds = new Set(body.nodes.map((node) => node.id));
    const stored = await server.database.db.read(async (tx) => {
      const result = await tx.run(
        `MATCH (j:AnalysisJob {current: true}) WITH j
         MATCH (n:Actor) WITH j, n, n[j.prefix + 'pagerank'] AS pagerank ORDER BY pagerank DESC, n.id LIMIT 2000
         RETURN collect(n.id) AS top, collect([n[j.prefix + 'x'], n[j.prefix + 'y']]) AS places`,
      );
      return { top: result.records[0].get('top') as string[], places: result.records[0].get('places') as number[][] };
    });
    expect(body.nodes.map((node) => node.id)).toEqual(stored.top);
    expect(body.nodes.map((node) => [node.x, node.y])).toEqual(stored.places);
    const among = await server.database.db.read(async (tx) =>
      Number((await tx.run(`MATCH (a:Actor)-[r:PARTNERS_WITH]->(b:Actor) WHERE a.id IN $ids AND b.id IN $ids RETURN count(r) AS c`, { ids: [...drawnIds] })).records[0].get('c')),
    );
    expect(body.links).toHaveLength(among);
    for (const link of body.links) expect(drawnIds.has(link.source) && drawnIds.has(link.target)).toBe(true);
    // One community alone: only its nodes.
    const community = body.nodes[0].community!;
    const one = await overview(`?nodes=500&community=${community}`);
    expect(one.body.nodes.length).toBeGreaterThan(0);
    expect(one.body.nodes.every((node) => node.community === community)).toBe(true);
  });

  it('offers the community meta-graph, and draws one community from it', async () => {
    await watched.page.locator('#overview-communities').click();
    await watched.page.waitForFunction(() => /the communities of the last analysis/.test((globalThis as any).document.getElementById('status').textContent));
    const { communityNetwork } = await server.anonymous.request<{ communityNetwork: { nodes: { id: number }[] } }>(gql`{ communityNetwork(first: 200) { nodes { id } } }`);
    await expect(drawn()).resolves.toMatchObject({ nodes: communityNetwork.nodes.length });
    const first = communityNetwork.nodes[0].id;
    await doubleClickNode(`community:${first}`);
    await watched.page.waitForFunction((id) => new RegExp(`overview of community ${id}`).test((globalThis as any).document.getElementById('status').textContent), first);
    const sizes = await overview(`?community=${first}&nodes=20000`);
    await expect(drawn()).resolves.toMatchObject({ nodes: sizes.body.nodes.length, links: sizes.body.links.length });
    await watched.page.locator('#overview-whole').click();
    await watched.page.waitForFunction(() => /overview of the whole graph/.test((globalThis as any).document.getElementById('status').textContent));
  });

  it('explores around a node of the overview on double-click, and goes back to the overview', async () => {
    // In 20,000 nodes some overlap: the node explored is the one sigma finds on top under the pointer.
    await doubleClickNode('gen-00000');
    await watched.page.waitForFunction(() => (globalThis as any).explorer?.centre && /^\d+ nodes, \d+ links$/.test((globalThis as any).document.getElementById('status').textContent));
    const hub = (await watched.page.evaluate(() => (globalThis as any).explorer.centre)) as string;
    expect(hub).toMatch(/^gen-\d{5}$/);
    await expect(watched.page.locator('#centre').textContent()).resolves.toBe(`Around: Acteur ${hub}`);
    expect(new URL(watched.page.url()).searchParams.get('id')).toBe(hub);
    await expect(watched.page.locator('#overview-whole').isVisible()).resolves.toBe(true);
    await expect(watched.page.locator('#overview-communities').isVisible()).resolves.toBe(false);
    await watched.page.locator('#overview-whole').click();
    await watched.page.waitForFunction(() => /overview of the whole graph/.test((globalThis as any).document.getElementById('status').textContent));
    expect(new URL(watched.page.url()).searchParams.get('id')).toBeNull();
    await expect(drawn()).resolves.toMatchObject({ nodes: ACTORS });
  });
});
