import { gql } from 'graphql-request';
import { parse as parseCsv } from 'csv-parse/sync';
import { startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { errorOf } from '../support/errors';

/**
 * Tags, free attributes, link directions, the generic RELATED_TO link, PERSON actors and source
 * checksums, through the GraphQL API as the network-file importer and clients use them.
 */

let server: TestServer;
const sourceId = uniqueId('src-file');
const personId = uniqueId('person');
const placeId = uniqueId('place');
const projectId = uniqueId('project');
const linkId = uniqueId('knows');
const checksum = 'c0ffee'.padEnd(64, '0');

const ACTOR_FIELDS = 'id name kind tags attributes updatedAt';
const LINK_FIELDS = 'id type kind direction tags attributes from { id } to { id }';

const upsertActor = (input: Record<string, unknown>) =>
  server.editor.request<{ upsertActor: Record<string, unknown> }>(
    gql`mutation ($input: ActorInput!) { upsertActor(input: $input) { ${ACTOR_FIELDS} } }`,
    { input },
  );

const readActor = async (id: string) =>
  (await server.anonymous.request<{ actor: Record<string, unknown> }>(gql`query ($id: ID!) { actor(id: $id) { ${ACTOR_FIELDS} } }`, { id })).actor;

beforeAll(async () => {
  server = await startTestServer();
  await server.editor.request(
    gql`
      mutation ($s: SourceInput!, $t: TerritoryInput!, $i: InitiativeInput!) {
        upsertSource(input: $s) { id }
        upsertTerritory(input: $t) { id }
        upsertInitiative(input: $i) { id }
      }
    `,
    {
      s: { id: sourceId, title: 'kumu-map.xlsx', kind: 'DATASET', checksum },
      t: { id: placeId, name: 'Tunis', level: 'REGION', tags: ['capitale'], attributes: { Population: 1056247 } },
      i: { id: projectId, name: 'Projet cartographié', kind: 'PROJECT', tags: ['carte'], attributes: { Phase: 'pilot', Years: [2019, 2020] } },
    },
  );
});

afterAll(async () => {
  await server?.close();
});

describe('tags and free attributes', () => {
  it('are stored on an actor and read back: tags trimmed and each once, attributes as the object given', async () => {
    const { upsertActor: created } = await upsertActor({
      id: personId,
      name: 'Ana Pérez',
      kind: 'PERSON',
      tags: [' board ', 'mayor', 'board'],
      attributes: { 'Board seat': 'Vice-présidente', 'Year joined': 2019, Active: true, Committees: ['finance', 'audit'] },
      sourceIds: [sourceId],
    });
    expect(created).toMatchObject({ kind: 'PERSON', tags: ['board', 'mayor'] });
    expect(await readActor(personId)).toMatchObject({
      name: 'Ana Pérez',
      kind: 'PERSON',
      tags: ['board', 'mayor'],
      attributes: { 'Board seat': 'Vice-présidente', 'Year joined': 2019, Active: true, Committees: ['finance', 'audit'] },
    });
  });

  it('stay as they are when an update leaves them out, and an unchanged repeat writes nothing', async () => {
    const before = await readActor(personId);
    const { upsertActor: renamed } = await upsertActor({ id: personId, name: 'Ana Pérez Díaz', kind: 'PERSON' });
    expect(renamed).toMatchObject({ name: 'Ana Pérez Díaz', tags: before.tags, attributes: before.attributes });

    // The same attributes in another key order are the same stored text: no change, no audit entry.
    const { upsertActor: repeated } = await upsertActor({
      id: personId,
      name: 'Ana Pérez Díaz',
      kind: 'PERSON',
      tags: ['board', 'mayor'],
      attributes: { Committees: ['finance', 'audit'], Active: true, 'Year joined': 2019, 'Board seat': 'Vice-présidente' },
    });
    expect(repeated.updatedAt).toBe(renamed.updatedAt);
    const { history } = await server.anonymous.request<{ history: { operation: string; changedFields: string[] }[] }>(
      gql`query ($id: ID!) { history(id: $id) { operation changedFields } }`,
      { id: personId },
    );
    expect(history.map((entry) => entry.changedFields)).toEqual([['name'], expect.arrayContaining(['name', 'kind', 'tags', 'attributes'])]);
  });

  it('are removed by null, and an empty tag list reads as none', async () => {
    const other = uniqueId('actor');
    await upsertActor({ id: other, name: 'Coopérative', kind: 'COOPERATIVE', tags: ['x'], attributes: { a: 1 } });
    const { upsertActor: cleared } = await upsertActor({ id: other, name: 'Coopérative', kind: 'COOPERATIVE', tags: [], attributes: null });
    expect(cleared).toMatchObject({ tags: [], attributes: null });
    const plain = uniqueId('actor');
    expect((await upsertActor({ id: plain, name: 'ONG', kind: 'NGO' })).upsertActor).toMatchObject({ tags: [], attributes: null });
  });

  it('are refused when nested, with the key named, and nothing is written', async () => {
    const id = uniqueId('actor');
    const error = await errorOf(upsertActor({ id, name: 'Nested', kind: 'NGO', attributes: { Address: { city: 'Tunis' } } }));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toBe('attributes');
    expect(error.message).toContain('key "Address" is an object');
    expect(await readActor(id)).toBeNull();
  });

  it('are on initiatives and territories too', async () => {
    const { territory, initiative } = await server.anonymous.request<Record<string, Record<string, unknown>>>(
      gql`query ($t: ID!, $i: ID!) { territory(id: $t) { tags attributes } initiative(id: $i) { tags attributes } }`,
      { t: placeId, i: projectId },
    );
    expect(territory).toEqual({ tags: ['capitale'], attributes: { Population: 1056247 } });
    expect(initiative).toEqual({ tags: ['carte'], attributes: { Phase: 'pilot', Years: [2019, 2020] } });
  });
});

describe('RELATED_TO', () => {
  it('links an actor to a territory, keeping the original type in kind and the Kumu direction', async () => {
    const { createRelationship } = await server.editor.request<{ createRelationship: Record<string, unknown> }>(
      gql`mutation ($input: RelationshipInput!) { createRelationship(input: $input) { ${LINK_FIELDS} } }`,
      {
        input: {
          id: linkId,
          type: 'RELATED_TO',
          fromId: personId,
          toId: placeId,
          kind: 'Knows',
          direction: 'UNDIRECTED',
          tags: ['informel'],
          attributes: { Strength: 3, 'Met at': 'Forum 2019' },
          sourceIds: [sourceId],
        },
      },
    );
    expect(createRelationship).toEqual({
      id: linkId,
      type: 'RELATED_TO',
      kind: 'Knows',
      direction: 'UNDIRECTED',
      tags: ['informel'],
      attributes: { Strength: 3, 'Met at': 'Forum 2019' },
      from: { id: personId },
      to: { id: placeId },
    });
    const { relationship } = await server.anonymous.request<{ relationship: Record<string, unknown> }>(
      gql`query ($id: ID!) { relationship(id: $id) { ${LINK_FIELDS} } }`,
      { id: linkId },
    );
    expect(relationship).toEqual(createRelationship);
  });

  it('joins a territory to an initiative as well, and a link without a direction reads null (directed)', async () => {
    const { createRelationship } = await server.editor.request<{ createRelationship: Record<string, unknown> }>(
      gql`mutation ($input: RelationshipInput!) { createRelationship(input: $input) { ${LINK_FIELDS} } }`,
      { input: { type: 'RELATED_TO', fromId: placeId, toId: projectId, kind: 'Hosts', sourceIds: [sourceId] } },
    );
    expect(createRelationship).toMatchObject({ type: 'RELATED_TO', direction: null, tags: [], attributes: null, from: { id: placeId }, to: { id: projectId } });
  });

  it('shows in network views with the nodes\u2019 tags and attributes, and in their exports', async () => {
    const { egoNetwork } = await server.anonymous.request<{
      egoNetwork: { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[]; nodesCsv: string; edgesCsv: string };
    }>(
      gql`
        query ($id: ID!) {
          egoNetwork(id: $id, radius: 1) {
            nodes { id kind tags attributes }
            edges { id type properties }
            nodesCsv: export(format: CSV, table: NODES)
            edgesCsv: export(format: CSV, table: EDGES)
          }
        }
      `,
      { id: personId },
    );
    expect(egoNetwork.nodes).toEqual(
      expect.arrayContaining([
        { id: personId, kind: 'PERSON', tags: ['board', 'mayor'], attributes: expect.objectContaining({ 'Year joined': 2019 }) },
        { id: placeId, kind: 'REGION', tags: ['capitale'], attributes: { Population: 1056247 } },
      ]),
    );
    const link = egoNetwork.edges.find((edge) => edge.id === linkId)!;
    expect(link).toMatchObject({
      type: 'RELATED_TO',
      properties: { kind: 'Knows', direction: 'UNDIRECTED', tags: ['informel'], attributes: { Strength: 3, 'Met at': 'Forum 2019' } },
    });

    const nodes = parseCsv(egoNetwork.nodesCsv, { columns: true }) as Record<string, string>[];
    expect(nodes.find((row) => row.ID === personId)).toMatchObject({ Kind: 'PERSON', Tags: 'board|mayor', 'Year joined': '2019', Committees: 'finance|audit' });
    const edges = parseCsv(egoNetwork.edgesCsv, { columns: true }) as Record<string, string>[];
    expect(edges.find((row) => row.ID === linkId)).toMatchObject({ Type: 'RELATED_TO', Direction: 'undirected', Kind: 'Knows', Tags: 'informel', Strength: '3', 'Met at': 'Forum 2019' });
  });
});

describe('Source.checksum', () => {
  it('is stored and read back, and refused unless a lowercase sha256', async () => {
    const { source } = await server.anonymous.request<{ source: { checksum: string | null } }>(gql`query ($id: ID!) { source(id: $id) { checksum } }`, {
      id: sourceId,
    });
    expect(source.checksum).toBe(checksum);
    const error = await errorOf(
      server.editor.request(gql`mutation ($s: SourceInput!) { upsertSource(input: $s) { id } }`, { s: { title: 'x', checksum: 'ABC' } }),
    );
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'checksum' });
  });
});
