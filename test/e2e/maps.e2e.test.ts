import { gql, GraphQLClient } from 'graphql-request';
import { EDITOR_KEY, READER_KEY, startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { errorOf } from '../support/errors';

const OTHER_EDITOR_KEY = 'test-other-editor-key-0123456789';

interface MapNodeOut {
  id: string;
  node: { id: string; name: string; __typename: string } | null;
  x: number | null;
  y: number | null;
  color: string | null;
  size: number | null;
  gone: boolean;
  mergedInto: string | null;
}

interface AnnotationOut {
  id: string;
  text: string;
  nodeId: string | null;
  node: { id: string } | null;
  relationshipId: string | null;
  relationship: { id: string } | null;
  x: number | null;
  y: number | null;
  sources: { id: string }[];
}

interface MapOut {
  id: string;
  name: string;
  description: string | null;
  visibility: 'PUBLIC' | 'PRIVATE';
  asOf: string | null;
  author: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  nodes: MapNodeOut[];
  annotations: AnnotationOut[];
}

interface ChangeOut {
  change: 'ADDED' | 'ENDED' | 'REMOVED';
  relationshipId: string;
  relationship: { id: string; endDate: string | null } | null;
  type: string;
  fromId: string;
  toId: string;
  at: string;
  by: string | null;
}

const MAP_FIELDS = `
  id name description visibility asOf author version createdAt updatedAt updatedBy
  nodes { id node { __typename id name } x y color size gone mergedInto }
  annotations { id text nodeId node { id } relationshipId relationship { id } x y sources { id } }
`;
const SAVE = gql`mutation ($input: MapInput!) { saveMap(input: $input) { ${MAP_FIELDS} } }`;
const OPEN = gql`query ($id: ID!) { map(id: $id) { ${MAP_FIELDS} } }`;
const DELETE = gql`mutation ($id: ID!) { deleteMap(id: $id) }`;
const HISTORY = gql`query ($id: ID!) { history(id: $id) { operation by changedFields before after } }`;
const CHANGES = gql`
  query ($id: ID!, $date: DateTime!) {
    map(id: $id) { changesSince(date: $date) { change relationshipId relationship { id endDate } type fromId toId at by } }
  }
`;

interface HistoryEntry {
  operation: string;
  by: string;
  changedFields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

describe('saved maps over HTTP', () => {
  let server: TestServer;
  let alice: GraphQLClient;
  let bob: GraphQLClient;
  let reader: GraphQLClient;
  const source = uniqueId('maps-src');

  const save = async (client: GraphQLClient, input: object) => (await client.request<{ saveMap: MapOut }>(SAVE, { input })).saveMap;
  const open = async (client: GraphQLClient, id: string) => (await client.request<{ map: MapOut | null }>(OPEN, { id })).map;
  const historyOf = async (id: string) => (await server.anonymous.request<{ history: HistoryEntry[] }>(HISTORY, { id })).history;
  const changesOf = async (id: string, date: string) =>
    (await alice.request<{ map: { changesSince: ChangeOut[] } }>(CHANGES, { id, date })).map.changesSince;

  /** Every map id a client may list, page by page. */
  async function listed(client: GraphQLClient): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { maps: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await client.request(
        gql`query ($after: String) { maps(first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      ids.push(...page.maps.edges.map((edge) => edge.node.id));
      if (!page.maps.pageInfo.hasNextPage) return ids;
      after = page.maps.pageInfo.endCursor;
    }
  }

  /** Actors of their own, written a request per 20 (MAX_ROOT_FIELDS). */
  async function actors(...prefixes: string[]): Promise<string[]> {
    const ids = prefixes.map((prefix) => uniqueId(`maps-${prefix}`));
    for (let start = 0; start < ids.length; start += 20) {
      const chunk = ids.slice(start, start + 20);
      const variables = chunk.map((_, i) => `$a${i}: ActorInput!`).join(', ');
      const fields = chunk.map((_, i) => `a${i}: upsertActor(input: $a${i}) { id }`).join(' ');
      await alice.request(`mutation (${variables}) { ${fields} }`, Object.fromEntries(chunk.map((id, i) => [`a${i}`, { id, name: `Acteur ${id}`, kind: 'NGO' }])));
    }
    return ids;
  }

  async function link(fromId: string, toId: string, fields: object = {}): Promise<string> {
    const id = uniqueId('maps-link');
    await alice.request(gql`mutation ($r: RelationshipInput!) { createRelationship(input: $r) { id } }`, {
      r: { id, type: 'PARTNERS_WITH', fromId, toId, sourceIds: [source], ...fields },
    });
    return id;
  }

  beforeAll(async () => {
    server = await startTestServer({
      API_KEYS: `editor-team:editor:${EDITOR_KEY},viewer:reader:${READER_KEY},other-team:editor:${OTHER_EDITOR_KEY}`,
    });
    alice = server.editor;
    bob = new GraphQLClient(server.url, { headers: { authorization: `Bearer ${OTHER_EDITOR_KEY}` } });
    reader = new GraphQLClient(server.url, { headers: { authorization: `Bearer ${READER_KEY}` } });
    await alice.request(gql`mutation ($s: SourceInput!) { upsertSource(input: $s) { id } }`, { s: { id: source, title: 'Carte des partenaires' } });
  });
  afterAll(async () => server?.close());

  it('saves, reopens, updates, versions in history and deletes a map', async () => {
    const [a, b, c] = await actors('a', 'b', 'c');
    const ab = await link(a, b);
    const created = await save(alice, {
      name: 'Réseau <i>pilote</i>',
      description: 'Pour le rapport',
      asOf: '2015',
      visibility: 'PUBLIC',
      nodes: [{ id: a, x: 10, y: -20, color: '#336699', size: 2 }, { id: b, x: 30, y: 40 }, { id: c }],
      annotations: [
        { text: 'Chef de file', nodeId: a, sourceIds: [source] },
        { text: 'Accord de 2014', relationshipId: ab },
        { id: 'legend', text: 'Légende', x: 0, y: 0 },
      ],
    });
    expect(created).toMatchObject({
      name: 'Réseau pilote',
      description: 'Pour le rapport',
      asOf: '2015',
      visibility: 'PUBLIC',
      author: 'editor-team',
      updatedBy: 'editor-team',
      version: 1,
    });
    expect(created.id).toMatch(/^map-\d{13}-[0-9a-f]{16}$/);
    expect(created.nodes).toEqual([
      { id: a, node: { __typename: 'Actor', id: a, name: `Acteur ${a}` }, x: 10, y: -20, color: '#336699', size: 2, gone: false, mergedInto: null },
      { id: b, node: { __typename: 'Actor', id: b, name: `Acteur ${b}` }, x: 30, y: 40, color: null, size: null, gone: false, mergedInto: null },
      { id: c, node: { __typename: 'Actor', id: c, name: `Acteur ${c}` }, x: null, y: null, color: null, size: null, gone: false, mergedInto: null },
    ]);
    expect(created.annotations).toEqual([
      { id: 'note-1', text: 'Chef de file', nodeId: a, node: { id: a }, relationshipId: null, relationship: null, x: null, y: null, sources: [{ id: source }] },
      { id: 'note-2', text: 'Accord de 2014', nodeId: null, node: null, relationshipId: ab, relationship: { id: ab }, x: null, y: null, sources: [] },
      { id: 'legend', text: 'Légende', nodeId: null, node: null, relationshipId: null, relationship: null, x: 0, y: 0, sources: [] },
    ]);

    // Anyone reopens a public map, as it was saved.
    expect(await open(server.anonymous, created.id)).toEqual(created);

    // Another editor moves a node and drops an annotation: a new version, the author stays.
    const moved = await save(bob, {
      id: created.id,
      version: 1,
      name: 'Réseau pilote',
      description: 'Pour le rapport',
      asOf: '2015',
      nodes: [{ id: a, x: 15, y: -20, color: '#336699', size: 2 }, { id: b, x: 30, y: 40 }, { id: c }],
      annotations: [{ id: 'note-1', text: 'Chef de file', nodeId: a, sourceIds: [source] }],
    });
    expect(moved).toMatchObject({ id: created.id, version: 2, author: 'editor-team', updatedBy: 'other-team', visibility: 'PUBLIC' });
    expect(moved.nodes[0].x).toBe(15);
    expect(moved.annotations.map((annotation) => annotation.id)).toEqual(['note-1']);
    expect(Date.parse(moved.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    expect(moved.createdAt).toBe(created.createdAt);

    // A save from a stale version is refused; so is another editor's change of visibility.
    const stale = await errorOf(save(alice, { id: created.id, version: 1, name: 'Vieille copie', nodes: [{ id: a }] }));
    expect(stale.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'version' });
    expect(stale.message).toMatch(/version 2, saved by other-team/);
    const hidden = await errorOf(save(bob, { id: created.id, name: 'Réseau pilote', visibility: 'PRIVATE', nodes: [{ id: a }] }));
    expect(hidden.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'visibility' });

    // Saving the same state again writes nothing.
    const same = await save(alice, {
      id: created.id,
      name: 'Réseau pilote',
      description: 'Pour le rapport',
      asOf: '2015',
      nodes: [{ id: a, x: 15, y: -20, color: '#336699', size: 2 }, { id: b, x: 30, y: 40 }, { id: c }],
      annotations: [{ id: 'note-1', text: 'Chef de file', nodeId: a, sourceIds: [source] }],
    });
    expect(same).toEqual(moved);

    const versions = await historyOf(created.id);
    expect(versions.map(({ operation, by, changedFields }) => ({ operation, by, changedFields }))).toEqual([
      { operation: 'saveMap', by: 'other-team', changedFields: ['nodes', 'annotations'] },
      { operation: 'saveMap', by: 'editor-team', changedFields: ['name', 'description', 'visibility', 'asOf', 'nodes', 'annotations'] },
    ]);
    expect(versions[0].before).toMatchObject({ version: 1, nodes: [{ id: a, x: 10 }, { id: b }, { id: c }] });
    expect(versions[0].after).toMatchObject({ version: 2, nodes: [{ id: a, x: 15 }, { id: b }, { id: c }], author: 'editor-team' });
    expect(versions[1].before).toBeNull();

    // Only the author deletes; afterwards the map is gone and its trail stays.
    expect((await errorOf(bob.request(DELETE, { id: created.id }))).extensions.code).toBe('FORBIDDEN');
    expect(await alice.request(DELETE, { id: created.id })).toEqual({ deleteMap: true });
    expect(await open(alice, created.id)).toBeNull();
    expect((await errorOf(alice.request(DELETE, { id: created.id }))).extensions.code).toBe('NOT_FOUND');
    const trail = await historyOf(created.id);
    expect(trail.map((entry) => entry.operation)).toEqual(['deleteMap', 'saveMap', 'saveMap']);
    expect(trail[0]).toMatchObject({ by: 'editor-team', changedFields: ['deleted'], after: null, before: { version: 2, name: 'Réseau pilote' } });
  });

  it('shows a private map to its author only, and to nobody else as if it did not exist', async () => {
    const [a] = await actors('private');
    const secret = `Carte confidentielle ${uniqueId('name')}`;
    const mine = await save(alice, { name: secret, nodes: [{ id: a, x: 1, y: 2 }] });
    expect(mine.visibility).toBe('PRIVATE');
    const publicMap = await save(alice, { name: 'Carte publique', visibility: 'PUBLIC', nodes: [{ id: a }] });

    expect(await open(alice, mine.id)).toEqual(mine);
    for (const client of [bob, reader, server.anonymous]) {
      expect(await open(client, mine.id)).toBeNull();
      expect(await open(client, publicMap.id)).not.toBeNull();
    }
    const listedByAlice = await listed(alice);
    expect(listedByAlice).toEqual(expect.arrayContaining([mine.id, publicMap.id]));
    expect([...listedByAlice].sort()).toEqual(listedByAlice);
    for (const client of [bob, reader, server.anonymous]) {
      const ids = await listed(client);
      expect(ids).toContain(publicMap.id);
      expect(ids).not.toContain(mine.id);
    }

    // Someone else can neither overwrite nor delete it, and learns nothing of its content.
    const overwrite = await errorOf(save(bob, { id: mine.id, name: 'Prise', visibility: 'PUBLIC', nodes: [{ id: a }] }));
    expect(overwrite.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(overwrite.message).not.toContain(secret);
    expect((await errorOf(bob.request(DELETE, { id: mine.id }))).extensions.code).toBe('NOT_FOUND');
    expect(await open(alice, mine.id)).toEqual(mine);
    // history answers anyone who knows an id: a private version is recorded without its content.
    const trail = await historyOf(mine.id);
    expect(trail).toEqual([
      { operation: 'saveMap', by: 'editor-team', changedFields: ['name', 'description', 'visibility', 'asOf', 'nodes', 'annotations'], before: null, after: { version: 1, visibility: 'PRIVATE', author: 'editor-team' } },
    ]);

    // Writes need an editor key.
    expect((await errorOf(save(server.anonymous, { name: 'x', nodes: [] }))).extensions.code).toBe('UNAUTHENTICATED');
    expect((await errorOf(save(reader, { name: 'x', nodes: [] }))).extensions.code).toBe('FORBIDDEN');

    // Published by its author, it is everyone's to open.
    const published = await save(alice, { id: mine.id, name: secret, visibility: 'PUBLIC', nodes: [{ id: a, x: 1, y: 2 }] });
    expect(published.version).toBe(2);
    expect(await open(bob, mine.id)).toEqual(published);
    expect((await historyOf(mine.id))[0].after).toMatchObject({ name: secret, visibility: 'PUBLIC', version: 2 });
  });

  it('follows merges of its nodes, in one statement per level of merges, and saves them as the actor kept', async () => {
    const [keep, dup, other, final] = await actors('keep', 'dup', 'other', 'final');
    const extra = await actors(...Array.from({ length: 20 }, (_, i) => `extra${i}`));
    const map = await save(alice, {
      name: 'Carte avant fusion',
      visibility: 'PUBLIC',
      nodes: [{ id: dup, x: 1, y: 1 }, { id: other, x: 2, y: 2 }, { id: keep, x: 3, y: 3 }, ...extra.map((id) => ({ id }))],
      annotations: [{ text: 'Doublon', nodeId: dup }],
    });
    await alice.request(gql`mutation ($k: ID!, $m: ID!) { mergeActors(keepId: $k, mergeId: $m) { id } }`, { k: keep, m: dup });

    const afterMerge = (await open(server.anonymous, map.id))!;
    expect(afterMerge.nodes.slice(0, 2)).toEqual([
      // The first of the two takes the place; the kept actor's own entry is left out.
      { id: dup, node: { __typename: 'Actor', id: keep, name: `Acteur ${keep}` }, x: 1, y: 1, color: null, size: null, gone: false, mergedInto: keep },
      { id: other, node: { __typename: 'Actor', id: other, name: `Acteur ${other}` }, x: 2, y: 2, color: null, size: null, gone: false, mergedInto: null },
    ]);
    expect(afterMerge.nodes.map((node) => node.id)).not.toContain(keep);
    expect(afterMerge.nodes).toHaveLength(2 + extra.length);
    expect(afterMerge.annotations[0]).toMatchObject({ nodeId: dup, node: { id: keep } });

    // A merge of the kept actor: the saved id follows both merges.
    await alice.request(gql`mutation ($k: ID!, $m: ID!) { mergeActors(keepId: $k, mergeId: $m) { id } }`, { k: final, m: keep });
    const before = server.database.db.statementCount;
    const twice = (await open(server.anonymous, map.id))!;
    // The map; its 23 saved ids at once; then the one end of their merges that is not among them.
    expect(server.database.db.statementCount - before).toBe(3);
    expect(twice.nodes[0]).toMatchObject({ id: dup, node: { id: final }, mergedInto: final, gone: false });

    // Saved again as it reads, the map stores the actor kept.
    const resaved = await save(alice, {
      id: map.id,
      name: map.name,
      visibility: 'PUBLIC',
      nodes: twice.nodes.map(({ id, x, y }) => ({ id, x, y })),
      annotations: [{ id: 'note-1', text: 'Doublon', nodeId: dup }],
    });
    expect(resaved.nodes[0]).toMatchObject({ id: final, node: { id: final }, mergedInto: null, x: 1, y: 1 });
    expect(resaved.annotations[0]).toMatchObject({ nodeId: final, node: { id: final } });
    // The stale list naming both the merged and the kept actor is refused, naming why.
    const both = await errorOf(save(alice, { id: map.id, name: map.name, nodes: [{ id: final }, { id: dup }] }));
    expect(both.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nodes.1.id', reason: `"${dup}" was merged into "${final}", which nodes.0 already is` });
  });

  it('reads only the node properties a selection needs, and every one a larger selection asks for', async () => {
    const [a] = await actors('props');
    await alice.request(gql`mutation ($a: ActorInput!) { upsertActor(input: $a) { id } }`, {
      a: { id: a, name: `Acteur ${a}`, kind: 'NGO', countryCode: 'TN', acronym: 'ACT' },
    });
    const map = await save(alice, { name: 'Propriétés', visibility: 'PUBLIC', nodes: [{ id: a }], annotations: [{ text: 'Ici', nodeId: a }] });
    const light = await server.anonymous.request<{ map: { nodes: { node: Record<string, unknown> }[] } }>(
      gql`query ($id: ID!) { map(id: $id) { nodes { node { __typename id name ... on Actor { kind } } } } }`,
      { id: map.id },
    );
    expect(light.map.nodes).toEqual([{ node: { __typename: 'Actor', id: a, name: `Acteur ${a}`, kind: 'NGO' } }]);

    const before = server.database.db.statementCount;
    const full = await server.anonymous.request<{ map: { nodes: { node: Record<string, unknown> }[]; annotations: { node: Record<string, unknown> }[] } }>(
      gql`query ($id: ID!) {
        map(id: $id) {
          nodes { node { id ... on Actor { countryCode acronym createdAt } } }
          annotations { node { id name } }
          network { nodes { id } }
        }
      }`,
      { id: map.id },
    );
    expect(full.map.nodes[0].node).toMatchObject({ id: a, countryCode: 'TN', acronym: 'ACT' });
    expect(new Date(String(full.map.nodes[0].node.createdAt)).getTime()).toBeGreaterThan(Date.now() - 600_000);
    expect(full.map.annotations[0].node).toEqual({ id: a, name: `Acteur ${a}` });
    // The map; its nodes with every property; the annotation's node with a few; the network's links.
    expect(server.database.db.statementCount - before).toBe(4);
  });

  it('shows a deleted node as gone, and still saves the map that holds it', async () => {
    const [kept, doomed] = await actors('kept', 'doomed');
    const map = await save(alice, { name: 'Carte avec perte', nodes: [{ id: kept }, { id: doomed, x: 5, y: 5 }] });
    // No mutation deletes an actor; the database is the one way to lose one.
    await server.database.db.write((tx) => tx.run('MATCH (n:Actor {id: $id}) DETACH DELETE n', { id: doomed }));

    const reopened = (await open(alice, map.id))!;
    expect(reopened.nodes[1]).toEqual({ id: doomed, node: null, x: 5, y: 5, color: null, size: null, gone: true, mergedInto: null });
    const resaved = await save(alice, { id: map.id, name: 'Carte avec perte, revue', nodes: [{ id: kept, x: 1, y: 1 }, { id: doomed, x: 5, y: 5 }] });
    expect(resaved.nodes[1]).toMatchObject({ id: doomed, gone: true });
    const fresh = await errorOf(save(alice, { name: 'Nouvelle carte', nodes: [{ id: doomed }] }));
    expect(fresh.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nodes.0.id', reason: `no actor, initiative or territory has id "${doomed}"` });
  });

  it('lists the links added, ended and removed among its nodes since a date', async () => {
    const [a, b, c, d, dup, keep] = await actors('ch-a', 'ch-b', 'ch-c', 'ch-d', 'ch-dup', 'ch-keep');
    const ab = await link(a, b, { startDate: '2010' });
    const member = await link(dup, keep, { type: 'MEMBER_OF' });
    const before = await link(a, c);
    const map = await save(alice, { name: 'Carte suivie', visibility: 'PUBLIC', nodes: [a, b, c, dup, keep].map((id) => ({ id })) });
    expect(await changesOf(map.id, map.updatedAt)).toEqual([]);

    const ac = await link(c, a);
    await link(b, d); // d is not on the map
    await alice.request(gql`mutation ($id: ID!, $r: RelationshipInput!) { updateRelationship(id: $id, input: $r) { id } }`, {
      id: ab,
      r: { type: 'PARTNERS_WITH', fromId: a, toId: b, sourceIds: [source], startDate: '2010', endDate: '2024-06' },
    });
    const bc = await link(b, c);
    await alice.request(gql`mutation ($id: ID!) { deleteRelationship(id: $id) }`, { id: bc });
    await alice.request(gql`mutation ($k: ID!, $m: ID!) { mergeActors(keepId: $k, mergeId: $m) { id } }`, { k: keep, m: dup });

    const changes = await changesOf(map.id, map.updatedAt);
    const summary = changes.map(({ change, relationshipId, fromId, toId, by, relationship }) => ({ change, relationshipId, fromId, toId, by, relationship }));
    expect(summary).toEqual([
      { change: 'REMOVED', relationshipId: member, fromId: dup, toId: keep, by: 'editor-team', relationship: null },
      { change: 'REMOVED', relationshipId: bc, fromId: b, toId: c, by: 'editor-team', relationship: null },
      { change: 'ENDED', relationshipId: ab, fromId: a, toId: b, by: 'editor-team', relationship: { id: ab, endDate: '2024-06' } },
      { change: 'ADDED', relationshipId: ac, fromId: c, toId: a, by: 'editor-team', relationship: { id: ac, endDate: null } },
    ]);
    expect(changes.every((change) => Date.parse(change.at) > Date.parse(map.updatedAt))).toBe(true);
    expect(summary.map((change) => change.relationshipId)).not.toContain(before);
    // Since the last of these, nothing.
    expect(await changesOf(map.id, changes[0].at)).toEqual([]);
    const bad = await errorOf(alice.request(CHANGES, { id: map.id, date: '2024-13-01' }));
    expect(bad.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses bad maps with the field and the reason, writing nothing', async () => {
    const [a, b, far] = await actors('bad-a', 'bad-b', 'bad-far');
    const offMap = await link(a, far);
    const cases: [string, object, string, RegExp][] = [
      ['unknown node', { nodes: [{ id: a }, { id: uniqueId('nobody') }] }, 'nodes.1.id', /no actor, initiative or territory has id/],
      ['duplicate node', { nodes: [{ id: a }, { id: a }] }, 'nodes.1.id', /is already nodes\.0/],
      ['annotation on a node not on the map', { nodes: [{ id: a }], annotations: [{ text: 'x', nodeId: b }] }, 'annotations.0.nodeId', /is not a node of this map/],
      ['annotation on an unknown link', { nodes: [{ id: a }], annotations: [{ text: 'x', relationshipId: uniqueId('no-link') }] }, 'annotations.0.relationshipId', /no relationship has id/],
      ['annotation on a link off the map', { nodes: [{ id: a }, { id: b }], annotations: [{ text: 'x', relationshipId: offMap }] }, 'annotations.0.relationshipId', /both must be nodes of this map/],
      ['annotation with an unknown source', { nodes: [{ id: a }], annotations: [{ text: 'x', x: 1, y: 1, sourceIds: [uniqueId('no-src')] }] }, 'annotations.0.sourceIds', /unknown source id/],
      ['annotation pinned nowhere', { nodes: [{ id: a }], annotations: [{ text: 'x' }] }, 'annotations.0', /must be pinned/],
      ['name too long', { name: 'n'.repeat(201), nodes: [{ id: a }] }, 'name', /name/],
      ['too many nodes', { nodes: Array.from({ length: 5001 }, (_, i) => ({ id: `${a}-${i}` })) }, 'nodes', /5000/],
      ['bad colour', { nodes: [{ id: a, color: 'blue' }] }, 'nodes.0.color', /#rgb or #rrggbb/],
      ['half a position', { nodes: [{ id: a, x: 3 }] }, 'nodes.0.y', /must be given with x/],
    ];
    for (const [label, fields, field, reason] of cases) {
      const id = uniqueId('maps-bad');
      const error = await errorOf(save(alice, { id, name: 'Carte refusée', ...fields }));
      expect({ label, code: error.extensions.code, field: error.extensions.field }).toEqual({ label, code: 'BAD_USER_INPUT', field });
      expect(error.message).toMatch(reason);
      expect(await open(alice, id)).toBeNull();
      expect(await historyOf(id)).toEqual([]);
    }
  });

  it('stays out of the network: no links, no search hit, no export', async () => {
    const [a, b] = await actors('net-a', 'net-b');
    await link(a, b);
    const name = `Carte invisible ${uniqueId('n')}`;
    const map = await save(alice, { name, visibility: 'PUBLIC', nodes: [{ id: a }, { id: b }] });
    const links = await server.database.db.read(async (tx) =>
      Number((await tx.run('MATCH (m:Map {id: $id}) RETURN COUNT { (m)--() } AS c', { id: map.id })).records[0].get('c')),
    );
    expect(links).toBe(0);
    const seen = await server.anonymous.request<{ egoNetwork: { nodes: { id: string }[]; export: string }; search: { node: { id: string } }[] }>(
      gql`query ($id: ID!, $text: String!) {
        egoNetwork(id: $id, radius: 2) { nodes { id } export(format: CYTOSCAPE) }
        search(text: $text, first: 10) { node { id } }
      }`,
      { id: a, text: name },
    );
    expect(seen.egoNetwork.nodes.map((node) => node.id).sort()).toEqual([a, b].sort());
    expect(seen.egoNetwork.export).not.toContain(map.id);
    expect(seen.search.map((hit) => hit.node.id)).not.toContain(map.id);
  });

  it('draws as a network: its nodes as they are now and the links among them, in one statement for the links', async () => {
    const [a, b, c, dup, keep, doomed, outsider] = await actors('nw-a', 'nw-b', 'nw-c', 'nw-dup', 'nw-keep', 'nw-doomed', 'nw-out');
    const ab = await link(a, b, { startDate: '2010', endDate: '2012' });
    const bc = await link(b, c, { startDate: '2015' });
    const cDup = await link(c, dup);
    await link(a, outsider);
    const funds = uniqueId('maps-link');
    await alice.request(gql`mutation ($r: RelationshipInput!) { createRelationship(input: $r) { id } }`, {
      r: { id: funds, type: 'FUNDS', fromId: a, toId: c, sourceIds: [source] },
    });
    const map = await save(alice, {
      name: 'Carte à dessiner',
      visibility: 'PUBLIC',
      nodes: [c, dup, b, a, doomed].map((id, index) => ({ id, x: index, y: -index })),
    });
    await alice.request(gql`mutation ($k: ID!, $m: ID!) { mergeActors(keepId: $k, mergeId: $m) { id } }`, { k: keep, m: dup });
    await server.database.db.write((tx) => tx.run('MATCH (n:Actor {id: $id}) DETACH DELETE n', { id: doomed }));

    type Drawn = { nodes: { id: string; label: string; type: string; metrics: { degree: number } }[]; edges: { id: string; source: string; target: string; type: string }[]; stats: { nodeCount: number; edgeCount: number }; truncated: boolean };
    const draw = async (variables: object = {}) =>
      (
        await server.anonymous.request<{ map: { network: Drawn } }>(
          gql`query ($id: ID!, $types: [RelationshipType!], $asOf: Date) {
            map(id: $id) { network(types: $types, asOf: $asOf) { truncated nodes { id label type metrics { degree } } edges { id source target type } stats { nodeCount edgeCount } } }
          }`,
          { id: map.id, ...variables },
        )
      ).map.network;

    const before = server.database.db.statementCount;
    const all = await draw();
    // The map; its saved ids at once; the actor the merged one went into; then the network, in one statement.
    expect(server.database.db.statementCount - before).toBe(4);
    // In the order saved; the merged actor shows as the one kept; the deleted one is left out.
    expect(all.nodes.map((node) => node.id)).toEqual([c, keep, b, a]);
    expect(all.nodes[1]).toMatchObject({ label: `Acteur ${keep}`, type: 'Actor' });
    // Links among the map's nodes only: the outsider's is left out; the merged actor's link followed it.
    const byId = Object.fromEntries(all.edges.map((edge) => [edge.id, edge]));
    expect(Object.keys(byId).sort()).toEqual([ab, bc, cDup, funds].sort());
    expect(byId[cDup]).toMatchObject({ source: c, target: keep, type: 'PARTNERS_WITH' });
    expect(byId[funds]).toMatchObject({ source: a, target: c, type: 'FUNDS' });
    expect(all.stats).toEqual({ nodeCount: 4, edgeCount: 4 });
    expect(all.truncated).toBe(false);
    expect(all.nodes.find((node) => node.id === c)!.metrics.degree).toBe(3);

    // A date and a type filter, as the explorer sends them.
    expect((await draw({ asOf: '2011' })).edges.map((edge) => edge.id).sort()).toEqual([ab, cDup, funds].sort());
    expect((await draw({ types: ['FUNDS'] })).edges.map((edge) => edge.id)).toEqual([funds]);

    // The links' properties are read where they show: under `edges { properties }`, and in an
    // export, whose files carry them even when the edges are not selected.
    const shown = await server.anonymous.request<{ map: { network: { edges: { id: string; properties: Record<string, unknown> }[] } } }>(
      gql`query ($id: ID!) { map(id: $id) { network { edges { id properties } } } }`,
      { id: map.id },
    );
    expect(shown.map.network.edges.find((edge) => edge.id === funds)!.properties).toMatchObject({ sourceIds: [source] });
    const exported = await server.anonymous.request<{ map: { network: { export: string } }; egoNetwork: { export: string } }>(
      gql`query ($id: ID!, $a: ID!) { map(id: $id) { network { export(format: CSV) } } egoNetwork(id: $a, radius: 1) { export(format: CSV) } }`,
      { id: map.id, a },
    );
    expect(exported.map.network.export.split('\n').find((line) => line.includes(funds))).toContain(source);
    expect(exported.egoNetwork.export.split('\n').find((line) => line.includes(funds))).toContain(source);

    // A dated map draws the links of its date when none is asked for.
    const dated = await save(alice, { id: map.id, name: 'Carte à dessiner', asOf: '2016', nodes: [{ id: a }, { id: b }, { id: c }] });
    const datedNetwork = (await server.anonymous.request<{ map: { network: Drawn } }>(gql`query ($id: ID!) { map(id: $id) { network { nodes { id } edges { id } } } }`, { id: dated.id })).map.network;
    expect(datedNetwork.nodes.map((node) => node.id)).toEqual([a, b, c]);
    expect(datedNetwork.edges.map((edge) => edge.id).sort()).toEqual([bc, funds].sort());

    // An empty map is an empty network.
    const empty = await save(alice, { name: 'Carte vide', visibility: 'PUBLIC', nodes: [] });
    expect((await server.anonymous.request<{ map: { network: Drawn } }>(gql`query ($id: ID!) { map(id: $id) { network { nodes { id } edges { id } truncated } } }`, { id: empty.id })).map.network).toEqual({ nodes: [], edges: [], truncated: false });
  });
});
