import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gql } from 'graphql-request';
import { useExplorerSession } from '../support/browser';
import { seedDocuments } from '../support/seed-files';
import { EDITOR_KEY } from '../support/server';
import { EXPLORER_DIR } from '../../src/explorer/explorer.route';

const ROOT = path.resolve(EXPLORER_DIR, '../..');
const SCREENSHOT = path.join(ROOT, 'test', 'artifacts', 'explorer-coorace.png');
const CENTRE = 'coorace';

interface NodeOnScreen {
  id: string;
  label: string;
  x: number;
  y: number;
  radius: number;
}

/** COORACE's PARTNERS_WITH links as the seed files state them, in either direction. */
function seededPartners(): string[] {
  const partners = new Set<string>();
  for (const link of seedDocuments().flatMap((document) => document.relationships ?? [])) {
    if (link.type !== 'PARTNERS_WITH') continue;
    if (link.fromId === CENTRE) partners.add(link.toId);
    if (link.toId === CENTRE) partners.add(link.fromId);
  }
  return [...partners].sort();
}

describe('the explorer page in headless Chromium', () => {
  const session = useExplorerSession(60_000);

  it('finds COORACE by name and draws it with its partners', async () => {
    const partners = seededPartners();
    expect(partners).toEqual(expect.arrayContaining(['labo-ess', 'pole-sud-archer']));

    await session.page.goto(`${session.server.baseUrl}/explorer/`);
    await session.page.locator('#search').pressSequentially('COORACE', { delay: 30 });
    const hit = session.page.locator(`#search-results li[data-id="${CENTRE}"]`);
    await hit.waitFor();
    await hit.click();

    // The page says "Loading…" from the choice until this centre's network is drawn.
    await session.page.waitForFunction(
      (id) => (globalThis as any).explorer?.centre === id && /^\d+ nodes/.test((globalThis as any).document.getElementById('status').textContent),
      CENTRE,
    );
    await expect(session.page.evaluate((id) => (globalThis as any).explorer.renderer.getGraph().hasNode(id), CENTRE)).resolves.toBe(true);
    await expect(session.page.locator('#centre').textContent()).resolves.toBe('Around: COORACE');
    await expect(session.page.locator('#status').textContent()).resolves.toMatch(/^\d+ nodes, \d+ links$/);
    const drawn = await session.page.evaluate((id) => {
      const graph = (globalThis as any).explorer.renderer.getGraph();
      return { nodes: graph.nodes() as string[], neighbours: graph.neighbors(id) as string[] };
    }, CENTRE);
    expect(drawn.nodes).toEqual(expect.arrayContaining(partners));
    expect(drawn.neighbours).toEqual(expect.arrayContaining(partners));
    // The status line counts what the API sent; the drawing holds all of it.
    const status = (await session.page.locator('#status').textContent())!;
    expect(Number(status.split(' ')[0])).toBe(drawn.nodes.length);
    // Choosing a search hit also opens the centre's details.
    await session.page.waitForFunction(() => (globalThis as any).document.querySelector('#panel:not([hidden]) h2')?.textContent === 'COORACE');
  });

  it('shows a partner’s details and sources when its node is clicked, and saves a screenshot', async () => {
    const partners = seededPartners();
    // Sigma lays out on a canvas: find each partner on screen, and take one no other node covers.
    const onScreen: NodeOnScreen[] = await session.page.evaluate(() => {
      const renderer = (globalThis as any).explorer.renderer;
      const graph = renderer.getGraph();
      const box = renderer.getContainer().getBoundingClientRect();
      return (graph.nodes() as string[]).map((id) => {
        const attributes = graph.getNodeAttributes(id);
        const point = renderer.graphToViewport({ x: attributes.x, y: attributes.y });
        return { id, label: attributes.label, x: box.left + point.x, y: box.top + point.y, radius: renderer.scaleSize(renderer.getNodeDisplayData(id).size) };
      });
    });
    const clear = onScreen.filter(
      (node) => partners.includes(node.id) && onScreen.every((other) => other.id === node.id || Math.hypot(other.x - node.x, other.y - node.y) > node.radius + other.radius),
    );
    expect(clear.length).toBeGreaterThan(0);
    const target = clear[0];
    const viewport = session.page.viewportSize()!;
    expect(target.x).toBeGreaterThan(0);
    expect(target.x).toBeLessThan(viewport.width);
    expect(target.y).toBeGreaterThan(0);
    expect(target.y).toBeLessThan(viewport.height);

    await session.page.mouse.click(target.x, target.y);

    // The panel already shows the centre's details: wait until it is about the clicked node.
    await session.page.waitForFunction((label) => (globalThis as any).document.querySelector('#panel:not([hidden]) h2')?.textContent === label, target.label);
    const panel = session.page.locator('#panel');
    await expect(session.page.evaluate(() => (globalThis as any).explorer.selected)).resolves.toBe(target.id);
    // The API's details and the documents behind the node's links arrive after the click.
    await panel.locator('h3', { hasText: 'Sources of these links' }).waitFor();
    const headings = await panel.locator('h3').allTextContents();
    expect(headings).toEqual(expect.arrayContaining(['Details', expect.stringMatching(/^Sources \(\d+\)$/), expect.stringMatching(/^Links in this view \([1-9]\d*\)$/)]));
    const linkItems = await panel.locator('h3:has-text("Links in this view") + ul > li').allTextContents();
    expect(linkItems.some((text) => text.includes('PARTNERS_WITH COORACE'))).toBe(true);
    const linkSources = panel.locator('h3:has-text("Sources of these links") + ul > li');
    expect(await linkSources.count()).toBeGreaterThan(0);
    expect((await linkSources.first().textContent())!.length).toBeGreaterThan(10);

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await session.page.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
  });

  describe('the "Import a file" panel', () => {
    // Names of this run's own: test files share one database, and a reused one keeps earlier runs.
    const run = randomBytes(3).toString('hex');
    const alpha = `Réseau Alpha ${run}`;
    const beta = `Coopérative Beta ${run}`;
    const gamma = `Mairie Gamma ${run}`;
    const kumuFiles = () => [
      {
        name: 'elements.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`Label,Type,Description,Tags\n${alpha},Organization,Un réseau ESS,ess|réseau\n${beta},Cooperative,,\n${gamma},Government,,\n`, 'utf8'),
      },
      {
        name: 'connections.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`From,To,Type,Description\n${alpha},${beta},Partnership,Accord 2021\n${gamma},${beta},Knows,\n`, 'utf8'),
      },
    ];
    const importCalls: string[] = [];
    /** Waits for a report in this state, or for the panel's error, which then fails the test with its text. */
    const reportIn = async (state: 'dry-run' | 'written') => {
      const report = session.page.locator(`#import-report[data-state="${state}"]`);
      const error = session.page.locator('#import-report [role="alert"]');
      await report.or(error).first().waitFor();
      expect(await error.allTextContents()).toEqual([]);
      return report;
    };

    beforeAll(async () => {
      session.page.on('request', (request) => {
        if (request.url().endsWith('/graphql') && request.postData()?.includes('importFiles(')) importCalls.push(request.postData()!);
      });
      await session.page.goto(`${session.server.baseUrl}/explorer/`);
      await session.page.waitForFunction(() => /^\d+ nodes/.test((globalThis as any).document.getElementById('status').textContent));
      await session.page.locator('#import-box summary').click();
    });

    it('asks for an editor key before sending anything', async () => {
      await session.page.locator('#import-files').setInputFiles(kumuFiles());
      await expect(session.page.locator('#import-report [role="alert"]').textContent()).resolves.toMatch(/editor API key/);
      expect(importCalls).toEqual([]);
      await expect(session.page.locator('#import-actions').isHidden()).resolves.toBe(true);
    });

    it('shows the dry run of Kumu CSV files, then writes them on confirmation', async () => {
      await session.page.locator('#key-box summary').click();
      await session.page.locator('#api-key').fill(EDITOR_KEY);
      await session.page.locator('#api-key').dispatchEvent('change');
      await session.page.locator('#import-source-title').fill(`Cartographie ${run}`);
      // Leaving the field fires its change now, while no files wait, rather than during the dry run.
      await session.page.locator('#import-source-title').blur();

      await session.page.locator('#import-files').setInputFiles(kumuFiles());
      const report = await reportIn('dry-run');
      // The report is complete once it is on screen: read it as it is, rather than wait for rows.
      const sections = await report.locator('[data-section]').allTextContents();
      expect(sections).toEqual(expect.arrayContaining(['actors: 3 created', 'relationships: 2 created']));
      expect(await report.locator('[data-type]').allTextContents()).toEqual(expect.arrayContaining(['PARTNERS_WITH: 1 created']));
      // "Knows" is no type the default mapping knows: the report says what it became.
      const warnings = await report.locator('ul.warnings > li').allTextContents();
      expect(warnings.some((text) => text.includes('"Knows"') && text.includes('RELATED_TO'))).toBe(true);
      await expect(report.locator('ul.problems').count()).resolves.toBe(0);
      expect(importCalls.length).toBe(1);
      expect(JSON.parse(importCalls[0]).variables).toMatchObject({ dryRun: true, onError: 'ABORT', sourceTitle: `Cartographie ${run}` });

      // Nothing is written before the confirmation.
      const before = await session.server.anonymous.request<{ search: { node: { id: string; name: string } }[] }>(gql`query ($text: String!) { search(text: $text) { node { id name } } }`, { text: run });
      expect(before.search.filter((hit) => [alpha, beta, gamma].includes(hit.node.name))).toEqual([]);

      await expect(session.page.locator('#import-confirm').isEnabled()).resolves.toBe(true);
      await session.page.locator('#import-confirm').click();
      const written = await reportIn('written');
      expect(await written.locator('[data-section]').allTextContents()).toEqual(expect.arrayContaining(['actors: 3 created', 'relationships: 2 created']));
      expect(importCalls.map((call) => JSON.parse(call).variables.dryRun)).toEqual([true, false]);
      expect(JSON.parse(importCalls[1]).variables).toMatchObject({ onError: 'ABORT', sourceTitle: `Cartographie ${run}` });
      await expect(session.page.locator('#import-actions').isHidden()).resolves.toBe(true);
      // The view on screen is loaded again once the write is done.
      await session.page.waitForFunction(() => /^\d+ nodes/.test((globalThis as any).document.getElementById('status').textContent));

      const after = await session.server.anonymous.request<{ search: { node: { id: string; name: string } }[] }>(gql`query ($text: String!) { search(text: $text, first: 10) { node { id name } } }`, { text: run });
      const byName = new Map(after.search.map((hit) => [hit.node.name, hit.node.id]));
      expect([...byName.keys()]).toEqual(expect.arrayContaining([alpha, beta, gamma]));
      const { actor } = await session.server.anonymous.request<{ actor: { name: string; description: string | null; relationships: { edges: { node: { type: string; description: string | null; to: { name: string } } }[] } } }>(
        gql`query ($id: ID!) { actor(id: $id) { name description relationships { edges { node { type description to { name } } } } } }`,
        { id: byName.get(alpha) },
      );
      expect(actor).toMatchObject({ name: alpha, description: 'Un réseau ESS' });
      expect(actor.relationships.edges.map((edge) => edge.node)).toEqual([{ type: 'PARTNERS_WITH', description: 'Accord 2021', to: { name: beta } }]);
    });

    it('shows a file the server cannot read as a message in the panel', async () => {
      await session.page.locator('#import-files').setInputFiles([{ name: `broken-${run}.gexf`, mimeType: 'application/xml', buffer: Buffer.from('this is not a graph', 'utf8') }]);
      const message = session.page.locator('#import-report [role="alert"]');
      await message.waitFor();
      await expect(message.textContent()).resolves.toContain(`broken-${run}.gexf`);
      await expect(session.page.locator('#import-report').getAttribute('data-state')).resolves.toBeNull();
      await expect(session.page.locator('#import-actions').isHidden()).resolves.toBe(true);
    });
  });
});
