import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestServer, TestServer } from '../support/server';
import { EXPLORER_DIR } from '../../src/explorer/explorer.route';
import { DETAIL_QUERIES, EGO_QUERY, FLOWS_QUERY, OVERVIEW_QUERY, SEARCH_QUERY, sourcesQuery } from '../../src/explorer/queries';

// XML namespace names that d3 and the DOM use as identifiers; they are never fetched.
const NAMESPACES = /^https?:\/\/www\.w3\.org\//;

type Attr = Record<string, any>;

describe('the explorer page at /explorer', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('redirects /explorer to the page and serves it as HTML', async () => {
    const redirect = await fetch(`${server.baseUrl}/explorer`, { redirect: 'manual' });
    expect([301, 302, 308]).toContain(redirect.status);
    expect(redirect.headers.get('location')).toBe('/explorer/');
    const page = await fetch(`${server.baseUrl}/explorer/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<script src="/explorer/explorer.js"></script>');
    for (const id of ['search', 'graph', 'types', 'asof', 'size-by', 'color-by', 'panel', 'funding', 'downloads']) {
      expect(html).toContain(`id="${id}"`);
    }
    // Every script and stylesheet comes from this server.
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="(https?:)?\/\//i);
  });

  it('serves the bundle built from node_modules, with no CDN', async () => {
    const response = await fetch(`${server.baseUrl}/explorer/explorer.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^(application|text)\/javascript/);
    const bundle = await response.text();
    expect(bundle).toBe(readFileSync(path.join(EXPLORER_DIR, 'explorer.js'), 'utf8'));
    expect(bundle.length).toBeGreaterThan(50_000);
    const urls = bundle.match(/https?:\/\/[^\s"'`)]+/g) ?? [];
    expect(urls.filter((url) => !NAMESPACES.test(url))).toEqual([]);
    expect(bundle).not.toMatch(/unpkg|jsdelivr|cdnjs|googleapis|importScripts\(/);
    // The page's own API calls are in it.
    expect(bundle).toContain('egoNetwork(');
    expect(bundle).toContain('fundingFlows(');
  });

  it('lets other sites frame the read-only embed only', async () => {
    for (const path of ['/explorer/', '/explorer/explorer.js', '/explorer/?map=some-map']) {
      const response = await fetch(`${server.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const embed = await fetch(`${server.baseUrl}/explorer/embed/map-0001-abc`);
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-type')).toMatch(/^text\/html/);
    expect(embed.headers.get('x-frame-options')).toBeNull();
    const policy = embed.headers.get('content-security-policy')!;
    expect(policy).toContain('frame-ancestors *');
    expect(policy).not.toContain("frame-ancestors 'none'");
    // The same page, started in its read-only mode by the bundle, which it loads from the root.
    expect(await embed.text()).toContain('<script src="/explorer/explorer.js"></script>');
    // Only a map id is an embed: anything else there is no page.
    expect((await fetch(`${server.baseUrl}/explorer/embed/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/explorer/embed/a/b`)).status).toBe(404);
  });

  it('answers 404 for files that are not part of the page', async () => {
    expect((await fetch(`${server.baseUrl}/explorer/../package.json`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/explorer/nothing.js`)).status).toBe(404);
  });

  describe("the page's GraphQL documents, on the seed data", () => {
    const post = async (query: string, variables: Attr = {}) => {
      const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: Attr; errors?: unknown[] };
      expect(body.errors).toBeUndefined();
      expect(response.status).toBe(200);
      return body.data!;
    };

    it('finds COORACE, draws its ego network with metrics and shows its details and sources', async () => {
      const { search } = await post(SEARCH_QUERY, { text: 'COORACE' });
      expect(search.length).toBeGreaterThan(0);
      const hit = search[0].node;
      const { egoNetwork } = await post(EGO_QUERY, { id: hit.id, radius: 2, types: null, asOf: null });
      expect(egoNetwork.nodes.length).toBeGreaterThan(1);
      expect(egoNetwork.nodes.every((node: Attr) => node.metrics && typeof node.metrics.betweenness === 'number')).toBe(true);
      expect(egoNetwork.stats.nodeCount).toBe(egoNetwork.nodes.length);

      const centre = egoNetwork.nodes.find((node: Attr) => node.id === hit.id);
      const { node } = await post(DETAIL_QUERIES[centre.type as keyof typeof DETAIL_QUERIES], { id: hit.id });
      expect(node.name).toBe(hit.name);
      expect(Array.isArray(node.sources)).toBe(true);

      const sourceIds = [...new Set(egoNetwork.edges.flatMap((edge: Attr) => edge.properties.sourceIds ?? []))] as string[];
      const { query, variables } = sourcesQuery(sourceIds);
      const sources = await post(query, variables);
      expect(sourceIds.length).toBeGreaterThan(0);
      expect(Object.values(sources).filter(Boolean).length).toBe(Math.min(sourceIds.length, 15));
    });

    it('filters by type and date, shows the overview and the funding flows', async () => {
      const filtered = await post(EGO_QUERY, { id: 'undp', radius: 2, types: ['PARTNERS_WITH', 'LEADS'], asOf: '2015' });
      expect(filtered.egoNetwork.edges.every((edge: Attr) => ['PARTNERS_WITH', 'LEADS'].includes(edge.type))).toBe(true);
      const overview = await post(OVERVIEW_QUERY, { types: null, asOf: null });
      expect(overview.network.nodes.length).toBeGreaterThan(10);
      const flows = await post(FLOWS_QUERY, { rootId: 'undp', direction: 'DOWNSTREAM', asOf: null });
      expect(flows.fundingFlows).toHaveProperty('links');
      for (const type of ['Initiative', 'Territory'] as const) {
        const some = overview.network.nodes.find((candidate: Attr) => candidate.type === type);
        if (some) expect((await post(DETAIL_QUERIES[type], { id: some.id })).node.id).toBe(some.id);
      }
    });
  });
});
