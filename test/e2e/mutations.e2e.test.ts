import { gql } from 'graphql-request';
import { startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { errorOf } from '../support/errors';

/** Counts every node and relationship: a refused write must leave both unchanged. */
async function graphSize(server: TestServer): Promise<string> {
  return server.database.db.read(async (tx) => {
    const nodes = (await tx.run('MATCH (n) RETURN count(n) AS c')).records[0].get('c');
    const rels = (await tx.run('MATCH ()-[r]->() RETURN count(r) AS c')).records[0].get('c');
    return `${nodes}/${rels}`;
  });
}

describe('mutations over HTTP', () => {
  let server: TestServer;
  const sourceId = uniqueId('src');
  const funder = uniqueId('funder');
  const ngo = uniqueId('ngo');
  const project = uniqueId('project');
  const region = uniqueId('region');

  async function expectRefused(document: string, variables: object, field: string | RegExp) {
    // Other test files write to the same database in parallel, so a count can move for reasons of
    // theirs: a refusal passes once one attempt leaves the graph's size exactly as it was. A
    // mutation that writes anything moves the count on every attempt and fails.
    const sizes: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = await graphSize(server);
      const error = await errorOf(server.editor.request(document, variables));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(String(error.extensions.field ?? error.message)).toMatch(field);
      expect(JSON.stringify(error)).not.toMatch(/stack|Cypher|MATCH \(|\/work\/|target/);
      const after = await graphSize(server);
      if (after === before) return;
      sizes.push(`${before} -> ${after}`);
    }
    throw new Error(`the graph changed around every refused attempt: ${sizes.join(', ')}`);
  }

  beforeAll(async () => {
    server = await startTestServer();
    await server.editor.request(gql`
      mutation ($s: SourceInput!, $a: ActorInput!, $b: ActorInput!, $i: InitiativeInput!, $t: TerritoryInput!) {
        upsertSource(input: $s) { id }
        a: upsertActor(input: $a) { id }
        b: upsertActor(input: $b) { id }
        upsertInitiative(input: $i) { id }
        upsertTerritory(input: $t) { id }
      }
    `, {
      s: { id: sourceId, title: 'Rapport annuel', kind: 'DOCUMENT', language: 'fr', date: '2014-03' },
      a: { id: funder, name: 'Agence Test', kind: 'DEVELOPMENT_AGENCY', sourceIds: [sourceId] },
      b: { id: ngo, name: 'ONG Test', kind: 'NGO' },
      i: { id: project, name: 'Projet Test', kind: 'PROJECT', startDate: '2013', endDate: '2015-06',
           budget: { amount: 10000.0, currency: 'EUR' },
           indicators: [{ name: 'Young people supported', value: 1479, unit: 'people', sourceIds: [sourceId],
                          breakdown: [{ name: 'Young women', value: 1142, unit: 'people' }] }] },
      t: { id: region, name: 'Région Test', level: 'REGION', parentId: 'bolivia', sourceIds: [sourceId] },
    });
  });
  afterAll(async () => server.close());

  describe('upsertInitiative', () => {
    const UPSERT = gql`mutation ($input: InitiativeInput!) { upsertInitiative(input: $input) { id } }`;

    it('stores budget exactly, partial dates and indicators with breakdowns and sources', async () => {
      const data = await server.anonymous.request<{ initiative: Record<string, any> }>(gql`
        query ($id: ID!) { initiative(id: $id) {
          startDate endDate budget { amount currency }
          indicators { name value unit sources { id } breakdown { name value sourceIds } }
        } }
      `, { id: project });
      expect(data.initiative.budget).toEqual({ amount: 10000, currency: 'EUR' });
      expect(data.initiative.startDate).toBe('2013');
      expect(data.initiative.indicators[0]).toEqual({
        name: 'Young people supported', value: 1479, unit: 'people', sources: [{ id: sourceId }],
        breakdown: [{ name: 'Young women', value: 1142, sourceIds: [sourceId] }],
      });
    });

    it('refuses endDate before startDate', () =>
      expectRefused(UPSERT, { input: { name: 'X', kind: 'PROJECT', startDate: '2015', endDate: '2014-12' } }, 'endDate'));
    it('refuses a bad currency', () =>
      expectRefused(UPSERT, { input: { name: 'X', kind: 'PROJECT', budget: { amount: 1, currency: 'EURO' } } }, /currency/));
    it('refuses an indicator without a source', () =>
      expectRefused(UPSERT, { input: { name: 'X', kind: 'PROJECT', indicators: [{ name: 'n', value: 1 }] } }, /indicators.*sourceIds/));
    it('refuses an unknown source on an indicator', () =>
      expectRefused(UPSERT, { input: { name: 'X', kind: 'PROJECT', indicators: [{ name: 'n', value: 1, sourceIds: ['no-such-source'] }] } }, 'sourceIds'));
    it('refuses a budget beyond 1e15', () =>
      expectRefused(UPSERT, { input: { name: 'X', kind: 'PROJECT', budget: { amount: 2e15, currency: 'EUR' } } }, /amount/));

    it('keeps a budget with three decimals exactly', async () => {
      const id = uniqueId('budget');
      await server.editor.request(UPSERT, { input: { id, name: 'Budget exact', kind: 'PROJECT', budget: { amount: 1500000.125, currency: 'XOF', amountEur: 2286.735 } } });
      const data = await server.anonymous.request<{ initiative: { budget: unknown } }>(gql`
        query ($id: ID!) { initiative(id: $id) { budget { amount exact currency amountEur } } }
      `, { id });
      expect(data.initiative.budget).toEqual({ amount: 1500000.125, exact: '1500000.125', currency: 'XOF', amountEur: 2286.735 });
    });
  });

  describe('upsertTerritory', () => {
    const UPSERT = gql`mutation ($input: TerritoryInput!) { upsertTerritory(input: $input) { id } }`;

    it('links a territory to its parent, so it rolls up to the country', async () => {
      const data = await server.anonymous.request<{ territory: Record<string, any> }>(gql`
        query ($id: ID!) { territory(id: $id) { level parent { id } parents { id } } }
      `, { id: region });
      expect(data.territory).toEqual({ level: 'REGION', parent: { id: 'bolivia' }, parents: [{ id: 'bolivia' }] });
      const children = await server.anonymous.request<{ territory: { children: { id: string }[] } }>(gql`
        { territory(id: "bolivia") { children { id } } }
      `);
      expect(children.territory.children.map((c) => c.id)).toContain(region);
    });

    it('refuses an unknown parent', () =>
      expectRefused(UPSERT, { input: { name: 'X', level: 'REGION', parentId: 'nowhere-123', sourceIds: [sourceId] } }, 'parentId'));
    it('refuses a parent link without a source', () =>
      expectRefused(UPSERT, { input: { name: 'X', level: 'REGION', parentId: 'bolivia' } }, 'sourceIds'));
    it('refuses a cycle', () =>
      expectRefused(UPSERT, { input: { id: 'bolivia', name: 'Bolivie', level: 'COUNTRY', parentId: region, sourceIds: [sourceId] } }, 'parentId'));
    it('refuses an unknown level', () =>
      expectRefused(UPSERT, { input: { name: 'X', level: 'GALAXY' } }, /level/));
  });

  describe('upsertSource', () => {
    const UPSERT = gql`mutation ($input: SourceInput!) { upsertSource(input: $input) { id } }`;
    it('refuses a bad date', () => expectRefused(UPSERT, { input: { title: 'X', date: '2014-13' } }, /date/i));
    it('refuses a bad url', () => expectRefused(UPSERT, { input: { title: 'X', url: 'javascript:alert(1)' } }, 'url'));
    it('refuses an empty title', () => expectRefused(UPSERT, { input: { title: '' } }, 'title'));
    it('lists what a source supports', async () => {
      const data = await server.anonymous.request<{ source: { supports: { kind: string; id: string }[] } }>(gql`
        query ($id: ID!) { source(id: $id) { supports { kind id } } }
      `, { id: sourceId });
      expect(data.source.supports).toEqual(
        expect.arrayContaining([
          { kind: 'ACTOR', id: funder },
          { kind: 'INDICATOR', id: project },
          { kind: 'TERRITORY', id: region },
        ]),
      );
    });
  });

  describe('relationships', () => {
    const CREATE = gql`mutation ($input: RelationshipInput!) {
      createRelationship(input: $input) { id type from { id name } to { id } amount { amount currency } startDate sources { id } }
    }`;
    const valid = () => ({
      id: uniqueId('funds'), type: 'FUNDS', fromId: funder, toId: project, sourceIds: [sourceId],
      amount: { amount: 10000.0, currency: 'EUR' }, startDate: '2013-05', endDate: '2014', instrument: 'grant',
    });

    it('creates, updates and deletes a link, with an audit trail', async () => {
      const input = valid();
      const created = await server.editor.request<{ createRelationship: Record<string, any> }>(CREATE, { input });
      expect(created.createRelationship).toEqual({
        id: input.id, type: 'FUNDS', from: { id: funder, name: 'Agence Test' }, to: { id: project },
        amount: { amount: 10000, currency: 'EUR' }, startDate: '2013-05', sources: [{ id: sourceId }],
      });

      const updated = await server.editor.request<{ updateRelationship: Record<string, any> }>(gql`
        mutation ($id: ID!, $input: RelationshipInput!) { updateRelationship(id: $id, input: $input) { id to { id } amount { amount } } }
      `, { id: input.id, input: { ...input, id: undefined, toId: ngo, amount: { amount: 2500.5, currency: 'EUR' } } });
      expect(updated.updateRelationship).toEqual({ id: input.id, to: { id: ngo }, amount: { amount: 2500.5 } });

      const given = await server.anonymous.request<{ actor: { fundingGiven: { id: string }[] } }>(gql`
        query ($id: ID!) { actor(id: $id) { fundingGiven(asOf: "2013-06") { id } } }
      `, { id: funder });
      expect(given.actor.fundingGiven.map((r) => r.id)).toEqual([input.id]);
      const later = await server.anonymous.request<{ actor: { fundingGiven: { id: string }[] } }>(gql`
        query ($id: ID!) { actor(id: $id) { fundingGiven(asOf: "2016") { id } } }
      `, { id: funder });
      expect(later.actor.fundingGiven).toEqual([]);

      const deleted = await server.editor.request<{ deleteRelationship: boolean }>(gql`
        mutation ($id: ID!) { deleteRelationship(id: $id) }
      `, { id: input.id });
      expect(deleted.deleteRelationship).toBe(true);

      const history = await server.anonymous.request<{ history: { operation: string; by: string; changedFields: string[] }[] }>(gql`
        query ($id: ID!) { history(id: $id) { operation by changedFields } }
      `, { id: input.id });
      expect(history.history.map((h) => h.operation)).toEqual(['deleteRelationship', 'updateRelationship', 'createRelationship']);
      expect(history.history[1].changedFields).toEqual(expect.arrayContaining(['toId', 'amountExact', 'amountValue']));
      expect(history.history.every((h) => h.by === 'editor-team')).toBe(true);
    });

    it('stores a negative amount with three decimals exactly and reads it back', async () => {
      const input = { ...valid(), amount: { amount: -1234.567, currency: 'USD', amountEur: -1100.0005 } };
      const created = await server.editor.request<{ createRelationship: { amount: unknown } }>(gql`
        mutation ($input: RelationshipInput!) { createRelationship(input: $input) { amount { amount exact currency amountEur } } }
      `, { input });
      expect(created.createRelationship.amount).toEqual({ amount: -1234.567, exact: '-1234.567', currency: 'USD', amountEur: -1100.0005 });
      const read = await server.anonymous.request<{ actor: { fundingGiven: { id: string; amount: unknown }[] } }>(gql`
        query ($id: ID!) { actor(id: $id) { fundingGiven { id amount { amount exact currency } } } }
      `, { id: funder });
      expect(read.actor.fundingGiven.find((link) => link.id === input.id)?.amount).toEqual({ amount: -1234.567, exact: '-1234.567', currency: 'USD' });
      const stored = await server.database.db.read(async (tx) => {
        const result = await tx.run('MATCH ()-[r:FUNDS {id: $id}]->() RETURN properties(r) AS props', { id: input.id });
        return result.records[0].get('props') as Record<string, unknown>;
      });
      expect(stored).toMatchObject({ amountExact: '-1234.567', amountValue: -1234.567, currency: 'USD', amountEurExact: '-1100.0005', amountEurValue: -1100.0005 });
      await server.editor.request(gql`mutation ($id: ID!) { deleteRelationship(id: $id) }`, { id: input.id });
    });

    it('refuses an amount beyond 1e15', () => expectRefused(CREATE, { input: { ...valid(), amount: { amount: -1.5e15, currency: 'EUR' } } }, /amount/));

    it('refuses endpoints of the wrong type', () =>
      expectRefused(CREATE, { input: { ...valid(), type: 'LEADS', toId: ngo, amount: undefined, instrument: undefined } }, /type/));
    it('refuses a link without a source', () => expectRefused(CREATE, { input: { ...valid(), sourceIds: [] } }, /sourceIds/));
    it('refuses an unknown source', () => expectRefused(CREATE, { input: { ...valid(), sourceIds: ['nope-404'] } }, /sourceIds/));
    it('refuses endDate before startDate', () => expectRefused(CREATE, { input: { ...valid(), startDate: '2015', endDate: '2014' } }, /endDate/));
    it('refuses an unknown endpoint id', () => expectRefused(CREATE, { input: { ...valid(), toId: 'ghost-actor' } }, /toId/));
    it('refuses a bad currency', () => expectRefused(CREATE, { input: { ...valid(), amount: { amount: 5, currency: 'XXXX' } } }, /currency/));
    it('refuses an amount on a type that carries none', () =>
      expectRefused(CREATE, { input: { ...valid(), type: 'SUPPORTS', instrument: undefined } }, /amount/));
    it('refuses to update or delete an unknown link', async () => {
      const error = await errorOf(server.editor.request(gql`mutation { deleteRelationship(id: "no-such-link") }`));
      expect(error.extensions.code).toBe('NOT_FOUND');
    });
  });

  describe('mergeActors', () => {
    it('moves links, aliases and sources onto the kept actor and deletes the other, with history', async () => {
      const keep = uniqueId('keep');
      const dup = uniqueId('dup');
      const linkId = uniqueId('link');
      await server.editor.request(gql`
        mutation ($k: ActorInput!, $d: ActorInput!, $r: RelationshipInput!) {
          k: upsertActor(input: $k) { id }
          d: upsertActor(input: $d) { id }
          createRelationship(input: $r) { id }
        }
      `, {
        k: { id: keep, name: 'Réseau Test Fusion', kind: 'ESS_NETWORK' },
        d: { id: dup, name: 'Doublon Test Fusion', kind: 'ESS_NETWORK', acronym: 'DTFX', sourceIds: [sourceId] },
        r: { id: linkId, type: 'PARTNERS_WITH', fromId: dup, toId: ngo, sourceIds: [sourceId], kind: 'technical' },
      });
      const merged = await server.editor.request<{ mergeActors: Record<string, any> }>(gql`
        mutation ($k: ID!, $d: ID!) { mergeActors(keepId: $k, mergeId: $d) {
          id aliases acronym sourceIds relationships { totalCount edges { node { id from { id } to { id } } } }
        } }
      `, { k: keep, d: dup });
      expect(merged.mergeActors).toMatchObject({
        id: keep, aliases: ['Doublon Test Fusion'], acronym: 'DTFX', sourceIds: [sourceId],
        relationships: { totalCount: 1, edges: [{ node: { id: linkId, from: { id: keep }, to: { id: ngo } } }] },
      });
      const gone = await server.anonymous.request<{ actor: null }>(gql`query ($id: ID!) { actor(id: $id) { id } }`, { id: dup });
      expect(gone.actor).toBeNull();
      const history = await server.anonymous.request<{ history: { operation: string }[] }>(gql`query ($id: ID!) { history(id: $id) { operation } }`, { id: keep });
      expect(history.history[0].operation).toBe('mergeActors');
    });

    it('refuses to merge an actor into itself or an unknown one', async () => {
      expect((await errorOf(server.editor.request(gql`mutation { mergeActors(keepId: "undp", mergeId: "undp") { id } }`))).extensions.code).toBe('BAD_USER_INPUT');
      expect((await errorOf(server.editor.request(gql`mutation { mergeActors(keepId: "undp", mergeId: "ghost-9") { id } }`))).extensions.code).toBe('NOT_FOUND');
    });
  });
});
