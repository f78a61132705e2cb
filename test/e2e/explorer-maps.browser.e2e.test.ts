import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gql } from 'graphql-request';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { useExplorerSession } from '../support/browser';
import { EDITOR_KEY } from '../support/server';
import { uniqueId } from '../support/database';

const CENTRE = 'coorace';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Positions = Record<string, { x: number; y: number }>;

interface SavedMap {
  id: string;
  version: number;
  name: string;
  visibility: string;
  nodes: { id: string; x: number | null; y: number | null }[];
  annotations: { text: string; nodeId: string | null; x: number | null; y: number | null; sourceIds: string[]; sources: { url: string | null }[] }[];
}

const OPEN = gql`query ($id: ID!) { map(id: $id) { id version name visibility nodes { id x y } annotations { text nodeId x y sourceIds sources { url } } } }`;

describe('saved maps in the explorer, in headless Chromium', () => {
  const session = useExplorerSession(45_000);
  /** The map the first test saves; the others open it. */
  let saved: { id: string; positions: Positions; labels: string[] } | null = null;
  const name = `Carte du réseau ${uniqueId('m')}`;

  /** The nodes drawn, at their graph coordinates (what a map stores). */
  const positions = (): Promise<Positions> =>
    session.page.evaluate(() => {
      const graph = (globalThis as any).explorer.renderer.getGraph();
      const out: Record<string, { x: number; y: number }> = {};
      graph.forEachNode((id: string, attributes: { x: number; y: number }) => (out[id] = { x: attributes.x, y: attributes.y }));
      return out;
    });

  async function setKey(key: string): Promise<void> {
    await session.page.locator('#key-box summary').click();
    await session.page.locator('#api-key').fill(key);
    await session.page.locator('#api-key').dispatchEvent('change');
    await session.page.locator('#key-box summary').click();
  }

  /**
   * Waits until the map is drawn (its name in the sidebar and its count on the status line) and
   * its changes since saved have arrived: leaving earlier would abort that request.
   */
  async function waitForMap(id: string): Promise<void> {
    await session.page.waitForFunction(
      (mapId) => (globalThis as any).explorer?.map?.id === mapId && /^\d+ nodes, \d+ links/.test((globalThis as any).document.getElementById('status').textContent),
      id,
    );
    await changesLoaded();
  }

  async function changesLoaded(): Promise<void> {
    await session.page.waitForFunction(() => (globalThis as any).performance.getEntriesByName('explorer:map-settled').length > 0);
  }

  /** Where a node is on the page, and whether another node covers it. */
  async function clearNode(): Promise<{ id: string; x: number; y: number }> {
    return session.page.evaluate((centre) => {
      const renderer = (globalThis as any).explorer.renderer;
      const graph = renderer.getGraph();
      const box = renderer.getContainer().getBoundingClientRect();
      const at = (node: string) => {
        const attributes = graph.getNodeAttributes(node);
        const point = renderer.graphToViewport({ x: attributes.x, y: attributes.y });
        return { id: node, x: box.left + point.x, y: box.top + point.y, radius: renderer.scaleSize(renderer.getNodeDisplayData(node).size) };
      };
      const all = (graph.nodes() as string[]).map(at);
      const clear = all.filter(
        (node) =>
          node.id !== centre &&
          node.x > box.left + 80 && node.x < box.right - 80 && node.y > box.top + 80 && node.y < box.bottom - 80 &&
          all.every((other) => other.id === node.id || Math.hypot(other.x - node.x, other.y - node.y) > node.radius + other.radius + 70),
      );
      return clear[0];
    }, CENTRE);
  }

  /**
   * A point of the drawing on no node and no link, where a click reaches the stage. A fixed corner
   * is not enough: once an analysis has stored metrics, nodes are sized by them and reach it.
   */
  async function emptySpot(): Promise<{ x: number; y: number } | undefined> {
    return session.page.evaluate(() => {
      const renderer = (globalThis as any).explorer.renderer;
      const graph = renderer.getGraph();
      const box = renderer.getContainer().getBoundingClientRect();
      const nodes = new Map<string, { x: number; y: number; radius: number }>();
      graph.forEachNode((node: string, attributes: { x: number; y: number }) => {
        const point = renderer.graphToViewport({ x: attributes.x, y: attributes.y });
        nodes.set(node, { ...point, radius: renderer.scaleSize(renderer.getNodeDisplayData(node).size) });
      });
      const segments = (graph.edges() as string[]).map((edge) => [nodes.get(graph.source(edge))!, nodes.get(graph.target(edge))!]);
      const fromSegment = (x: number, y: number, [a, b]: { x: number; y: number }[]) => {
        const length = (b.x - a.x) ** 2 + (b.y - a.y) ** 2;
        const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x) * (b.x - a.x) + (y - a.y) * (b.y - a.y)) / length));
        return Math.hypot(x - (a.x + t * (b.x - a.x)), y - (a.y + t * (b.y - a.y)));
      };
      for (let y = 20; y < box.height - 20; y += 20) {
        for (let x = 20; x < box.width - 20; x += 20) {
          const clear =
            [...nodes.values()].every((node) => Math.hypot(node.x - x, node.y - y) > node.radius + 20) &&
            segments.every((segment) => fromSegment(x, y, segment) > 12);
          if (clear) return { x: box.left + x, y: box.top + y };
        }
      }
      return undefined;
    });
  }

  it('saves the view as a map, with a node moved by hand and a note, and reopens it by URL at the same places', async () => {
    await session.page.goto(`${session.server.baseUrl}/explorer/?id=${CENTRE}`);
    await session.page.waitForFunction((centre) => (globalThis as any).explorer?.centre === centre && /^\d+ nodes/.test((globalThis as any).document.getElementById('status').textContent), CENTRE);
    await setKey(EDITOR_KEY);
    await session.page.waitForFunction(() => /^\d+ nodes/.test((globalThis as any).document.getElementById('status').textContent));

    // A node dragged elsewhere is saved where it was dropped.
    const before = await positions();
    const target = await clearNode();
    expect(target).toBeDefined();
    await session.page.mouse.move(target.x, target.y);
    await session.page.mouse.down();
    await session.page.mouse.move(target.x + 30, target.y + 20, { steps: 5 });
    await session.page.mouse.move(target.x + 60, target.y + 40, { steps: 5 });
    await session.page.mouse.up();
    const moved = await positions();
    expect(moved[target.id]).not.toEqual(before[target.id]);
    expect(Object.keys(moved).filter((id) => id !== target.id && (moved[id].x !== before[id].x || moved[id].y !== before[id].y))).toEqual([]);

    // A note on the selected node (the centre, selected by opening it, or the node just dragged), with a source.
    const pinned = await session.page.evaluate(() => (globalThis as any).explorer.selected as string | null);
    expect([CENTRE, target.id]).toContain(pinned);
    await session.page.locator('#annotation-text').fill('Chef de file du PTCE <b>sud</b>');
    await session.page.locator('#annotation-source-url').fill('https://example.org/rapport-2020');
    await session.page.locator('#annotation-pin-node').click();
    await session.page.locator(`#annotations .annotation[data-node="${pinned}"]`).waitFor();
    // A note at a point: the next click on the drawing, away from the nodes.
    await session.page.locator('#annotation-text').fill('Légende');
    await session.page.locator('#annotation-pin-point').click();
    const spot = await emptySpot();
    expect(spot).toBeDefined();
    await session.page.mouse.click(spot!.x, spot!.y);
    await session.page.locator('#annotations .annotation[data-pin="point"]').waitFor();

    await session.page.locator('#map-name').fill(name);
    await session.page.locator('#map-description').fill('Pour la réunion');
    await session.page.locator('#map-visibility').selectOption('PUBLIC');
    const onScreen = await positions();
    await session.page.locator('#map-save').click();
    await session.page.locator('#map-message', { hasText: 'Saved: version 1' }).waitFor();
    const id = await session.page.evaluate(() => (globalThis as any).explorer.map.id as string);
    expect(new URL(session.page.url()).searchParams.get('map')).toBe(id);

    const stored = (await session.server.anonymous.request<{ map: SavedMap }>(OPEN, { id })).map;
    expect(stored).toMatchObject({ name, version: 1, visibility: 'PUBLIC' });
    expect(Object.fromEntries(stored.nodes.map((node) => [node.id, { x: node.x, y: node.y }]))).toEqual(onScreen);
    expect(stored.annotations.map(({ sourceIds: _ids, ...annotation }) => annotation)).toEqual([
      { text: 'Chef de file du PTCE <b>sud</b>', nodeId: pinned, x: null, y: null, sources: [{ url: 'https://example.org/rapport-2020' }] },
      { text: 'Légende', nodeId: null, x: expect.any(Number), y: expect.any(Number), sources: [] },
    ]);

    // Opened by its URL in a fresh page: the same nodes at the same places, its name, its count.
    await session.page.goto(`${session.server.baseUrl}/explorer/?map=${encodeURIComponent(id)}`);
    await waitForMap(id);
    expect(await positions()).toEqual(onScreen);
    await expect(session.page.locator('#centre').textContent()).resolves.toBe(`Map: ${name}`);
    await expect(session.page.locator('#map-name').inputValue()).resolves.toBe(name);
    const edges = await session.page.evaluate(() => (globalThis as any).explorer.renderer.getGraph().size as number);
    await expect(session.page.locator('#status').textContent()).resolves.toBe(`${Object.keys(onScreen).length} nodes, ${edges} links`);
    // The note is text: its markup shows as typed.
    const note = session.page.locator(`#annotations .annotation[data-node="${pinned}"]`);
    await expect(note.locator('.text').textContent()).resolves.toBe('Chef de file du PTCE <b>sud</b>');
    await expect(session.page.locator('#annotations .annotation b').count()).resolves.toBe(0);
    await expect(note.locator('a.source').getAttribute('href')).resolves.toBe('https://example.org/rapport-2020');
    expect(await note.isVisible()).toBe(true);
    // The note at a point is inside the drawing, though the drawing is wider than when it was placed (the side panel is closed).
    const legend = await session.page.locator('#annotations .annotation[data-pin="point"]').boundingBox();
    const drawing = (await session.page.locator('#graph').boundingBox())!;
    expect(legend).not.toBeNull();
    expect(legend!.x).toBeGreaterThanOrEqual(drawing.x);
    expect(legend!.y).toBeGreaterThanOrEqual(drawing.y);
    expect(legend!.x).toBeLessThan(drawing.x + drawing.width);
    expect(legend!.y).toBeLessThan(drawing.y + drawing.height);
    const labels = await session.page.evaluate(() => {
      const graph = (globalThis as any).explorer.renderer.getGraph();
      return (graph.nodes() as string[]).map((node) => graph.getNodeAttribute(node, 'label') as string);
    });
    saved = { id, positions: onScreen, labels };
    // For a person to look at: the map as reopened, with its notes.
    const screenshot = path.resolve(__dirname, '..', 'artifacts', 'explorer-map.png');
    mkdirSync(path.dirname(screenshot), { recursive: true });
    await session.page.screenshot({ path: screenshot });
  });

  it('refuses a save over a version saved since, saying so on the page', async () => {
    const { id } = saved!;
    // Another editor saves the map while this page has version 1 open.
    const current = (await session.server.anonymous.request<{ map: SavedMap }>(OPEN, { id })).map;
    await session.server.editor.request(gql`mutation ($input: MapInput!) { saveMap(input: $input) { version } }`, {
      input: {
        id,
        version: 1,
        name: `${name} (revue)`,
        visibility: 'PUBLIC',
        nodes: current.nodes.map(({ id: node, x, y }) => ({ id: node, x, y })),
        annotations: current.annotations.map(({ text, nodeId, x, y, sourceIds }) => ({ text, nodeId, x, y, sourceIds })),
      },
    });
    await session.page.locator('#map-save').click();
    const refusal = session.page.locator('#map-message.error[role="alert"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/someone saved this map since you opened it.*version 2, saved by editor-team/);
    expect((await session.server.anonymous.request<{ map: SavedMap }>(OPEN, { id })).map).toMatchObject({ version: 2, name: `${name} (revue)` });
  });

  it('downloads the map as PNG and SVG, with every node and its label', async () => {
    const { id, labels } = saved!;
    await session.page.goto(`${session.server.baseUrl}/explorer/?map=${encodeURIComponent(id)}`);
    await waitForMap(id);

    const [png] = await Promise.all([session.page.waitForEvent('download'), session.page.locator('#downloads button[data-format="png"]').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const image = readFileSync((await png.path())!);
    expect(image.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // A blank 1400x900 white PNG is a few kilobytes; nodes, links and labels make it larger.
    expect(image.length).toBeGreaterThan(20_000);

    const [svg] = await Promise.all([session.page.waitForEvent('download'), session.page.locator('#downloads button[data-format="svg"]').click()]);
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    const text = readFileSync((await svg.path())!, 'utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    const document = new XMLParser({ ignoreAttributes: false, isArray: (tag) => ['g', 'circle', 'line', 'text', 'rect'].includes(tag) }).parse(text);
    const groups = Object.fromEntries((document.svg.g as any[]).map((group) => [group['@_class'], group]));
    expect(groups.nodes.circle).toHaveLength(labels.length);
    expect((groups.labels.text as any[]).map((label) => String(label['#text'])).sort()).toEqual([...labels].sort());
    expect(groups.edges.line.length).toBeGreaterThan(0);
    // The notes are in it, as text.
    expect((groups.annotations.text as any[]).map((note) => String(note['#text']))).toEqual(expect.arrayContaining(['Chef de file du PTCE <b>sud</b>']));
  });

  it('embeds the map read-only: the drawing and a link back, no editing control, no key sent', async () => {
    const { id } = saved!;
    const requests: (string | undefined)[] = [];
    session.page.on('request', (request) => {
      if (request.url().endsWith('/graphql')) requests.push(request.headers().authorization);
    });
    await session.page.goto(`${session.server.baseUrl}/explorer/embed/${encodeURIComponent(id)}`);
    await session.page.waitForFunction(() => /^\d+ nodes, \d+ links/.test((globalThis as any).document.getElementById('status').textContent));
    await session.page.waitForFunction(() => (globalThis as any).performance.getEntriesByName('explorer:map-drawn').length > 0);
    await changesLoaded();
    const controls = await session.page.evaluate(() => (globalThis as any).document.querySelectorAll('button, input, textarea, select, details, [contenteditable]').length);
    expect(controls).toBe(0);
    for (const gone of ['#search', '#map-save', '#import-box', '#api-key', '#annotation-text', '#downloads', '#panel']) {
      expect(await session.page.locator(gone).count()).toBe(0);
    }
    await expect(session.page.locator('#map-name').textContent()).resolves.toBe(`${name} (revue)`);
    await expect(session.page.locator('#open-full').getAttribute('href')).resolves.toBe(`${session.server.baseUrl}/explorer/?map=${encodeURIComponent(id)}`);
    expect(Object.keys(await positions()).sort()).toEqual(Object.keys(saved!.positions).sort());
    expect(await positions()).toEqual(saved!.positions);
    // The page stored the editor key earlier: the embed never sends it.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter(Boolean)).toEqual([]);
  });

  it('follows changes among the embedded map\'s nodes and to the map itself live, without a key and without a reload', async () => {
    // Actors of this test's own, on a public map, not yet linked.
    const [first, second] = [uniqueId('embed-live-a'), uniqueId('embed-live-b')];
    const source = 'doc-003-ecocuenca';
    for (const actor of [first, second]) {
      await session.server.editor.request(gql`mutation ($a: ActorInput!) { upsertActor(input: $a) { id } }`, { a: { id: actor, name: `Acteur ${actor}`, kind: 'NGO', sourceIds: [source] } });
    }
    const { saveMap } = await session.server.editor.request<{ saveMap: { id: string } }>(gql`mutation ($input: MapInput!) { saveMap(input: $input) { id } }`, {
      input: { name: 'Carte suivie', visibility: 'PUBLIC', nodes: [{ id: first, x: -50, y: 0 }, { id: second, x: 50, y: 0 }] },
    });
    const sockets: string[] = [];
    session.page.on('websocket', (socket) => sockets.push(socket.url()));
    await session.page.goto(`${session.server.baseUrl}/explorer/embed/${encodeURIComponent(saveMap.id)}`);
    await changesLoaded();
    await expect(session.page.locator('#status').textContent()).resolves.toBe('2 nodes, 0 links');
    const before = await positions();
    await session.page.evaluate(() => ((globalThis as any).__samePage = true));
    // The subscription is opened once the map is drawn: give it a moment to be listening.
    await session.page.waitForTimeout(1000);
    expect(sockets).toEqual([expect.stringMatching(/^ws:\/\/.*\/graphql$/)]);

    await session.server.editor.request(gql`mutation ($r: RelationshipInput!) { createRelationship(input: $r) { id } }`, {
      r: { id: `${first}-${second}`, type: 'PARTNERS_WITH', fromId: first, toId: second, sourceIds: [source] },
    });
    await session.page.locator('#status', { hasText: /^2 nodes, 1 links.*updated live at/ }).waitFor({ timeout: 20_000 });
    expect(await session.page.evaluate(() => (globalThis as any).__samePage)).toBe(true);
    expect(await positions()).toEqual(before);
    const controls = await session.page.evaluate(() => (globalThis as any).document.querySelectorAll('button, input, textarea, select, details, [contenteditable]').length);
    expect(controls).toBe(0);

    // Its author saves it again, renamed, a node moved: the embed shows that version, at its places.
    await session.server.editor.request(gql`mutation ($input: MapInput!) { saveMap(input: $input) { id } }`, {
      input: { id: saveMap.id, name: 'Carte suivie, revue', visibility: 'PUBLIC', nodes: [{ id: first, x: -50, y: 0 }, { id: second, x: 50, y: 80 }] },
    });
    await session.page.locator('#status', { hasText: /^2 nodes, 1 links.*version 2 saved at/ }).waitFor({ timeout: 20_000 });
    await expect(session.page.locator('#map-name').textContent()).resolves.toBe('Carte suivie, revue');
    expect((await positions())[second]).toEqual({ x: 50, y: 80 });
    expect(await session.page.evaluate(() => (globalThis as any).__samePage)).toBe(true);

    // Deleted: the embed says so.
    await session.server.editor.request(gql`mutation ($id: ID!) { deleteMap(id: $id) }`, { id: saveMap.id });
    await session.page.locator('#status.error', { hasText: 'deleted' }).waitFor({ timeout: 20_000 });
  });

  it('says so when a map is private or gone, and shows its gone nodes', async () => {
    const [kept, doomed] = [uniqueId('mapb-kept'), uniqueId('mapb-doomed')];
    for (const actor of [kept, doomed]) {
      await session.server.editor.request(gql`mutation ($a: ActorInput!) { upsertActor(input: $a) { id } }`, { a: { id: actor, name: `Acteur ${actor}`, kind: 'NGO' } });
    }
    const save = async (input: object) =>
      (await session.server.editor.request<{ saveMap: { id: string } }>(gql`mutation ($input: MapInput!) { saveMap(input: $input) { id } }`, { input })).saveMap.id;
    const privateId = await save({ name: 'Carte privée', nodes: [{ id: kept, x: 1, y: 1 }] });
    const lossy = await save({ name: 'Carte avec perte', visibility: 'PUBLIC', nodes: [{ id: kept, x: 0, y: 0 }, { id: doomed, x: 10, y: 10 }] });
    await session.server.database.db.write((tx) => tx.run('MATCH (n:Actor {id: $id}) DETACH DELETE n', { id: doomed }));

    // The embed never shows a private map, whoever's browser it is in.
    await session.page.goto(`${session.server.baseUrl}/explorer/embed/${privateId}`);
    await session.page.locator('#status.error', { hasText: 'private' }).waitFor();

    // The explorer without a key: the same, with what to do.
    await session.page.goto(`${session.server.baseUrl}/explorer/`);
    await session.page.waitForFunction(() => /^\d+ nodes/.test((globalThis as any).document.getElementById('status').textContent));
    await session.page.evaluate(() => (globalThis as any).localStorage.clear());
    await session.page.goto(`${session.server.baseUrl}/explorer/?map=${privateId}`);
    await session.page.locator('#status.error', { hasText: /private to its author's key/ }).waitFor();
    // Given the author's key, it opens.
    await setKey(EDITOR_KEY);
    await waitForMap(privateId);

    await session.page.goto(`${session.server.baseUrl}/explorer/?map=${lossy}`);
    await waitForMap(lossy);
    await expect(session.page.locator('#status').textContent()).resolves.toBe('1 nodes, 0 links (1 gone)');
    await expect(session.page.locator('#map-gone li').allTextContents()).resolves.toEqual([doomed]);
    const gone = await session.page.evaluate((node) => (globalThis as any).explorer.renderer.getGraph().getNodeAttributes(node), doomed);
    expect(gone).toMatchObject({ gone: true, x: 10, y: 10, label: `${doomed} (gone)` });
  });

  it("shows another editor's change through the API while the page is open, without a reload, the nodes drawn staying put", async () => {
    // Nodes of this test's own: a link to a seeded actor would change what other test files read of it.
    const hub = uniqueId('live-hub');
    const partner = uniqueId('live-partner');
    const newcomer = uniqueId('live-new');
    const source = 'doc-003-ecocuenca';
    const link = (id: string, fromId: string, toId: string) => ({ id, type: 'PARTNERS_WITH', fromId, toId, sourceIds: [source] });
    await session.server.editor.request(
      gql`mutation ($a: ActorInput!, $b: ActorInput!, $r: RelationshipInput!) { a: upsertActor(input: $a) { id } b: upsertActor(input: $b) { id } createRelationship(input: $r) { id } }`,
      {
        a: { id: hub, name: `Réseau ${hub}`, kind: 'ESS_NETWORK', sourceIds: [source] },
        b: { id: partner, name: `Partenaire ${partner}`, kind: 'NGO', sourceIds: [source] },
        r: link(`${partner}-${hub}`, partner, hub),
      },
    );
    await session.page.goto(`${session.server.baseUrl}/explorer/?id=${hub}`);
    await session.page.waitForFunction((centre) => (globalThis as any).explorer?.centre === centre && /^\d+ nodes/.test((globalThis as any).document.getElementById('status').textContent), hub);
    const before = await positions();
    expect(Object.keys(before).sort()).toEqual([hub, partner].sort());
    // Gone after a reload of the page: what shows the drawing changed in place.
    await session.page.evaluate(() => ((globalThis as any).__samePage = true));
    // The subscription is opened lazily, once the view is drawn: give it a moment to be listening.
    await session.page.waitForTimeout(1000);

    await session.server.editor.request(
      gql`mutation ($a: ActorInput!, $r: RelationshipInput!) { upsertActor(input: $a) { id } createRelationship(input: $r) { id } }`,
      { a: { id: newcomer, name: `Nouvelle coopérative ${newcomer}`, kind: 'COOPERATIVE', sourceIds: [source] }, r: link(`${newcomer}-${hub}`, newcomer, hub) },
    );
    await session.page.waitForFunction((id) => (globalThis as any).explorer.renderer.getGraph().hasNode(id), newcomer, { timeout: 20_000 });
    expect(await session.page.evaluate(() => (globalThis as any).__samePage)).toBe(true);
    await expect(session.page.locator('#status').textContent()).resolves.toMatch(/^\d+ nodes, \d+ links.*updated live at/);
    const after = await positions();
    for (const id of Object.keys(before)) expect(after[id]).toEqual(before[id]);
  });
});
