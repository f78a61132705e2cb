import { gql } from 'graphql-request';
import { errorOf } from '../support/errors';
import { startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';

const TOTAL = gql`
  {
    actors(first: 5) {
      totalCount
    }
  }
`;

const UPSERT = gql`
  mutation ($input: ActorInput!) {
    upsertActor(input: $input) {
      id
      name
      kind
      countryCode
      aliases
      createdAt
      updatedAt
    }
  }
`;

describe('actors over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers actors(first: 5) { totalCount } from the seeded database', async () => {
    const data = await server.anonymous.request<{ actors: { totalCount: number } }>(TOTAL);
    expect(data.actors.totalCount).toBeGreaterThan(10);
  });

  it('reports readiness and health', async () => {
    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    // Idle connections outlive the clients' and proxies' own timeouts (KEEP_ALIVE_TIMEOUT_MS).
    expect(ready.headers.get('keep-alive')).toBe('timeout=65');
    expect(await ready.json()).toMatchObject({ neo4j: true });
  });

  it('creates, reads and updates an actor, and pages through actors with cursors', async () => {
    const id = uniqueId('actor-e2e');
    const created = await server.editor.request<{ upsertActor: { id: string; countryCode: string; createdAt: string } }>(UPSERT, {
      input: { id, name: 'Coopérative Test', kind: 'COOPERATIVE', countryCode: 'fr', aliases: ['Coop T'] },
    });
    expect(created.upsertActor).toMatchObject({ id, countryCode: 'FR' });

    const updated = await server.editor.request<{ upsertActor: { name: string; aliases: string[]; createdAt: string } }>(UPSERT, {
      input: { id, name: 'Coopérative Test renommée', kind: 'COOPERATIVE' },
    });
    expect(updated.upsertActor.name).toBe('Coopérative Test renommée');
    expect(updated.upsertActor.aliases).toEqual(['Coop T']);
    expect(updated.upsertActor.createdAt).toBe(created.upsertActor.createdAt);

    const read = await server.anonymous.request<{ actor: { name: string } }>(gql`
      query ($id: ID!) { actor(id: $id) { name } }
    `, { id });
    expect(read.actor.name).toBe('Coopérative Test renommée');

    const page1 = await server.anonymous.request<{ actors: { edges: { node: { id: string } }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } }>(gql`
      { actors(first: 3) { edges { node { id } } pageInfo { endCursor hasNextPage } } }
    `);
    const page2 = await server.anonymous.request<{ actors: { edges: { node: { id: string } }[]; pageInfo: { hasPreviousPage: boolean } } }>(gql`
      query ($after: String) { actors(first: 3, after: $after) { edges { node { id } } pageInfo { hasPreviousPage } } }
    `, { after: page1.actors.pageInfo.endCursor });
    const ids1 = page1.actors.edges.map((e) => e.node.id);
    const ids2 = page2.actors.edges.map((e) => e.node.id);
    expect(page1.actors.pageInfo.hasNextPage).toBe(true);
    expect(page2.actors.pageInfo.hasPreviousPage).toBe(true);
    expect([...ids1, ...ids2]).toEqual([...ids1, ...ids2].sort());
    expect(new Set([...ids1, ...ids2]).size).toBe(6);
  });

  it.each([
    ['an empty name', { name: '' }, 'name'],
    ['a 10,000-character name', { name: 'x'.repeat(10000) }, 'name'],
    ['countryCode ZZZ', { countryCode: 'ZZZ' }, 'countryCode'],
    ['a website that is not a URL', { website: 'not a url' }, 'website'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and writes nothing', async (_label, patch, field) => {
    // The id is this test's own: other files add actors in parallel, so a total count could move for them.
    const id = uniqueId('bad');
    const error = await errorOf(server.editor.request(UPSERT, { input: { id, name: 'Valid', kind: 'NGO', ...patch } }));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toBe(field);
    expect(error.message).toContain(field);
    expect(JSON.stringify(error)).not.toMatch(/target|stack|Cypher|MATCH|\/work\//);
    const after = await server.anonymous.request<{ actor: unknown; history: unknown[] }>(
      gql`query ($id: ID!) { actor(id: $id) { id } history(id: $id) { operation } }`,
      { id },
    );
    expect(after).toEqual({ actor: null, history: [] });
  });

  it('refuses a kind outside the enum', async () => {
    const error = await errorOf(server.editor.request(UPSERT, { input: { name: 'X', kind: 'SPACESHIP' } }));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('kind');
  });

  it('needs an editor key to write', async () => {
    const anonymous = await errorOf(server.anonymous.request(UPSERT, { input: { name: 'X', kind: 'NGO' } }));
    expect(anonymous.extensions.code).toBe('UNAUTHENTICATED');
    const reader = await errorOf(
      server.anonymous.request({ document: UPSERT, variables: { input: { name: 'X', kind: 'NGO' } }, requestHeaders: { authorization: 'Bearer test-reader-key-0123456789' } }),
    );
    expect(reader.extensions.code).toBe('FORBIDDEN');
    const wrong = await errorOf(
      server.anonymous.request({ document: UPSERT, variables: { input: { name: 'X', kind: 'NGO' } }, requestHeaders: { authorization: 'Bearer not-a-real-key-at-all' } }),
    );
    expect(wrong.extensions.code).toBe('UNAUTHENTICATED');
  });
});
