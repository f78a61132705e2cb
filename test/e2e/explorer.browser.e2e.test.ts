import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { startTestServer, TestServer } from '../support/server';
import { EXPLORER_DIR } from '../../src/explorer/explorer.route';

const ROOT = path.resolve(EXPLORER_DIR, '../..');
// Debian's package, which .ci/run installs: playwright's own browser downloads cannot be fetched here.
const CHROMIUM = '/usr/bin/chromium';
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
  for (const file of readdirSync(path.join(ROOT, 'seeds')).filter((name) => /^\d+-.*\.json$/.test(name))) {
    const document = JSON.parse(readFileSync(path.join(ROOT, 'seeds', file), 'utf8')) as { relationships?: { type: string; fromId: string; toId: string }[] };
    for (const link of document.relationships ?? []) {
      if (link.type !== 'PARTNERS_WITH') continue;
      if (link.fromId === CENTRE) partners.add(link.toId);
      if (link.toId === CENTRE) partners.add(link.fromId);
    }
  }
  return [...partners].sort();
}

describe('the explorer page in headless Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: the browser test drives Debian's Chromium (apt-get install chromium, as .ci/run does)`);
    }
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root needs --no-sandbox; the rest keeps Chromium from calling home on a closed network.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 120_000,
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
    });
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  }, 300_000);

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds COORACE by name and draws it with its partners', async () => {
    const partners = seededPartners();
    expect(partners).toEqual(expect.arrayContaining(['labo-ess', 'pole-sud-archer']));

    await page.goto(`${server.baseUrl}/explorer/`);
    await page.locator('#search').pressSequentially('COORACE', { delay: 30 });
    const hit = page.locator(`#search-results li[data-id="${CENTRE}"]`);
    await hit.waitFor();
    await hit.click();

    // The page says "Loading…" from the choice until this centre's network is drawn.
    await page.waitForFunction(
      (id) => (globalThis as any).explorer?.centre === id && /^\d+ nodes/.test((globalThis as any).document.getElementById('status').textContent),
      CENTRE,
    );
    await expect(page.evaluate((id) => (globalThis as any).explorer.renderer.getGraph().hasNode(id), CENTRE)).resolves.toBe(true);
    await expect(page.locator('#centre').textContent()).resolves.toBe('Around: COORACE');
    await expect(page.locator('#status').textContent()).resolves.toMatch(/^\d+ nodes, \d+ links$/);
    const drawn = await page.evaluate((id) => {
      const graph = (globalThis as any).explorer.renderer.getGraph();
      return { nodes: graph.nodes() as string[], neighbours: graph.neighbors(id) as string[] };
    }, CENTRE);
    expect(drawn.nodes).toEqual(expect.arrayContaining(partners));
    expect(drawn.neighbours).toEqual(expect.arrayContaining(partners));
    // The status line counts what the API sent; the drawing holds all of it.
    const status = (await page.locator('#status').textContent())!;
    expect(Number(status.split(' ')[0])).toBe(drawn.nodes.length);
    // Choosing a search hit also opens the centre's details.
    await page.waitForFunction(() => (globalThis as any).document.querySelector('#panel:not([hidden]) h2')?.textContent === 'COORACE');
  });

  it('shows a partner’s details and sources when its node is clicked, and saves a screenshot', async () => {
    const partners = seededPartners();
    // Sigma lays out on a canvas: find each partner on screen, and take one no other node covers.
    const onScreen: NodeOnScreen[] = await page.evaluate(() => {
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
    const viewport = page.viewportSize()!;
    expect(target.x).toBeGreaterThan(0);
    expect(target.x).toBeLessThan(viewport.width);
    expect(target.y).toBeGreaterThan(0);
    expect(target.y).toBeLessThan(viewport.height);

    await page.mouse.click(target.x, target.y);

    // The panel already shows the centre's details: wait until it is about the clicked node.
    await page.waitForFunction((label) => (globalThis as any).document.querySelector('#panel:not([hidden]) h2')?.textContent === label, target.label);
    const panel = page.locator('#panel');
    await expect(page.evaluate(() => (globalThis as any).explorer.selected)).resolves.toBe(target.id);
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
    await page.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
  });
});
