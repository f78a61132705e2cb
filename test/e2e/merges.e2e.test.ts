import { randomInt } from 'node:crypto';
import { gql, GraphQLClient } from 'graphql-request';
import { READER_KEY, startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { errorOf } from '../support/errors';
import { plainRecord } from '../../src/common/neo4j-values';

/** Stored properties, without the timestamps a write sets. */
type Stored = Record<string, unknown>;

interface LinkState extends Stored {
  type: string;
  from: string;
  to: string;
}

interface Proposal {
  id: string;
  keepId: string;
  mergeId: string;
  state: string;
  score: number | null;
  reasons: string[];
  note: string | null;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  auditEntryId: string | null;
  keep: { id: string } | null;
  merged: { id: string } | null;
}

const PROPOSAL_FIELDS = `id keepId mergeId state score reasons note proposedBy proposedAt decidedBy decidedAt decisionNote auditEntryId keep { id } merged { id }`;

describe('reviewed merges over HTTP', () => {
  let server: TestServer;
  let reader: GraphQLClient;
  const sourceA = uniqueId('merge-src-a');
  const sourceB = uniqueId('merge-src-b');

  /**
   * Two records of one organisation, each with links of its own: the duplicate partners with one
   * actor, is funded by another (a flow it reported itself), and is a member of the kept actor.
   */
  async function duplicatePair() {
    const keep = uniqueId('merge-keep');
    const dup = uniqueId('merge-dup');
    // Names and identifiers of their own: tests share one database.
    const names = { keep: `Coopérative des Deux Rives ${keep}`, dup: `Coop. Deux Rives ${dup}` };
    const wikidata = { keep: `Q9${randomInt(1e9)}`, dup: `Q8${randomInt(1e9)}` };
    const partner = uniqueId('merge-partner');
    const funder = uniqueId('merge-funder');
    const links = {
      keptPartnership: uniqueId('merge-link-kept'),
      partnership: uniqueId('merge-link-partner'),
      funding: uniqueId('merge-link-funds'),
      membership: uniqueId('merge-link-member'),
    };
    await server.editor.request(
      gql`
        mutation ($k: ActorInput!, $d: ActorInput!, $p: ActorInput!, $f: ActorInput!,
                  $r1: RelationshipInput!, $r2: RelationshipInput!, $r3: RelationshipInput!, $r4: RelationshipInput!) {
          k: upsertActor(input: $k) { id }
          d: upsertActor(input: $d) { id }
          p: upsertActor(input: $p) { id }
          f: upsertActor(input: $f) { id }
          r1: createRelationship(input: $r1) { id }
          r2: createRelationship(input: $r2) { id }
          r3: createRelationship(input: $r3) { id }
          r4: createRelationship(input: $r4) { id }
        }
      `,
      {
        k: {
          id: keep, name: names.keep, kind: 'COOPERATIVE', aliases: ['CDR'], sourceIds: [sourceA], tags: ['ess'],
          identifiers: [{ scheme: 'WIKIDATA', value: wikidata.keep }],
        },
        d: {
          id: dup, name: names.dup, kind: 'COOPERATIVE', aliases: ['Deux Rives'], acronym: 'C2R',
          description: 'Fiche importée', sourceIds: [sourceB], tags: ['import'],
          identifiers: [{ scheme: 'WIKIDATA', value: wikidata.dup }],
        },
        p: { id: partner, name: 'Partenaire Rives', kind: 'NGO' },
        f: { id: funder, name: 'Bailleur Rives', kind: 'DEVELOPMENT_AGENCY' },
        r1: { id: links.keptPartnership, type: 'PARTNERS_WITH', fromId: keep, toId: partner, sourceIds: [sourceA] },
        r2: { id: links.partnership, type: 'PARTNERS_WITH', fromId: dup, toId: partner, sourceIds: [sourceB], kind: 'technical' },
        r3: {
          id: links.funding, type: 'FUNDS', fromId: funder, toId: dup, sourceIds: [sourceB],
          amount: { amount: 1200, currency: 'EUR' }, reportingOrgId: dup,
        },
        r4: { id: links.membership, type: 'MEMBER_OF', fromId: dup, toId: keep, sourceIds: [sourceB] },
      },
    );
    return { keep, dup, partner, funder, links, names, identifiers: { keep: `WIKIDATA:${wikidata.keep}`, dup: `WIKIDATA:${wikidata.dup}` } };
  }

  /** An actor's stored properties and every link at it, with theirs, read straight from the database. */
  async function stateOf(id: string): Promise<{ actor: Stored | null; links: LinkState[]; identifiers: string[] }> {
    const withoutTimestamps = (props: unknown): Stored => {
      const { createdAt: _created, updatedAt: _updated, ...rest } = plainRecord(props);
      return rest;
    };
    return server.database.db.read(async (tx) => {
      const actor = await tx.run('MATCH (a:Actor {id: $id}) RETURN properties(a) AS a', { id });
      const links = await tx.run(
        `MATCH (a:Actor {id: $id})-[r]-() WHERE type(r) <> 'IDENTIFIED_BY'
         RETURN DISTINCT r.id AS id, type(r) AS type, startNode(r).id AS from, endNode(r).id AS to, properties(r) AS props
         ORDER BY id`,
        { id },
      );
      const identifiers = await tx.run(
        'MATCH (:Actor {id: $id})-[:IDENTIFIED_BY]->(i:Identifier) RETURN i.key AS key ORDER BY key',
        { id },
      );
      return {
        actor: actor.records.length ? withoutTimestamps(actor.records[0].get('a')) : null,
        links: links.records.map((r) => ({ ...withoutTimestamps(r.get('props')), type: r.get('type'), from: r.get('from'), to: r.get('to') })),
        identifiers: identifiers.records.map((r) => String(r.get('key'))),
      };
    });
  }

  async function propose(keepId: string, mergeId: string, note: string | null = null): Promise<Proposal> {
    const { proposeMerge } = await server.editor.request<{ proposeMerge: Proposal }>(
      gql`mutation ($k: ID!, $m: ID!, $note: String) { proposeMerge(keepId: $k, mergeId: $m, note: $note) { ${PROPOSAL_FIELDS} } }`,
      { k: keepId, m: mergeId, note },
    );
    return proposeMerge;
  }

  function decide(client: GraphQLClient, id: string, accept: boolean, note: string | null = null): Promise<{ decideMerge: Proposal }> {
    return client.request<{ decideMerge: Proposal }>(
      gql`mutation ($id: ID!, $accept: Boolean!, $note: String) { decideMerge(id: $id, accept: $accept, note: $note) { ${PROPOSAL_FIELDS} } }`,
      { id, accept, note },
    );
  }

  function undo(client: GraphQLClient, auditEntryId: string) {
    return client.request<{ undoMerge: { id: string; name: string; aliases: string[]; acronym: string | null; sourceIds: string[] } }>(
      gql`mutation ($id: ID!) { undoMerge(auditEntryId: $id) { id name aliases acronym sourceIds } }`,
      { id: auditEntryId },
    );
  }

  async function proposal(id: string): Promise<Proposal | null> {
    const { mergeProposal } = await server.anonymous.request<{ mergeProposal: Proposal | null }>(
      gql`query ($id: ID!) { mergeProposal(id: $id) { ${PROPOSAL_FIELDS} } }`,
      { id },
    );
    return mergeProposal;
  }

  async function history(id: string) {
    const { history: entries } = await server.anonymous.request<{ history: { id: string; operation: string; by: string }[] }>(
      gql`query ($id: ID!) { history(id: $id) { id operation by } }`,
      { id },
    );
    return entries;
  }

  beforeAll(async () => {
    server = await startTestServer();
    reader = new GraphQLClient(server.url, { headers: { authorization: `Bearer ${READER_KEY}` } });
    await server.editor.request(
      gql`mutation ($a: SourceInput!, $b: SourceInput!) { a: upsertSource(input: $a) { id } b: upsertSource(input: $b) { id } }`,
      {
        a: { id: sourceA, title: 'Annuaire des coopératives', language: 'fr' },
        b: { id: sourceB, title: 'Fichier importé', language: 'fr' },
      },
    );
  });

  afterAll(async () => {
    await server.close();
  });

  it('records a proposal with its evidence and who made it, and lists it for review', async () => {
    const { keep, dup } = await duplicatePair();
    const made = await propose(keep, dup, 'Même SIRET');
    expect(made).toMatchObject({
      keepId: keep, mergeId: dup, state: 'PROPOSED', note: 'Même SIRET',
      proposedBy: 'editor-team', decidedBy: null, decidedAt: null, auditEntryId: null,
      keep: { id: keep }, merged: { id: dup },
    });
    expect(new Date(made.proposedAt).getTime()).not.toBeNaN();
    // The duplicate finder's evidence, as it scored the pair then; a pair it cannot score has none.
    expect(made.score === null || typeof made.score === 'number').toBe(true);
    expect(made.reasons.every((reason) => typeof reason === 'string')).toBe(true);
    if (made.score === null) expect(made.reasons).toEqual([]);
    expect(await proposal(made.id)).toEqual(made);

    const { mergeProposals } = await server.anonymous.request<{ mergeProposals: { totalCount: number; edges: { node: { id: string } }[] } }>(
      gql`query ($a: ID!) { mergeProposals(state: PROPOSED, actorId: $a, first: 5) { totalCount edges { node { id } } } }`,
      { a: dup },
    );
    expect(mergeProposals).toEqual({ totalCount: 1, edges: [{ node: { id: made.id } }] });
    const accepted = await server.anonymous.request<{ mergeProposals: { totalCount: number } }>(
      gql`query ($a: ID!) { mergeProposals(state: ACCEPTED, actorId: $a) { totalCount } }`,
      { a: dup },
    );
    expect(accepted.mergeProposals.totalCount).toBe(0);
    expect(await history(made.id)).toMatchObject([{ operation: 'proposeMerge', by: 'editor-team' }]);
  });

  it('pages through proposals in the order they were made', async () => {
    const actor = uniqueId('merge-hub');
    const others = [uniqueId('merge-a'), uniqueId('merge-b'), uniqueId('merge-c')];
    for (const [id, name] of [[actor, 'Réseau pivot'], ...others.map((other) => [other, `Membre ${other}`])]) {
      await server.editor.request(gql`mutation ($a: ActorInput!) { upsertActor(input: $a) { id } }`, { a: { id, name, kind: 'NGO' } });
    }
    const made: string[] = [];
    for (const other of others) made.push((await propose(actor, other)).id);
    const page = (after: string | null) =>
      server.anonymous.request<{ mergeProposals: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
        gql`query ($a: ID!, $after: String) { mergeProposals(actorId: $a, first: 2, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { a: actor, after },
      );
    const first = await page(null);
    expect(first.mergeProposals.totalCount).toBe(3);
    expect(first.mergeProposals.edges.map((e) => e.node.id)).toEqual(made.slice(0, 2));
    expect(first.mergeProposals.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.mergeProposals.pageInfo.endCursor);
    expect(second.mergeProposals.edges.map((e) => e.node.id)).toEqual(made.slice(2));
    expect(second.mergeProposals.pageInfo.hasNextPage).toBe(false);
  });

  it('accepts a proposal: the merge of mergeActors, and the audit trail says who decided', async () => {
    const { keep, dup, partner, funder, links, names, identifiers } = await duplicatePair();
    const made = await propose(keep, dup);
    const { decideMerge } = await decide(server.editor, made.id, true, 'Vérifié au registre');
    expect(decideMerge).toMatchObject({
      id: made.id, state: 'ACCEPTED', decidedBy: 'editor-team', decisionNote: 'Vérifié au registre',
      keep: { id: keep }, merged: null,
    });
    expect(decideMerge.auditEntryId).toEqual(expect.any(String));

    const kept = await stateOf(keep);
    expect(kept.actor).toMatchObject({
      name: names.keep,
      aliases: ['CDR', 'Deux Rives', names.dup],
      acronym: 'C2R',
      description: 'Fiche importée',
      sourceIds: [sourceA, sourceB],
      tags: ['ess', 'import'],
    });
    expect(kept.identifiers).toEqual([identifiers.dup, identifiers.keep].sort());
    expect(kept.links.map(({ id, type, from, to, reportingOrgId }) => ({ id, type, from, to, reportingOrgId: reportingOrgId ?? null }))).toEqual(
      [
        { id: links.keptPartnership, type: 'PARTNERS_WITH', from: keep, to: partner, reportingOrgId: null },
        { id: links.partnership, type: 'PARTNERS_WITH', from: keep, to: partner, reportingOrgId: null },
        { id: links.funding, type: 'FUNDS', from: funder, to: keep, reportingOrgId: keep },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    expect((await stateOf(dup)).actor).toBeNull();

    const keptHistory = await history(keep);
    expect(keptHistory[0]).toEqual({ id: decideMerge.auditEntryId, operation: 'mergeActors', by: 'editor-team' });
    expect(await history(made.id)).toMatchObject([
      { operation: 'decideMerge', by: 'editor-team' },
      { operation: 'proposeMerge', by: 'editor-team' },
    ]);
  });

  it('undoes an accepted merge: both actors come back with their own names, links and sources', async () => {
    const { keep, dup, links, names, identifiers } = await duplicatePair();
    const before = { keep: await stateOf(keep), dup: await stateOf(dup) };
    expect(before.keep.links.map((link) => link.id).sort()).toEqual([links.keptPartnership, links.membership].sort());
    expect(before.dup.links.map((link) => link.id).sort()).toEqual([links.partnership, links.funding, links.membership].sort());
    expect(before.dup.identifiers).toEqual([identifiers.dup]);
    const made = await propose(keep, dup);
    const { decideMerge } = await decide(server.editor, made.id, true);

    const { undoMerge } = await undo(server.editor, decideMerge.auditEntryId!);
    expect(undoMerge).toEqual({ id: dup, name: names.dup, aliases: ['Deux Rives'], acronym: 'C2R', sourceIds: [sourceB] });
    expect(await stateOf(keep)).toEqual(before.keep);
    expect(await stateOf(dup)).toEqual(before.dup);
    expect(await proposal(made.id)).toMatchObject({ state: 'UNDONE', decidedBy: 'editor-team', keep: { id: keep }, merged: { id: dup } });

    const { search } = await server.anonymous.request<{ search: { node: { id: string } }[] }>(
      gql`query ($text: String!) { search(text: $text, first: 5) { node { id } } }`,
      { text: dup },
    );
    expect(search.map((hit) => hit.node.id)).toContain(dup);

    expect((await history(keep))[0]).toMatchObject({ operation: 'undoMerge', by: 'editor-team' });
    expect((await history(dup))[0]).toMatchObject({ operation: 'undoMerge', by: 'editor-team' });
    expect((await history(made.id))[0]).toMatchObject({ operation: 'undoMerge', by: 'editor-team' });
  });

  it('refuses to undo a merge twice, and changes nothing', async () => {
    const { keep, dup } = await duplicatePair();
    const made = await propose(keep, dup);
    const { decideMerge } = await decide(server.editor, made.id, true);
    await undo(server.editor, decideMerge.auditEntryId!);
    const before = { keep: await stateOf(keep), dup: await stateOf(dup) };

    const error = await errorOf(undo(server.editor, decideMerge.auditEntryId!));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'auditEntryId' });
    expect(error.message).toMatch(/already undone/);
    expect({ keep: await stateOf(keep), dup: await stateOf(dup) }).toEqual(before);
    expect((await proposal(made.id))!.state).toBe('UNDONE');
  });

  it('undoes a merge made by mergeActors directly, from either actor’s audit entry', async () => {
    for (const side of ['kept', 'merged'] as const) {
      const { keep, dup } = await duplicatePair();
      const before = { keep: await stateOf(keep), dup: await stateOf(dup) };
      await server.editor.request(gql`mutation ($k: ID!, $d: ID!) { mergeActors(keepId: $k, mergeId: $d) { id } }`, { k: keep, d: dup });
      const [entry] = await history(side === 'kept' ? keep : dup);
      expect(entry.operation).toBe('mergeActors');

      const { undoMerge } = await undo(server.editor, entry.id);
      expect(undoMerge.id).toBe(dup);
      expect(await stateOf(keep)).toEqual(before.keep);
      expect(await stateOf(dup)).toEqual(before.dup);
    }
  });

  it('refuses to undo when a moved link was deleted since, or the kept actor’s names changed, and changes nothing', async () => {
    const { keep, dup, links, names } = await duplicatePair();
    const made = await propose(keep, dup);
    const { decideMerge } = await decide(server.editor, made.id, true);
    await server.editor.request(gql`mutation ($id: ID!) { deleteRelationship(id: $id) }`, { id: links.partnership });
    await server.editor.request(gql`mutation ($a: ActorInput!) { upsertActor(input: $a) { id } }`, {
      a: { id: keep, name: names.keep, kind: 'COOPERATIVE', aliases: ['CDR', 'Les Deux Rives'] },
    });
    const before = await stateOf(keep);

    const error = await errorOf(undo(server.editor, decideMerge.auditEntryId!));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'auditEntryId' });
    expect(error.message).toContain(`link "${links.partnership}" that the merge moved was deleted since`);
    expect(error.message).toContain("the kept actor's aliases changed since the merge");
    expect(await stateOf(keep)).toEqual(before);
    expect((await stateOf(dup)).actor).toBeNull();
    expect((await proposal(made.id))!.state).toBe('ACCEPTED');
  });

  it('refuses to undo from an unknown entry or one that is no merge', async () => {
    expect((await errorOf(undo(server.editor, 'no-such-entry'))).extensions.code).toBe('NOT_FOUND');
    const { keep } = await duplicatePair();
    const [upsert] = await history(keep);
    expect(upsert.operation).toBe('upsertActor');
    const error = await errorOf(undo(server.editor, upsert.id));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'auditEntryId' });
  });

  it('rejects a proposal for good: the actors stay apart and a second decision is refused', async () => {
    const { keep, dup } = await duplicatePair();
    const before = { keep: await stateOf(keep), dup: await stateOf(dup) };
    const made = await propose(keep, dup);
    const { decideMerge } = await decide(server.editor, made.id, false, 'Deux coopératives distinctes');
    expect(decideMerge).toMatchObject({
      state: 'REJECTED', decidedBy: 'editor-team', decisionNote: 'Deux coopératives distinctes', auditEntryId: null,
      keep: { id: keep }, merged: { id: dup },
    });
    expect({ keep: await stateOf(keep), dup: await stateOf(dup) }).toEqual(before);

    const again = await errorOf(decide(server.editor, made.id, true));
    expect(again.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(again.message).toMatch(/already decided: REJECTED by editor-team/);
    expect(await proposal(made.id)).toEqual(decideMerge);
    expect({ keep: await stateOf(keep), dup: await stateOf(dup) }).toEqual(before);
    expect((await history(made.id)).map((entry) => entry.operation)).toEqual(['decideMerge', 'proposeMerge']);
  });

  it('refuses to decide an accepted proposal again, and changes nothing', async () => {
    const { keep, dup } = await duplicatePair();
    const made = await propose(keep, dup);
    const { decideMerge } = await decide(server.editor, made.id, true);
    const kept = await stateOf(keep);

    for (const accept of [true, false]) {
      const error = await errorOf(decide(server.editor, made.id, accept));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    }
    expect(await proposal(made.id)).toEqual(decideMerge);
    expect(await stateOf(keep)).toEqual(kept);
  });

  it('refuses merging an actor into itself, an unknown actor, and a pair already waiting for a decision', async () => {
    const { keep, dup } = await duplicatePair();
    const count = async () =>
      (await server.anonymous.request<{ mergeProposals: { totalCount: number } }>(
        gql`query ($a: ID!) { mergeProposals(actorId: $a) { totalCount } }`,
        { a: keep },
      )).mergeProposals.totalCount;

    const itself = await errorOf(propose(keep, keep));
    expect(itself.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergeId' });
    expect((await errorOf(propose(keep, uniqueId('ghost')))).extensions.code).toBe('NOT_FOUND');
    expect(await count()).toBe(0);

    const open = await propose(keep, dup);
    for (const [a, b] of [[keep, dup], [dup, keep]]) {
      const error = await errorOf(propose(a, b));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergeId' });
      expect(error.message).toContain(open.id);
    }
    expect(await count()).toBe(1);
    expect((await errorOf(decide(server.editor, uniqueId('merge-ghost'), true))).extensions.code).toBe('NOT_FOUND');
  });

  it('lets one of two simultaneous decisions, proposals or undos through, and refuses the other', async () => {
    const settle = async (attempts: Promise<unknown>[]) => {
      const results = await Promise.allSettled(attempts);
      const refused = await Promise.all(
        results.filter((r) => r.status === 'rejected').map((r) => errorOf(Promise.reject((r as PromiseRejectedResult).reason))),
      );
      return { passed: results.filter((r) => r.status === 'fulfilled').length, codes: refused.map((e) => e.extensions.code) };
    };
    const { keep, dup } = await duplicatePair();
    expect(await settle([propose(keep, dup), propose(dup, keep)])).toEqual({ passed: 1, codes: ['BAD_USER_INPUT'] });

    const [open] = (await server.anonymous.request<{ mergeProposals: { edges: { node: { id: string } }[] } }>(
      gql`query ($a: ID!) { mergeProposals(actorId: $a, state: PROPOSED) { edges { node { id } } } }`,
      { a: keep },
    )).mergeProposals.edges;
    expect(await settle([decide(server.editor, open.node.id, true), decide(server.editor, open.node.id, false)])).toEqual({
      passed: 1,
      codes: ['BAD_USER_INPUT'],
    });


    const pair = await duplicatePair();
    await server.editor.request(gql`mutation ($k: ID!, $d: ID!) { mergeActors(keepId: $k, mergeId: $d) { id } }`, { k: pair.keep, d: pair.dup });
    const [entry] = await history(pair.keep);
    expect(await settle([undo(server.editor, entry.id), undo(server.editor, entry.id)])).toEqual({ passed: 1, codes: ['BAD_USER_INPUT'] });
    expect((await stateOf(pair.dup)).actor).not.toBeNull();
  });

  it('lets only editors propose, decide and undo', async () => {
    const { keep, dup } = await duplicatePair();
    const made = await propose(keep, dup);
    const forbidden = [
      () => reader.request(gql`mutation ($k: ID!, $m: ID!) { proposeMerge(keepId: $k, mergeId: $m) { id } }`, { k: dup, m: keep }),
      () => decide(reader, made.id, true),
      () => decide(reader, made.id, false),
      () => undo(reader, 'any-entry'),
    ];
    for (const attempt of forbidden) expect((await errorOf(attempt())).extensions.code).toBe('FORBIDDEN');
    expect((await errorOf(decide(server.anonymous, made.id, true))).extensions.code).toBe('UNAUTHENTICATED');
    expect(await proposal(made.id)).toEqual(made);
    expect((await stateOf(dup)).actor).not.toBeNull();
  });
});
