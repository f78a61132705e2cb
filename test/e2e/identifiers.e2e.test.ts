import { randomBytes } from 'node:crypto';
import { gql } from 'graphql-request';
import { startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { errorOf } from '../support/errors';

/** Identifiers no other test file uses: an IATI one under the XX test prefix, a Wikidata one, an LEI with its check digits. */
const tag = randomBytes(5).toString('hex').toUpperCase();
const iati = (suffix: string) => `XX-E2E-${tag}-${suffix}`;
const wikidata = `Q9${BigInt(`0x${tag}`).toString()}`;
function lei(): string {
  const base = `5493${tag}${randomBytes(3).toString('hex').toUpperCase()}`.slice(0, 18);
  let remainder = 0;
  for (const char of `${base}00`) for (const digit of Number.parseInt(char, 36).toString()) remainder = (remainder * 10 + Number(digit)) % 97;
  return `${base}${String(98 - remainder).padStart(2, '0')}`;
}

const UPSERT = gql`
  mutation ($input: ActorInput!) {
    upsertActor(input: $input) { id name originalName identifiers { scheme value sources { id } } }
  }
`;
const READ = gql`
  query ($id: ID!) { actor(id: $id) { id name originalName aliases identifiers { scheme value sources { id } } } }
`;
const BY_IDENTIFIER = gql`
  query ($identifier: String!) { actors(first: 10, filter: { identifier: $identifier }) { totalCount edges { node { id } } } }
`;

interface IdentifierOut {
  scheme: string;
  value: string;
  sources: { id: string }[];
}
interface ActorOut {
  id: string;
  name: string;
  originalName: string | null;
  aliases?: string[];
  identifiers: IdentifierOut[];
}

async function graphSize(server: TestServer): Promise<string> {
  return server.database.db.read(async (tx) => {
    const nodes = (await tx.run('MATCH (n) RETURN count(n) AS c')).records[0].get('c');
    const rels = (await tx.run('MATCH ()-[r]->() RETURN count(r) AS c')).records[0].get('c');
    return `${nodes}/${rels}`;
  });
}

describe('actor identifiers over HTTP', () => {
  let server: TestServer;
  const sourceId = uniqueId('src-identifiers');
  const registryId = uniqueId('src-registry');
  const holder = uniqueId('identified');

  const upsert = async (input: object) => (await server.editor.request<{ upsertActor: ActorOut }>(UPSERT, { input })).upsertActor;
  const read = async (id: string) => (await server.anonymous.request<{ actor: ActorOut | null }>(READ, { id })).actor;
  const holdersOf = async (identifier: string) =>
    (await server.anonymous.request<{ actors: { totalCount: number; edges: { node: { id: string } }[] } }>(BY_IDENTIFIER, { identifier })).actors;

  /** A refused write leaves the graph as it was; other files write meanwhile, so one clean attempt in a few is enough. */
  async function expectRefused(input: object, field: string, message?: RegExp) {
    const sizes: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = await graphSize(server);
      const error = await errorOf(server.editor.request(UPSERT, { input }));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.field).toBe(field);
      if (message) expect(error.message).toMatch(message);
      const after = await graphSize(server);
      if (after === before) return error;
      sizes.push(`${before} -> ${after}`);
    }
    throw new Error(`the graph changed around every refused attempt: ${sizes.join(', ')}`);
  }

  beforeAll(async () => {
    server = await startTestServer();
    await server.editor.request(
      gql`mutation ($a: SourceInput!, $b: SourceInput!) { a: upsertSource(input: $a) { id } b: upsertSource(input: $b) { id } }`,
      { a: { id: sourceId, title: 'Rapport', kind: 'DOCUMENT' }, b: { id: registryId, title: 'Registre', kind: 'WEBSITE' } },
    );
  });
  afterAll(async () => server?.close());

  it('stores identifiers normalised, each with its sources, and adds to them on a later upsert without removing any', async () => {
    const created = await upsert({
      id: holder,
      name: 'ONG <b>Identifiée</b> &amp; associés',
      kind: 'NGO',
      sourceIds: [sourceId],
      identifiers: [{ scheme: 'IATI', value: ` ${iati('A').toLowerCase()} ` }],
    });
    expect(created).toEqual({
      id: holder,
      name: 'ONG Identifiée & associés',
      originalName: 'ONG <b>Identifiée</b> &amp; associés',
      identifiers: [{ scheme: 'IATI', value: iati('A'), sources: [{ id: sourceId }] }],
    });

    await upsert({ id: holder, name: 'ONG Identifiée', kind: 'NGO', identifiers: [{ scheme: 'WIKIDATA', value: wikidata.toLowerCase(), sourceIds: [registryId] }] });
    const actor = await read(holder);
    expect(actor).toMatchObject({ name: 'ONG Identifiée', originalName: null });
    expect(actor!.identifiers).toEqual([
      { scheme: 'IATI', value: iati('A'), sources: [{ id: sourceId }] },
      { scheme: 'WIKIDATA', value: wikidata, sources: [{ id: registryId }] },
    ]);

    // Giving one it holds again, with another source, adds the source.
    await upsert({ id: holder, name: 'ONG Identifiée', kind: 'NGO', identifiers: [{ scheme: 'IATI', value: iati('A'), sourceIds: [registryId] }] });
    expect((await read(holder))!.identifiers[0]).toEqual({ scheme: 'IATI', value: iati('A'), sources: [{ id: sourceId }, { id: registryId }] });
    const history = await server.anonymous.request<{ history: { changedFields: string[]; after: Record<string, unknown> }[] }>(
      gql`query ($id: ID!) { history(id: $id) { changedFields after } }`,
      { id: holder },
    );
    expect(history.history.filter((entry) => entry.changedFields.includes('identifiers')).map((entry) => entry.after.identifiers)).toEqual(
      expect.arrayContaining([[`IATI:${iati('A')}`], [`WIKIDATA:${wikidata}`]]),
    );
  });

  it('finds the actor that holds an identifier, written any way, in one page', async () => {
    for (const text of [iati('A'), `IATI:${iati('A')}`, `iati:${iati('A').toLowerCase()}`, wikidata]) {
      expect(await holdersOf(text)).toEqual({ totalCount: 1, edges: [{ node: { id: holder } }] });
    }
    expect(await holdersOf(iati('NOBODY'))).toEqual({ totalCount: 0, edges: [] });
    const error = await errorOf(server.anonymous.request(BY_IDENTIFIER, { identifier: 'Not available' }));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toBe('identifier');
  });

  it('finds the seeds\' UNDP by its IATI identifier, backed by org-id.guide', async () => {
    expect(await holdersOf('XM-DAC-41114')).toEqual({ totalCount: 1, edges: [{ node: { id: 'undp' } }] });
    // Other test files import real IATI files into the same database; each adds its file as a source of UNDP's identifier.
    expect((await read('undp'))!.identifiers).toEqual([{ scheme: 'IATI', value: 'XM-DAC-41114', sources: expect.arrayContaining([{ id: 'org-id-guide' }]) }]);
    expect((await read('afd'))!.identifiers).toEqual([{ scheme: 'IATI', value: 'FR-3', sources: expect.arrayContaining([{ id: 'org-id-guide' }]) }]);
  });

  it('refuses an identifier another actor holds, however it is written, and writes nothing', async () => {
    const other = uniqueId('other');
    const error = await expectRefused(
      { id: other, name: 'Autre', kind: 'NGO', identifiers: [{ scheme: 'LEI', value: lei() }, { scheme: 'IATI', value: iati('A').toLowerCase() }] },
      'identifiers.1',
    );
    expect(error.message).toBe(`Invalid value for identifiers.1: IATI ${iati('A')} already identifies actor "${holder}"`);
    expect(await read(other)).toBeNull();
    await expectRefused({ id: 'undp-copy-' + tag.toLowerCase(), name: 'PNUD', kind: 'OTHER', identifiers: [{ scheme: 'IATI', value: 'XM-DAC-41114' }] }, 'identifiers.0', /already identifies actor "undp"/);
  });

  it('refuses an unknown scheme or a value malformed for its scheme, naming the field, and writes nothing', async () => {
    const id = uniqueId('malformed');
    await expectRefused({ id, name: 'X', kind: 'NGO', identifiers: [{ scheme: 'DUNS', value: '001793082' }] }, 'identifiers.0.scheme', /must be one of IATI, WIKIDATA, LEI/);
    await expectRefused({ id, name: 'X', kind: 'NGO', identifiers: [{ scheme: 'IATI', value: 'Not available' }] }, 'identifiers.0.value', /organisation identifier/);
    await expectRefused({ id, name: 'X', kind: 'NGO', identifiers: [{ scheme: 'LEI', value: `${lei().slice(0, 18)}00` }] }, 'identifiers.0.value', /check digits/);
    await expectRefused({ id, name: 'X', kind: 'NGO', identifiers: [{ scheme: 'IATI', value: iati('S'), sourceIds: ['no-such-source'] }] }, 'identifiers.sourceIds');
    expect(await read(id)).toBeNull();
  });

  it('moves the merged actor\'s identifiers to the kept one, and records them', async () => {
    const keep = uniqueId('keep');
    const merged = uniqueId('merged');
    await upsert({ id: keep, name: 'Gardée', kind: 'NGO', identifiers: [{ scheme: 'IATI', value: iati('K') }] });
    const code = lei();
    await upsert({ id: merged, name: 'Fusionnée', kind: 'NGO', identifiers: [{ scheme: 'IATI', value: iati('M') }, { scheme: 'LEI', value: code }] });
    const { mergeActors } = await server.editor.request<{ mergeActors: ActorOut }>(
      gql`mutation ($keep: ID!, $merge: ID!) { mergeActors(keepId: $keep, mergeId: $merge) { id identifiers { scheme value } } }`,
      { keep, merge: merged },
    );
    expect(mergeActors.identifiers).toEqual([
      { scheme: 'IATI', value: iati('K') },
      { scheme: 'IATI', value: iati('M') },
      { scheme: 'LEI', value: code },
    ]);
    expect(await holdersOf(iati('M'))).toEqual({ totalCount: 1, edges: [{ node: { id: keep } }] });
    const orphans = await server.database.db.read(async (tx) =>
      Number((await tx.run('MATCH (i:Identifier) WHERE i.key IN $keys AND NOT (i)<-[:IDENTIFIED_BY]-() RETURN count(i) AS c', { keys: [`IATI:${iati('M')}`, `LEI:${code}`] })).records[0].get('c')),
    );
    expect(orphans).toBe(0);
    const { history } = await server.anonymous.request<{ history: { operation: string; changedFields: string[]; after: Record<string, unknown> }[] }>(
      gql`query ($id: ID!) { history(id: $id) { operation changedFields after } }`,
      { id: keep },
    );
    const entry = history.find((e) => e.operation === 'mergeActors')!;
    expect(entry.changedFields).toContain('identifiers');
    expect(entry.after.movedIdentifiers).toEqual([`IATI:${iati('M')}`, `LEI:${code}`]);
  });

  it('cleans the names of initiatives and territories too, keeping the original', async () => {
    const initiative = uniqueId('initiative');
    const territory = uniqueId('territory');
    const data = await server.editor.request<{ i: { name: string; originalName: string | null }; t: { name: string; originalName: string | null } }>(
      gql`mutation ($i: InitiativeInput!, $t: TerritoryInput!) {
        i: upsertInitiative(input: $i) { name originalName }
        t: upsertTerritory(input: $t) { name originalName }
      }`,
      {
        i: { id: initiative, name: 'Projet <i>pilote</i>\n  phase&nbsp;2', kind: 'PROJECT', aliases: ['<b>PP</b>'] },
        t: { id: territory, name: 'Vallée  du  Rhône', level: 'REGION' },
      },
    );
    expect(data).toEqual({
      i: { name: 'Projet pilote phase 2', originalName: 'Projet <i>pilote</i>\n  phase&nbsp;2' },
      t: { name: 'Vallée du Rhône', originalName: 'Vallée  du  Rhône' },
    });
    const aliases = await server.anonymous.request<{ initiative: { aliases: string[] } }>(gql`query ($id: ID!) { initiative(id: $id) { aliases } }`, { id: initiative });
    expect(aliases.initiative.aliases).toEqual(['PP']);
  });
});
