import { randomBytes } from 'node:crypto';
import { gql } from 'graphql-request';
import type { Route } from 'playwright-core';
import { useExplorerSession } from '../support/browser';
import { EDITOR_KEY, READER_KEY } from '../support/server';
import { uniqueId } from '../support/database';

/** A word of letters only, so that name matching reads it as one rare word. */
function token(): string {
  return randomBytes(5)
    .toString('hex')
    .replace(/[0-9]/g, (digit) => 'ghijklmnop'[Number(digit)]);
}

interface Candidate {
  score: number;
  reasons: string[];
  a: { id: string };
  b: { id: string };
}

interface Proposal {
  id: string;
  keepId: string;
  mergeId: string;
  state: string;
  note: string | null;
  decisionNote: string | null;
}

const SECTION = '#panel section.candidates';

describe('possible duplicates in the explorer side panel', () => {
  /** The write mutations the page sent, by name. */
  const writes: string[] = [];

  // Actors of this run's own, with names no other test uses: test files share one database.
  const t1 = token();
  const t2 = token();
  const pair1 = { keep: uniqueId('cand-keep'), dup: uniqueId('cand-dup'), partner: uniqueId('cand-partner') };
  const pair2 = { keep: uniqueId('cand-keep'), dup: uniqueId('cand-dup'), partner: uniqueId('cand-partner') };
  const source = uniqueId('cand-src');
  const names = {
    keep1: `Atelier Solidaire ${t1}`,
    dup1: `Atelier Solidaire ${t1}`,
    partner1: `Relais ${token()}`,
    keep2: `Fabrique des Communs ${t2}`,
    dup2: `La Fabrique des Communs ${t2}`,
    partner2: `Maison ${token()}`,
  };

  async function candidatesOf(actorId: string): Promise<Candidate[]> {
    const { duplicateCandidates } = await session.server.anonymous.request<{ duplicateCandidates: Candidate[] }>(
      gql`query ($id: ID!) { duplicateCandidates(actorId: $id, first: 10) { score reasons a { id } b { id } } }`,
      { id: actorId },
    );
    return duplicateCandidates;
  }

  async function proposalsOf(actorId: string, state?: string): Promise<Proposal[]> {
    const { mergeProposals } = await session.server.anonymous.request<{ mergeProposals: { edges: { node: Proposal }[] } }>(
      gql`query ($id: ID!, $state: MergeState) { mergeProposals(actorId: $id, state: $state, first: 50) { edges { node { id keepId mergeId state note decisionNote } } } }`,
      { id: actorId, state: state ?? null },
    );
    return mergeProposals.edges.map((edge) => edge.node);
  }

  async function actorExists(id: string): Promise<boolean> {
    const { actor } = await session.server.anonymous.request<{ actor: { id: string } | null }>(gql`query ($id: ID!) { actor(id: $id) { id } }`, { id });
    return actor !== null;
  }

  /** Types the key in the page's "API key" box, as a user does. */
  async function setKey(key: string): Promise<void> {
    await session.page.locator('#key-box summary').click();
    await session.page.locator('#api-key').fill(key);
    await session.page.locator('#api-key').dispatchEvent('change');
    await session.page.locator('#key-box summary').click();
  }

  /** Waits until the section has loaded (or failed, which fails the test with its message). */
  async function sectionReady(): Promise<void> {
    await session.page.locator(`${SECTION}[data-state="ready"], ${SECTION}[data-state="error"]`).first().waitFor();
    expect(await session.page.locator(`${SECTION}[data-state="error"]`).allTextContents()).toEqual([]);
  }

  async function openCentredOn(id: string): Promise<void> {
    await session.page.goto(`${session.server.baseUrl}/explorer/?id=${encodeURIComponent(id)}`);
    await session.page.waitForFunction(
      (centre) => (globalThis as any).explorer?.centre === centre && /^\d+ nodes/.test((globalThis as any).document.getElementById('status').textContent),
      id,
    );
    // The view opened from a link shows its centre's details.
    await session.page.waitForFunction((centre) => (globalThis as any).explorer.selected === centre && !(globalThis as any).document.getElementById('panel').hidden, id);
  }

  /** Where sigma drew a node, in page coordinates, and whether another node covers it. */
  async function nodeOnScreen(id: string): Promise<{ x: number; y: number; clear: boolean }> {
    return session.page.evaluate((target) => {
      const renderer = (globalThis as any).explorer.renderer;
      const graph = renderer.getGraph();
      const box = renderer.getContainer().getBoundingClientRect();
      const at = (node: string) => {
        const attributes = graph.getNodeAttributes(node);
        const point = renderer.graphToViewport({ x: attributes.x, y: attributes.y });
        return { x: box.left + point.x, y: box.top + point.y, radius: renderer.scaleSize(renderer.getNodeDisplayData(node).size) };
      };
      const mine = at(target);
      const clear = (graph.nodes() as string[]).every((other) => {
        if (other === target) return true;
        const theirs = at(other);
        return Math.hypot(theirs.x - mine.x, theirs.y - mine.y) > mine.radius + theirs.radius;
      });
      return { x: mine.x, y: mine.y, clear };
    }, id);
  }

  // Below Jest's test timeout, so that a wait that fails says what it waited for.
  const session = useExplorerSession(30_000, async (server) => {
    // Each pair: two records of one organisation, both partners of a third actor, so that the
    // duplicate is on screen in the kept actor's view.
    await server.editor.request(
      gql`
        mutation ($s: SourceInput!, $k1: ActorInput!, $d1: ActorInput!, $p1: ActorInput!, $k2: ActorInput!, $d2: ActorInput!, $p2: ActorInput!,
                  $r1: RelationshipInput!, $r2: RelationshipInput!, $r3: RelationshipInput!, $r4: RelationshipInput!) {
          s: upsertSource(input: $s) { id }
          k1: upsertActor(input: $k1) { id }
          d1: upsertActor(input: $d1) { id }
          p1: upsertActor(input: $p1) { id }
          k2: upsertActor(input: $k2) { id }
          d2: upsertActor(input: $d2) { id }
          p2: upsertActor(input: $p2) { id }
          r1: createRelationship(input: $r1) { id }
          r2: createRelationship(input: $r2) { id }
          r3: createRelationship(input: $r3) { id }
          r4: createRelationship(input: $r4) { id }
        }
      `,
      {
        s: { id: source, title: `Annuaire ${t1}`, language: 'fr' },
        k1: { id: pair1.keep, name: names.keep1, kind: 'COOPERATIVE', countryCode: 'FR' },
        d1: { id: pair1.dup, name: names.dup1, kind: 'COOPERATIVE', countryCode: 'FR' },
        p1: { id: pair1.partner, name: names.partner1, kind: 'NGO' },
        k2: { id: pair2.keep, name: names.keep2, kind: 'ASSOCIATION', countryCode: 'FR' },
        d2: { id: pair2.dup, name: names.dup2, kind: 'ASSOCIATION', countryCode: 'FR' },
        p2: { id: pair2.partner, name: names.partner2, kind: 'NGO' },
        r1: { id: uniqueId('cand-link'), type: 'PARTNERS_WITH', fromId: pair1.keep, toId: pair1.partner, sourceIds: [source] },
        r2: { id: uniqueId('cand-link'), type: 'PARTNERS_WITH', fromId: pair1.dup, toId: pair1.partner, sourceIds: [source] },
        r3: { id: uniqueId('cand-link'), type: 'PARTNERS_WITH', fromId: pair2.keep, toId: pair2.partner, sourceIds: [source] },
        r4: { id: uniqueId('cand-link'), type: 'PARTNERS_WITH', fromId: pair2.dup, toId: pair2.partner, sourceIds: [source] },
      },
    );
  });

  beforeAll(() => {
    session.page.on('request', (request) => {
      const body = request.url().endsWith('/graphql') ? request.postData() ?? '' : '';
      const name = /mutation (\w+)/.exec(body)?.[1];
      if (name) writes.push(name);
    });
  });

  it('lists a clicked actor’s candidates with their score and reasons, without holding up the panel', async () => {
    const expected = (await candidatesOf(pair1.keep)).find((candidate) => [candidate.a.id, candidate.b.id].includes(pair1.dup));
    expect(expected).toBeDefined();
    expect(expected!.reasons).toEqual(expect.arrayContaining([expect.stringContaining('same name')]));

    await openCentredOn(pair1.keep);
    await sectionReady();
    await session.page.locator('#panel-close').click();
    await expect(session.page.locator('#panel').isHidden()).resolves.toBe(true);

    // The candidates' answer is held back: the rest of the panel must be on screen meanwhile.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let heldRequests = 0;
    let passedOn: Promise<void> = Promise.resolve();
    const hold = async (route: Route) => {
      if (!route.request().postData()?.includes('duplicateCandidates')) return route.continue();
      heldRequests++;
      passedOn = held.then(() => route.continue());
      return passedOn;
    };
    await session.page.route('**/graphql', hold);
    try {
      const target = await nodeOnScreen(pair1.keep);
      expect(target.clear).toBe(true);
      await session.page.mouse.click(target.x, target.y);
      await session.page.waitForFunction((id) => (globalThis as any).explorer.selected === id && !(globalThis as any).document.getElementById('panel').hidden, pair1.keep);
      await expect(session.page.locator('#panel h2').textContent()).resolves.toBe(names.keep1);
      await session.page.locator('#panel h3', { hasText: 'Details' }).waitFor();
      await expect(session.page.locator(`${SECTION}[data-state="loading"]`).textContent()).resolves.toContain('Looking for likely duplicates');
      expect(heldRequests).toBe(1);
    } finally {
      release();
      // Removing the handler while it holds a request would answer that request in its place.
      await passedOn;
      await session.page.unroute('**/graphql', hold);
    }

    await sectionReady();
    const section = session.page.locator(SECTION);
    await expect(section.locator('h3').first().textContent()).resolves.toMatch(/^Possible duplicates \(\d+\)$/);
    const item = section.locator(`li.candidate[data-id="${pair1.dup}"]`);
    await expect(item.locator('.candidate-name').textContent()).resolves.toBe(names.dup1);
    await expect(item.locator('.candidate-id').textContent()).resolves.toBe(` (${pair1.dup})`);
    await expect(item.locator('.score').textContent()).resolves.toBe(`score ${expected!.score.toFixed(2)}`);
    await expect(item.locator('ul.reasons > li').allTextContents()).resolves.toEqual(expected!.reasons);
    // No proposal yet: only the button that makes one.
    await expect(item.locator('button').allTextContents()).resolves.toEqual(['Propose merge into this actor']);
    await expect(item.getAttribute('data-proposal')).resolves.toBeNull();
  });

  it('asks for an editor API key before proposing anything', async () => {
    const item = session.page.locator(`${SECTION} li.candidate[data-id="${pair1.dup}"]`);
    await item.locator('button', { hasText: 'Propose merge into this actor' }).click();
    await expect(item.locator('[role="alert"]').textContent()).resolves.toMatch(/editor API key/);
    expect(writes).toEqual([]);
    expect(await proposalsOf(pair1.keep)).toEqual([]);
  });

  it('shows the API’s refusal when the key is a reader’s', async () => {
    await setKey(READER_KEY);
    const item = session.page.locator(`${SECTION}[data-state="ready"] li.candidate[data-id="${pair1.dup}"]`);
    await item.locator('button', { hasText: 'Propose merge into this actor' }).click();
    await session.page.waitForFunction(() => (globalThis as any).document.querySelector('#panel section.candidates [role="alert"]:not([hidden])')?.textContent.includes('editor role'));
    await expect(item.locator('[role="alert"]').textContent()).resolves.toMatch(/needs the editor role.*editor API key/);
    expect(writes).toEqual(['ProposeMerge']);
    expect(await proposalsOf(pair1.keep)).toEqual([]);
    writes.length = 0;
  });

  it('proposes a merge from the panel, then rejects it: the pair leaves the panel for good', async () => {
    await setKey(EDITOR_KEY);

    const item = () => session.page.locator(`${SECTION}[data-state="ready"] li.candidate[data-id="${pair1.dup}"]`);
    await item().locator('input.candidate-note').fill(`Même adresse ${t1}`);
    await item().locator('button', { hasText: 'Propose merge into this actor' }).click();
    await session.page.locator(`${SECTION}[data-state="ready"] li.candidate[data-id="${pair1.dup}"][data-proposal]`).waitFor();
    await sectionReady();
    expect(writes).toEqual(['ProposeMerge']);

    const [proposal] = await proposalsOf(pair1.keep, 'PROPOSED');
    expect(proposal).toMatchObject({ keepId: pair1.keep, mergeId: pair1.dup, state: 'PROPOSED', note: `Même adresse ${t1}` });
    await expect(item().getAttribute('data-proposal')).resolves.toBe(proposal.id);
    const line = (await item().locator('.proposal').textContent())!;
    expect(line).toContain(`merge \u201c${names.dup1}\u201d into \u201c${names.keep1}\u201d`);
    expect(line).toContain('by editor-team');
    await expect(item().locator('.proposal-note').textContent()).resolves.toBe(`Même adresse ${t1}`);
    await expect(item().locator('button').allTextContents()).resolves.toEqual(['Accept', 'Reject']);
    // Still a candidate, with its score, while the proposal waits.
    await expect(item().locator('.score').textContent()).resolves.toMatch(/^score \d\.\d\d$/);

    await item().locator('input.candidate-note').fill('Deux ateliers distincts');
    await item().locator('button', { hasText: 'Reject' }).click();
    await session.page.waitForFunction(
      ([selector, id]) => {
        const section = (globalThis as any).document.querySelector(selector);
        return section?.dataset.state === 'ready' && !section.querySelector(`li.candidate[data-id="${id}"]`);
      },
      [SECTION, pair1.dup] as const,
    );
    expect(writes).toEqual(['ProposeMerge', 'DecideMerge']);
    expect((await proposalsOf(pair1.keep)).find((made) => made.id === proposal.id)).toMatchObject({ state: 'REJECTED', decisionNote: 'Deux ateliers distincts' });
    // A rejected pair never comes back: neither in the API's candidates nor in the panel.
    const after = await candidatesOf(pair1.keep);
    expect(after.filter((candidate) => [candidate.a.id, candidate.b.id].includes(pair1.dup))).toEqual([]);
    expect(after).toEqual([]);
    await expect(session.page.locator(`${SECTION} .empty`).textContent()).resolves.toBe('No likely duplicate');
    // Both actors are still there.
    await expect(actorExists(pair1.dup)).resolves.toBe(true);
  });

  it('accepts a merge from the panel: the merged actor is gone and the view is drawn again without it', async () => {
    writes.length = 0;
    await openCentredOn(pair2.keep);
    await sectionReady();
    await expect(session.page.evaluate((id) => (globalThis as any).explorer.renderer.getGraph().hasNode(id), pair2.dup)).resolves.toBe(true);

    const item = () => session.page.locator(`${SECTION}[data-state="ready"] li.candidate[data-id="${pair2.dup}"]`);
    await expect(item().locator('.candidate-name').textContent()).resolves.toBe(names.dup2);
    await item().locator('button', { hasText: 'Propose merge into this actor' }).click();
    await session.page.locator(`${SECTION}[data-state="ready"] li.candidate[data-id="${pair2.dup}"][data-proposal]`).waitFor();
    const [proposal] = await proposalsOf(pair2.keep, 'PROPOSED');
    expect(proposal).toMatchObject({ keepId: pair2.keep, mergeId: pair2.dup, note: null });

    await item().locator('button', { hasText: 'Accept' }).click();
    // The view is loaded again without the merged node, and the panel drawn again for the kept actor.
    await session.page.waitForFunction(
      ([dup, keep]) => {
        const explorer = (globalThis as any).explorer;
        const document = (globalThis as any).document;
        return !explorer.renderer.getGraph().hasNode(dup) && explorer.renderer.getGraph().hasNode(keep) && /^\d+ nodes/.test(document.getElementById('status').textContent);
      },
      [pair2.dup, pair2.keep] as const,
    );
    await sectionReady();
    await expect(session.page.locator('#panel h2').textContent()).resolves.toBe(names.keep2);
    await expect(session.page.locator(`${SECTION} li.candidate[data-id="${pair2.dup}"]`).count()).resolves.toBe(0);
    expect(writes).toEqual(['ProposeMerge', 'DecideMerge']);

    await expect(actorExists(pair2.dup)).resolves.toBe(false);
    await expect(actorExists(pair2.keep)).resolves.toBe(true);
    expect((await proposalsOf(pair2.keep)).find((made) => made.id === proposal.id)).toMatchObject({ state: 'ACCEPTED' });
  });

  it('shows an error from the API as a message in the section, not in the console', async () => {
    const fail = async (route: Route) => {
      if (!route.request().postData()?.includes('duplicateCandidates')) return route.continue();
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'The duplicate finder is resting' }], data: null }) });
    };
    await session.page.route('**/graphql', fail);
    try {
      await openCentredOn(pair1.partner);
      const error = session.page.locator(`${SECTION}[data-state="error"] [role="alert"]`);
      await error.waitFor();
      await expect(error.textContent()).resolves.toBe('Possible duplicates could not be loaded: The duplicate finder is resting');
      // The rest of the panel is unaffected.
      await session.page.locator('#panel h3', { hasText: 'Details' }).waitFor();
    } finally {
      await session.page.unroute('**/graphql', fail);
    }
  });
});
