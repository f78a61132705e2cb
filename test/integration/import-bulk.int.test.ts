import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { main } from '../../src/import/cli';
import { startLocalNeo4j } from '../../src/db/local-neo4j';
import { findFreePort } from '../support/free-port';
import { plainRecord } from '../../src/common/neo4j-values';

/**
 * `npm run import -- --bulk` must build the same graph as the transactional importer: the same
 * nodes, links, property values and Cypher types, audit entries and indexes. Both import the seed
 * documents plus a file of awkward values into their own fresh embedded Neo4j, and are compared.
 */

const SEEDS = path.resolve(__dirname, '../../seeds');
const seedFiles = ['sources.json', 'territories.json', ...readdirSync(SEEDS).filter((f) => /^\d{3}-.*\.json$/.test(f)).sort()].map((f) =>
  path.join(SEEDS, f),
);

const work = mkdtempSync(path.join(tmpdir(), 'bulk-test-'));

/** Values that CSV files get wrong when they are quoted or typed carelessly. */
const awkward = path.join(work, 'awkward.json');
writeFileSync(
  awkward,
  JSON.stringify({
    actors: [
      {
        id: 'bulk-awkward-1',
        name: 'Coopérative "La Fabrique", Tunis\nligne 2',
        kind: 'COOPERATIVE',
        aliases: ['Fabrique; coop', 'a,b'],
        sourceIds: ['doc-003-ecocuenca'],
        // Tags trimmed and deduplicated; free attributes as one JSON text, with CSV specials inside.
        tags: ['  coop ', 'a,b', 'coop'],
        attributes: { 'Col, "quoted"': 'ligne 1\nligne 2', n: 1.5, flags: [true, false], none: [] },
        // Identifiers are nodes of their own: one citing the actor's source, one its own.
        identifiers: [{ scheme: 'IATI', value: 'xx-bulk-1' }, { scheme: 'WIKIDATA', value: 'Q42', sourceIds: ['doc-003-ecocuenca'] }],
      },
      // The same organisation by its orgRef: folded into bulk-awkward-1, and its link with it.
      { id: 'bulk-awkward-alias', name: 'Fabrique (doublon)', kind: 'COOPERATIVE', orgRef: 'XX-BULK-1', sourceIds: ['doc-003-ecocuenca'] },
      // Markup in the name (kept as originalName), and an identifier that nothing backs (no sourceIds property).
      { id: 'bulk-awkward-3', name: 'Handicap <i>Intl</i> &amp; co', kind: 'NGO', identifiers: [{ scheme: 'LEI', value: '5493001KJTIIGC8Y1R12' }] },
      { id: 'bulk-awkward-2', name: '  espaces  ', kind: 'NGO', aliases: [], tags: [], sourceIds: ['doc-003-ecocuenca'] },
      { id: 'bulk-awkward-person', name: 'Ana Pérez', kind: 'PERSON', attributes: {}, sourceIds: ['doc-003-ecocuenca'] },
    ],
    relationships: [
      { id: 'bulk-awkward-partners', type: 'PARTNERS_WITH', fromId: 'bulk-awkward-alias', toId: 'bulk-awkward-2', sourceIds: ['doc-003-ecocuenca'] },
      {
        id: 'bulk-awkward-funds',
        type: 'FUNDS',
        fromId: 'bulk-awkward-1',
        toId: 'bulk-awkward-2',
        amount: { amount: 1234567.89, currency: 'TND', amountEur: 360000.5 },
        startDate: '2019-03',
        excerpt: 'cité « entre guillemets », avec ""deux"" guillemets',
        sourceIds: ['doc-003-ecocuenca'],
      },
      {
        // A reversal given as decimal text: stored as the same exact string and float either way.
        id: 'bulk-awkward-reversal',
        type: 'FUNDS',
        fromId: 'bulk-awkward-1',
        toId: 'bulk-awkward-2',
        amount: { amount: '-001234567.8912345000', currency: 'TND', amountEur: '-0.125' },
        sourceIds: ['doc-003-ecocuenca'],
      },
      {
        id: 'bulk-awkward-knows',
        type: 'RELATED_TO',
        fromId: 'bulk-awkward-person',
        toId: 'bolivia',
        kind: 'Knows',
        direction: 'UNDIRECTED',
        tags: ['informel'],
        attributes: { 'Met at': 'Forum, "2019"', Strength: 3 },
        sourceIds: ['doc-003-ecocuenca'],
      },
    ],
  }),
);

async function cli(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const { NEO4J_URI: _uri, ...rest } = process.env;
  const code = await main(args, {
    stdout: { write: (text: string) => ((stdout += text), true), isTTY: false },
    stderr: { write: (text: string) => ((stderr += text), true), isTTY: false },
    env: { ...rest, LOG_LEVEL: 'warn', ...env },
    cwd: work,
  });
  return { code, stdout, stderr };
}

const BOOKKEEPING = ['createdAt', 'updatedAt'];

function withoutBookkeeping(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !BOOKKEEPING.includes(key)));
}

/** Everything a client can read, in a stable order; bookkeeping times differ by when each ran. */
async function snapshot(dataDir: string) {
  const port = await findFreePort();
  const server = await startLocalNeo4j({ port, dataDir });
  const driver = neo4j.driver(server.uri);
  const session = driver.session();
  try {
    const rows = async (cypher: string) => (await session.run(cypher)).records.map((r) => plainRecord(r.toObject()));
    const nodes = await rows(
      `MATCH (n) WHERE NOT n:Migration AND NOT n:AuditEntry
       RETURN labels(n) AS labels, properties(n) AS props,
              [k IN keys(n) | k + ':' + valueType(n[k])] AS types ORDER BY n.id, n.key`,
    );
    const links = await rows(
      `MATCH (a)-[r]->(b)
       RETURN type(r) AS type, a.id AS fromId, coalesce(b.id, b.key) AS toId, properties(r) AS props,
              [k IN keys(r) | k + ':' + valueType(r[k])] AS types ORDER BY r.id, type, fromId, toId`,
    );
    const audit = await rows(
      `MATCH (e:AuditEntry)
       RETURN e.targetId AS targetId, e.operation AS operation, e.by AS by, e.changedFields AS changedFields,
              e.before AS before, e.after AS after, valueType(e.at) AS atType ORDER BY targetId`,
    );
    const indexes = await rows('SHOW INDEXES YIELD name, state RETURN name, state ORDER BY name');
    const constraints = await rows('SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name');
    return {
      nodes: nodes.map((n) => ({ ...n, props: withoutBookkeeping(n.props as Record<string, unknown>), types: (n.types as string[]).sort() })),
      links: links.map((l) => ({ ...l, props: withoutBookkeeping(l.props as Record<string, unknown>), types: (l.types as string[]).sort() })),
      audit: audit.map((e) => ({
        ...e,
        changedFields: [...(e.changedFields as string[])].sort(),
        after: JSON.parse(e.after as string),
      })),
      indexes,
      constraints,
    };
  } finally {
    await session.close();
    await driver.close();
    await server.stop();
  }
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run import -- --bulk', () => {
  const transactionalDir = path.join(work, 'transactional');
  const bulkDir = path.join(work, 'bulk');

  it('builds the same graph as the transactional importer, with its audit entries and indexes', async () => {
    const files = [...seedFiles, awkward];
    const plain = await cli(files, { NEO4J_LOCAL_DATA: transactionalDir, NEO4J_LOCAL_PORT: String(await findFreePort()) });
    expect(plain.stderr).not.toContain('failed');
    expect(plain.code).toBe(0);
    const bulk = await cli(['--bulk', ...files], { NEO4J_LOCAL_DATA: bulkDir, NEO4J_LOCAL_PORT: String(await findFreePort()) });
    expect(bulk.stderr).not.toContain('failed');
    expect(bulk.code).toBe(0);
    expect(bulk.stdout).toMatch(/^Import summary \(written\)$/m);
    // The summaries agree, line for line, but for the time taken.
    const table = (out: string) => out.split('\n').filter((line) => !line.startsWith('elapsed') && !line.startsWith('phases'));
    expect(table(bulk.stdout)).toEqual(table(plain.stdout));
    expect(bulk.stdout).toMatch(/^phases: validation [\d.]+ s, CSV files [\d.]+ s, importer [\d.]+ s, restart and indexes [\d.]+ s; peak memory [1-9]\d* MB$/m);

    const expected = await snapshot(transactionalDir);
    const actual = await snapshot(bulkDir);
    expect(actual.nodes.length).toBeGreaterThan(70);
    expect(actual.links.length).toBeGreaterThan(120);
    expect(actual.audit.length).toBe(expected.audit.length);
    expect(actual.indexes.every((index) => index.state === 'ONLINE')).toBe(true);
    expect(actual.indexes.map((index) => index.name)).toEqual(expected.indexes.map((index) => index.name));
    expect(actual.constraints).toEqual(expected.constraints);
    expect(actual.nodes).toEqual(expected.nodes);
    expect(actual.links).toEqual(expected.links);
    const reversal = actual.links.find((link) => (link.props as { id: string }).id === 'bulk-awkward-reversal')!;
    expect(reversal.props).toMatchObject({ amountExact: '-1234567.8912345', amountValue: -1234567.8912345, amountEurExact: '-0.125', amountEurValue: -0.125 });
    expect(reversal.types).toEqual(expect.arrayContaining(['amountExact:STRING NOT NULL', 'amountValue:FLOAT NOT NULL']));
    const tagged = actual.nodes.find((node) => (node.props as { id: string }).id === 'bulk-awkward-1')!;
    expect(tagged.props).toMatchObject({ tags: ['coop', 'a,b'], attributes: '{"Col, \\"quoted\\"":"ligne 1\\nligne 2","flags":[true,false],"n":1.5,"none":[]}' });
    expect(tagged.types).toEqual(expect.arrayContaining(['tags:LIST<STRING NOT NULL> NOT NULL', 'attributes:STRING NOT NULL']));
    const knows = actual.links.find((link) => (link.props as { id: string }).id === 'bulk-awkward-knows')!;
    expect(knows.props).toMatchObject({ kind: 'Knows', direction: 'UNDIRECTED', tags: ['informel'], attributes: '{"Met at":"Forum, \\"2019\\"","Strength":3}' });
    // Identifiers: the nodes and IDENTIFIED_BY links of both paths are compared above; here, what they hold.
    const identifiers = actual.nodes.filter((node) => (node as { labels?: string[] }).labels?.includes('Identifier')).map((node) => node.props);
    expect(identifiers).toEqual(
      expect.arrayContaining([
        { key: 'IATI:XM-DAC-41114', scheme: 'IATI', value: 'XM-DAC-41114', sourceIds: ['org-id-guide'] },
        { key: 'IATI:XX-BULK-1', scheme: 'IATI', value: 'XX-BULK-1', sourceIds: ['doc-003-ecocuenca'] },
        { key: 'LEI:5493001KJTIIGC8Y1R12', scheme: 'LEI', value: '5493001KJTIIGC8Y1R12' },
      ]),
    );
    const ends = (link: object) => link as { type: string; fromId: string; toId: string };
    const heldBy = (key: string) => actual.links.map(ends).filter((link) => link.type === 'IDENTIFIED_BY' && link.toId === key).map((link) => link.fromId);
    expect(heldBy('IATI:XX-BULK-1')).toEqual(['bulk-awkward-1']);
    expect(heldBy('WIKIDATA:Q42')).toEqual(['bulk-awkward-1']);
    expect(actual.nodes.some((node) => (node.props as { id?: string }).id === 'bulk-awkward-alias')).toBe(false);
    expect(ends(actual.links.find((link) => (link.props as { id?: string }).id === 'bulk-awkward-partners')!).fromId).toBe('bulk-awkward-1');
    const marked = actual.nodes.find((node) => (node.props as { id?: string }).id === 'bulk-awkward-3')!;
    expect(marked.props).toMatchObject({ name: 'Handicap Intl & co', originalName: 'Handicap <i>Intl</i> &amp; co' });
    expect(actual.audit).toEqual(expected.audit);
  }, 480_000);

  it('refuses a database that already holds data, and leaves it as it was', async () => {
    const again = await cli(['--bulk', awkward], { NEO4J_LOCAL_DATA: bulkDir, NEO4J_LOCAL_PORT: String(await findFreePort()) });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/--bulk builds a new database, and the one in .* already holds \d+ node\(s\)/);
    const after = await snapshot(bulkDir);
    expect(after.nodes.some((n) => (n.props as { id: string }).id === 'bulk-awkward-1')).toBe(true);
  }, 120_000);

  it('refuses to run against a server named by NEO4J_URI', async () => {
    const refused = await cli(['--bulk', awkward], { NEO4J_URI: 'bolt://127.0.0.1:7687' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--bulk builds the embedded database offline');
  });
});
