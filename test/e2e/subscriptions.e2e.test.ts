import WebSocket from 'ws';
import { Client, createClient } from 'graphql-ws';
import { gql } from 'graphql-request';
import { EDITOR_KEY, startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { errorOf } from '../support/errors';

const OTHER_EDITOR_KEY = 'test-other-editor-key-0123456789';

interface GraphChangeOut {
  change: 'CREATED' | 'UPDATED' | 'MERGED' | 'DELETED';
  nodeIds: string[];
  relationshipId: string | null;
  at: string;
  truncated: boolean;
}

/** What graphql-ws hands `closed` and `error` when the socket closes: a WebSocket CloseEvent. */
interface Closed {
  code: number;
  reason: string;
}

interface Received<T> {
  events: T[];
  errors: { message: string; extensions?: Record<string, unknown> }[];
  completed: boolean;
  /** Set when the socket closed under the subscription. */
  closed: Closed | null;
  stop(): void;
}

const GRAPH_CHANGED = 'subscription ($ids: [ID!]) { graphChanged(nodeIds: $ids) { change nodeIds relationshipId at truncated } }';
const MAP_CHANGED = 'subscription ($id: ID!) { mapChanged(id: $id) { change mapId version name visibility by at } }';
const UPSERT_ACTOR = gql`mutation ($input: ActorInput!) { upsertActor(input: $input) { id } }`;
const UPSERT_SOURCE = gql`mutation ($input: SourceInput!) { upsertSource(input: $input) { id } }`;
const CREATE_LINK = gql`mutation ($input: RelationshipInput!) { createRelationship(input: $input) { id } }`;
const SAVE_MAP = gql`mutation ($input: MapInput!) { saveMap(input: $input) { id version } }`;
const DELETE_MAP = gql`mutation ($id: ID!) { deleteMap(id: $id) }`;
const IMPORT = gql`mutation ($data: JSON!, $dryRun: Boolean) { importGraph(data: $data, dryRun: $dryRun) { written dryRun } }`;

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('live updates over graphql-ws', () => {
  let server: TestServer;
  const clients: Client[] = [];

  const connect = (target: TestServer, key?: string): Client => {
    const client = createClient({
      url: target.baseUrl.replace(/^http/, 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: key ? { authorization: `Bearer ${key}` } : {},
      retryAttempts: 0,
      lazy: false,
      // A refused connection surfaces through the subscriptions' error sinks; this keeps it from being reported unhandled.
      onNonLazyError: () => undefined,
    });
    clients.push(client);
    return client;
  };

  function listen<T>(client: Client, query: string, variables: Record<string, unknown>, field: string): Received<T> {
    const received: Received<T> = { events: [], errors: [], completed: false, closed: null, stop: () => undefined };
    received.stop = client.subscribe<Record<string, T>>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) received.errors.push(...(result.errors as Received<T>['errors']));
          if (result.data?.[field]) received.events.push(result.data[field]);
        },
        error: (error) => {
          if (Array.isArray(error)) received.errors.push(...error);
          else received.closed = { code: (error as Closed).code, reason: (error as Closed).reason };
        },
        complete: () => {
          received.completed = true;
        },
      },
    );
    return received;
  }

  /** The server's bus counts a subscription once its iterator exists, which is when an event can reach it. */
  async function listening(target: TestServer, count: number): Promise<void> {
    await until(`${count} live subscriptions`, () => target.database.services.events.subscriptions >= count);
  }

  const source = async (prefix: string) => {
    const id = `${prefix}-src`;
    await server.editor.request(UPSERT_SOURCE, { input: { id, title: 'Compte rendu de réunion', kind: 'DOCUMENT' } });
    return id;
  };

  beforeAll(async () => {
    server = await startTestServer({ API_KEYS: `editor-team:editor:${EDITOR_KEY},other-team:editor:${OTHER_EDITOR_KEY}` });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    await until('subscriptions to end', () => server.database.services.events.subscriptions === 0);
  });

  afterAll(async () => {
    await server.close();
  });

  it('tells a subscriber of a committed mutation, and only of those touching the nodes it watches', async () => {
    const prefix = uniqueId('live');
    const [a, b, c] = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
    const sourceId = await source(prefix);
    const client = connect(server);
    const watching = listen<GraphChangeOut>(client, GRAPH_CHANGED, { ids: [a] }, 'graphChanged');
    const everything = listen<GraphChangeOut>(client, GRAPH_CHANGED, {}, 'graphChanged');
    await listening(server, 2);

    const before = Date.now();
    await server.editor.request(UPSERT_ACTOR, { input: { id: a, name: 'Coopérative du Vivant', kind: 'COOPERATIVE' } });
    await server.editor.request(UPSERT_ACTOR, { input: { id: c, name: 'Association sans lien', kind: 'NGO' } });
    await server.editor.request(UPSERT_ACTOR, { input: { id: b, name: 'Réseau partenaire', kind: 'NGO' } });
    const { createRelationship } = await server.editor.request<{ createRelationship: { id: string } }>(CREATE_LINK, {
      input: { type: 'PARTNERS_WITH', fromId: b, toId: a, sourceIds: [sourceId] },
    });
    await server.editor.request(UPSERT_ACTOR, { input: { id: a, name: 'Coopérative du Vivant', kind: 'COOPERATIVE', acronym: 'CDV' } });

    await until('three events about a', () => watching.events.length >= 3);
    expect(watching.events.map(({ change, nodeIds, relationshipId, truncated }) => ({ change, nodeIds, relationshipId, truncated }))).toEqual([
      { change: 'CREATED', nodeIds: [a], relationshipId: null, truncated: false },
      { change: 'CREATED', nodeIds: [b, a], relationshipId: createRelationship.id, truncated: false },
      { change: 'UPDATED', nodeIds: [a], relationshipId: null, truncated: false },
    ]);
    expect(new Date(watching.events[0].at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    // The unfiltered subscription saw every write, c's included, in commit order.
    await until('every event', () => everything.events.length >= 5);
    expect(everything.events.filter((event) => event.nodeIds.some((id) => id.startsWith(prefix))).map((event) => event.nodeIds[0])).toEqual([a, c, b, b, a]);
    expect(watching.errors).toEqual([]);
  });

  it('publishes nothing for a write that rolled back: a refused mutation, a dry-run import', async () => {
    const prefix = uniqueId('rollback');
    const sourceId = await source(prefix);
    const client = connect(server);
    const received = listen<GraphChangeOut>(client, GRAPH_CHANGED, { ids: [`${prefix}-x`, `${prefix}-y`, `${prefix}-fence`] }, 'graphChanged');
    await listening(server, 1);

    // Written and then rolled back in its transaction: the rows existed until the rollback.
    const dryRun = await server.editor.request<{ importGraph: { written: boolean; dryRun: boolean } }>(IMPORT, {
      dryRun: true,
      data: { actors: [{ id: `${prefix}-x`, name: 'Acteur X', kind: 'NGO' }, { id: `${prefix}-y`, name: 'Acteur Y', kind: 'NGO' }] },
    });
    expect(dryRun.importGraph).toEqual({ written: false, dryRun: true });
    // Refused inside its write transaction: y does not exist.
    const refused = await errorOf(
      server.editor.request(CREATE_LINK, { input: { type: 'PARTNERS_WITH', fromId: `${prefix}-x`, toId: `${prefix}-y`, sourceIds: [sourceId] } }),
    );
    expect(refused.extensions.code).toBe('BAD_USER_INPUT');
    // A write that commits afterwards: once its event is in, any event of the writes before would be too.
    await server.editor.request(UPSERT_ACTOR, { input: { id: `${prefix}-fence`, name: 'Acteur témoin', kind: 'NGO' } });

    await until('the fence event', () => received.events.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.events).toEqual([expect.objectContaining({ change: 'CREATED', nodeIds: [`${prefix}-fence`] })]);
  });

  it('coalesces an import into one event per kind of change, naming every node', async () => {
    const prefix = uniqueId('bulk');
    const actors = Array.from({ length: 30 }, (_, i) => ({ id: `${prefix}-${i}`, name: `Acteur importé ${i}`, kind: 'NGO' }));
    const client = connect(server);
    const received = listen<GraphChangeOut>(client, GRAPH_CHANGED, { ids: [`${prefix}-7`] }, 'graphChanged');
    await listening(server, 1);

    await server.editor.request(IMPORT, { data: { actors } });
    await until('the import event', () => received.events.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.events).toHaveLength(1);
    expect(received.events[0]).toMatchObject({ change: 'CREATED', relationshipId: null, truncated: false });
    expect([...received.events[0].nodeIds].sort()).toEqual(actors.map((actor) => actor.id).sort());
  });

  it('tells of a merge, naming the kept, the merged and their partners, and of its undoing', async () => {
    const prefix = uniqueId('livemerge');
    const [keep, dup, partner] = [`${prefix}-keep`, `${prefix}-dup`, `${prefix}-partner`];
    const sourceId = await source(prefix);
    for (const [id, name] of [[keep, 'Fonds des Deux Rives'], [dup, 'Fonds 2 Rives'], [partner, 'Partenaire des Rives']]) {
      await server.editor.request(UPSERT_ACTOR, { input: { id, name, kind: 'FINANCIAL_ENTITY' } });
    }
    const { createRelationship } = await server.editor.request<{ createRelationship: { id: string } }>(CREATE_LINK, {
      input: { type: 'PARTNERS_WITH', fromId: dup, toId: partner, sourceIds: [sourceId] },
    });
    const received = listen<GraphChangeOut>(connect(server), GRAPH_CHANGED, { ids: [partner] }, 'graphChanged');
    await listening(server, 1);

    await server.editor.request(gql`mutation ($k: ID!, $d: ID!) { mergeActors(keepId: $k, mergeId: $d) { id } }`, { k: keep, d: dup });
    await until('the merge', () => received.events.length >= 1);
    expect(received.events[0]).toMatchObject({ change: 'MERGED', relationshipId: null });
    expect([...received.events[0].nodeIds].sort()).toEqual([dup, keep, partner].sort());

    const { history } = await server.editor.request<{ history: { id: string; operation: string }[] }>(
      gql`query ($id: ID!) { history(id: $id) { id operation } }`,
      { id: keep },
    );
    const entry = history.find((e) => e.operation === 'mergeActors')!;
    await server.editor.request(gql`mutation ($id: ID!) { undoMerge(auditEntryId: $id) { id } }`, { id: entry.id });
    await until('the undoing', () => received.events.length >= 2);
    // Only the event that touches the partner: the merged actor coming back alone touches nobody watched.
    expect(received.events.slice(1).map(({ change, nodeIds }) => ({ change, nodeIds: [...nodeIds].sort() }))).toEqual([
      { change: 'UPDATED', nodeIds: [dup, keep, partner].sort() },
    ]);
    expect(createRelationship.id).toBeTruthy();
  });

  it('tells of edits to a map, and refuses a private map to those who may not see it, with or without a key', async () => {
    const prefix = uniqueId('livemap');
    const node = `${prefix}-node`;
    await server.editor.request(UPSERT_ACTOR, { input: { id: node, name: 'Acteur cartographié', kind: 'NGO' } });
    const { saveMap } = await server.editor.request<{ saveMap: { id: string; version: number } }>(SAVE_MAP, {
      input: { name: 'Carte privée', visibility: 'PRIVATE', nodes: [{ id: node, x: 0, y: 0 }] },
    });

    const anonymous = listen(connect(server), MAP_CHANGED, { id: saveMap.id }, 'mapChanged');
    const otherEditor = listen(connect(server, OTHER_EDITOR_KEY), MAP_CHANGED, { id: saveMap.id }, 'mapChanged');
    const missing = listen(connect(server), MAP_CHANGED, { id: `${prefix}-no-such-map` }, 'mapChanged');
    for (const refused of [anonymous, otherEditor, missing]) {
      await until('the refusal', () => refused.errors.length > 0 || refused.completed);
      expect(refused.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
      expect(refused.events).toEqual([]);
    }
    // The refusal says the same for a private map and a missing one.
    expect(anonymous.errors[0].message).toBe(`Map "${saveMap.id}" does not exist`);

    const author = listen<{ change: string; mapId: string; version: number; name: string; visibility: string; by: string }>(
      connect(server, EDITOR_KEY),
      MAP_CHANGED,
      { id: saveMap.id },
      'mapChanged',
    );
    await listening(server, 1);
    await server.editor.request(SAVE_MAP, { input: { id: saveMap.id, name: 'Carte privée, revue', visibility: 'PRIVATE', nodes: [{ id: node, x: 10, y: 5 }] } });
    await server.editor.request(DELETE_MAP, { id: saveMap.id });
    await until('the save and the deletion', () => author.events.length >= 2 && author.completed);
    expect(author.events.map(({ change, mapId, version, name, visibility, by }) => ({ change, mapId, version, name, visibility, by }))).toEqual([
      { change: 'SAVED', mapId: saveMap.id, version: 2, name: 'Carte privée, revue', visibility: 'PRIVATE', by: 'editor-team' },
      { change: 'DELETED', mapId: saveMap.id, version: 2, name: 'Carte privée, revue', visibility: 'PRIVATE', by: 'editor-team' },
    ]);
    expect(author.errors).toEqual([]);
  });

  it('applies the HTTP limits and input rules to subscription documents, and serves only subscriptions', async () => {
    const client = connect(server);
    const aliases = Array.from({ length: server.config.limits.maxAliases + 1 }, (_, i) => `a${i}: change`).join(' ');
    const tooMany = listen(client, `subscription { graphChanged { ${aliases} } }`, {}, 'graphChanged');
    const emptyList = listen(client, GRAPH_CHANGED, { ids: [] }, 'graphChanged');
    const query = listen(client, '{ actors(first: 1) { totalCount } }', {}, 'actors');
    const deep = listen(client, `subscription { graphChanged(nodeIds: ${'['.repeat(3000)}"x"${']'.repeat(3000)}) { change } }`, {}, 'graphChanged');
    await until('four refusals', () => [tooMany, emptyList, query, deep].every((r) => r.errors.length > 0));
    expect(deep.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', measured: 3002 });
    expect(tooMany.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', limit: server.config.limits.maxAliases });
    expect(emptyList.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nodeIds' });
    expect(query.errors[0]).toMatchObject({ message: expect.stringContaining('Only subscriptions'), extensions: { code: 'BAD_REQUEST' } });
    // And a subscription sent over HTTP is told where to go.
    const overHttp = await errorOf(server.anonymous.request(GRAPH_CHANGED, {}));
    expect(overHttp).toMatchObject({ message: expect.stringContaining('served over WebSocket at /graphql'), extensions: { code: 'BAD_REQUEST' } });
  });

  it('closes its connections with 1001 when the server stops, and the stop does not wait on them', async () => {
    const stopping = await startTestServer();
    const received = listen(connect(stopping), GRAPH_CHANGED, {}, 'graphChanged');
    await listening(stopping, 1);
    await stopping.close();
    await until('the close', () => received.closed !== null);
    expect(received.closed?.code).toBe(1001);
    expect(stopping.database.services.events.subscriptions).toBe(0);
  });

  describe('on a server with a small queue that needs a key for reads', () => {
    let strict: TestServer;

    beforeAll(async () => {
      strict = await startTestServer({ SUBSCRIPTION_QUEUE_LIMIT: '2', READS_NEED_KEY: 'true' });
    });

    afterAll(async () => {
      await strict.close();
    });

    it('closes an anonymous connection with 4401', async () => {
      const received = listen(connect(strict), GRAPH_CHANGED, {}, 'graphChanged');
      await until('the close', () => received.closed !== null);
      expect(received.closed).toEqual({ code: 4401, reason: expect.stringContaining('Reads need an API key') });
    });

    it('drops a subscriber that lets more events queue than the limit, with 4429', async () => {
      const prefix = uniqueId('slow');
      const client = connect(strict, EDITOR_KEY);
      const received = listen<GraphChangeOut>(client, GRAPH_CHANGED, {}, 'graphChanged');
      await listening(strict, 1);
      // One commit of 15 rows publishes 15 events at once, faster than any socket takes them.
      const actors = Array.from({ length: 15 }, (_, i) => ({ id: `${prefix}-${i}`, name: `Acteur rapide ${i}`, kind: 'NGO' }));
      await strict.editor.request(IMPORT, { data: { actors } });
      await until('the close', () => received.closed !== null);
      expect(received.closed).toEqual({ code: 4429, reason: 'Slow consumer: more than 2 events waited for this client' });
      expect(received.events.length).toBeLessThan(15);
      await until('the dropped subscription to end', () => strict.database.services.events.subscriptions === 0);
    });
  });
});
