import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { startLocalNeo4j, LocalNeo4j } from '../../src/db/local-neo4j';
import { findFreePort } from '../support/free-port';
import { openTestDatabase, TestDatabase } from '../support/database';
import { sharedFixture } from '../support/shared-fixtures';
import { seed } from '../../seeds/seed';
import { readIatiRows } from '../../src/import/iati.reader';
import { main as importCli } from '../../src/import/cli';
import { main as dumpCli } from '../../src/dump/cli';
import { ActorKind } from '../../src/actors/actor.type';
import type { RelationshipInput } from '../../src/relationships/relationship.input';
import { Database } from '../../src/db/database';
import { ImportRepository } from '../../src/import/import.repository';
import { MapVisibility } from '../../src/maps/map.type';
import type { MapInput } from '../../src/maps/map.input';

/**
 * Backup and restore: `npm run dump` of a graph with everything the model stores (the seeds, the
 * four real IATI files with their exact amounts, identifiers with and without sources of their
 * own, tags and free attributes, a RELATED_TO link, names with markup, an accepted, a rejected and
 * an undone merge, the audit trail of all that), `npm run import` of the dump into a new empty
 * Neo4j, and a dump of that: the two files must be the same bytes. With --bulk too. A dump whose
 * bytes no longer match its sidecar is refused, and nothing is written.
 *
 * The graph is built in a Neo4j of this file's own: the shared test database holds whatever the
 * other files write at the same time, and a dump of it would not be the same twice.
 */

const work = mkdtempSync(path.join(tmpdir(), 'dump-restore-'));
let source: LocalNeo4j;
let target: LocalNeo4j;
let sourceDb: TestDatabase;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(main: typeof dumpCli, args: string[], env: Record<string, string | undefined>): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const { NEO4J_URI: _uri, ...rest } = process.env;
  const code = await main(args, {
    stdout: { write: (text: string) => ((stdout += text), true), isTTY: false },
    stderr: { write: (text: string) => ((stderr += text), true), isTTY: false },
    env: { ...rest, LOG_LEVEL: 'warn', QUERY_TIMEOUT_MS: '120000', ...env } as NodeJS.ProcessEnv,
    cwd: work,
  });
  return { code, stdout, stderr };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

async function count(db: Database, cypher: string): Promise<number> {
  return db.read(async (tx) => Number((await tx.run(cypher)).records[0].get(0)));
}

/** What the seeds and the IATI files do not have: every kind of value the dump must carry exactly. */
const EXTRA = {
  sources: [{ id: 'dump-src', title: 'Sauvegarde « test »', kind: 'DOCUMENT', language: 'fr', date: '2024-05' }],
  actors: [
    {
      id: 'dump-coop',
      name: 'Coopérative <b>La Fabrique</b> &amp; co',
      kind: 'COOPERATIVE',
      aliases: ['Fabrique', 'La Fab'],
      sourceIds: ['dump-src'],
      tags: ['  coop ', 'ess', 'coop'],
      // Keys that JavaScript orders as integers, text with a line break and quotes, a float, lists.
      attributes: { '10': 'dix', '9': 'neuf', 'Note, "citée"': 'ligne 1\nligne 2', Score: 0.1, Flags: [true, false], Vide: [] },
      identifiers: [{ scheme: 'WIKIDATA', value: 'q4115189' }, { scheme: 'LEI', value: '5493001KJTIIGC8Y1R12', sourceIds: ['doc-003-ecocuenca'] }],
    },
    { id: 'dump-ngo', name: 'ONG Sauvegarde', kind: 'NGO', countryCode: 'fr', sse: true, sourceIds: ['dump-src'] },
    { id: 'dump-person', name: 'Ana Pérez', kind: 'PERSON', attributes: {}, aliases: [], tags: [] },
    { id: 'dump-keep', name: 'Réseau Sauvegarde', kind: 'ESS_NETWORK', acronym: 'RS', sourceIds: ['dump-src'] },
    { id: 'dump-dup', name: 'Reseau Sauvegarde (doublon)', kind: 'ESS_NETWORK', website: 'https://example.org/rs', sourceIds: ['doc-003-ecocuenca'], identifiers: [{ scheme: 'WIKIDATA', value: 'Q1' }] },
    { id: 'dump-other', name: 'Autre réseau', kind: 'ESS_NETWORK', sourceIds: ['dump-src'] },
    { id: 'dump-undone', name: 'Réseau défait', kind: 'ESS_NETWORK', sourceIds: ['dump-src'] },
  ],
  initiatives: [
    {
      id: 'dump-plan',
      name: 'Plan <i>sauvegarde</i>',
      kind: 'ACTION_PLAN',
      startDate: '2020-03',
      endDate: '2023',
      budget: { amount: '-0012345.678900', currency: 'EUR', amountEur: '-12345.6789' },
      themes: ['résilience'],
      indicators: [{ name: 'Jeunes accompagnés', value: 1479, unit: 'personnes', sourceIds: ['dump-src'], breakdown: [{ name: 'dont jeunes femmes', value: 1142.5 }] }],
      sourceIds: ['dump-src'],
    },
  ],
  relationships: [
    { id: 'dump-funds', type: 'FUNDS', fromId: 'dump-ngo', toId: 'dump-plan', amount: { amount: '0.10000000000000000001', currency: 'XOF' }, startDate: '2021-07-14', sourceIds: ['dump-src'] },
    { id: 'dump-reversal', type: 'FUNDS', fromId: 'dump-ngo', toId: 'dump-coop', amount: { amount: -1234.5, currency: 'EUR', amountEur: -1234.5 }, transactionType: 'DISBURSEMENT', sourceIds: ['dump-src'] },
    {
      id: 'dump-knows',
      type: 'RELATED_TO',
      fromId: 'dump-person',
      toId: 'dump-coop',
      kind: 'Knows',
      direction: 'UNDIRECTED',
      tags: ['informel'],
      attributes: { 'Met at': 'Forum, "2019"', Strength: 3 },
      sourceIds: ['dump-src'],
    },
    { type: 'PARTNERS_WITH', fromId: 'dump-dup', toId: 'dump-ngo', sourceIds: ['dump-src'] },
    { type: 'MEMBER_OF', fromId: 'dump-undone', toId: 'dump-keep', sourceIds: ['dump-src'] },
  ],
};

beforeAll(async () => {
  source = await startLocalNeo4j({ port: await findFreePort(), dataDir: path.join(work, 'source'), startTimeoutMs: 180_000 });
  sourceDb = await openTestDatabase({ NEO4J_URI: source.uri, QUERY_TIMEOUT_MS: '180000' });
  const { services } = sourceDb;
  expect((await seed(services)).written).toBe(true);
  const dir = path.dirname(sharedFixture('iati-real/usg-usaid-mg.xml'));
  const files = readdirSync(dir).filter((name) => name.endsWith('.xml')).sort().map((name) => path.join(dir, name));
  const iati = await readIatiRows(files);
  const imported = await services.importer.run(iati.rows, { by: 'import:iati-real', readProblems: iati.problems, readWarnings: iati.warnings });
  expect(imported.problems).toEqual([]);
  const extra = path.join(work, 'extra.json');
  writeFileSync(extra, JSON.stringify(EXTRA));
  const loaded = await run(importCli, [extra], { NEO4J_URI: source.uri });
  expect(loaded.stderr).not.toContain('failed');
  expect(loaded.code).toBe(0);
  // Later writes: updatedAt after createdAt, an identifier without sources on an actor that now has some.
  await services.actors.upsert({ id: 'dump-person', name: 'Ana Pérez', kind: ActorKind.PERSON, identifiers: [{ scheme: 'WIKIDATA', value: 'Q2' }] }, 'test:dump');
  await services.actors.upsert({ id: 'dump-person', name: 'Ana Pérez', kind: ActorKind.PERSON, sourceIds: ['dump-src'] }, 'test:dump');
  await services.relationships.update(
    'dump-knows',
    { type: 'RELATED_TO', fromId: 'dump-person', toId: 'dump-coop', kind: 'Knows well', sourceIds: ['dump-src', 'doc-003-ecocuenca'] } as RelationshipInput,
    'test:dump',
  );
  // Reviewed merges: one accepted, one rejected, one accepted then undone.
  const accepted = await services.merges.propose('dump-keep', 'dump-dup', 'Même réseau', 'test:dump');
  await services.merges.decide(accepted.id, true, 'Vérifié', 'test:dump');
  const rejected = await services.merges.propose('dump-keep', 'dump-other', null, 'test:dump');
  await services.merges.decide(rejected.id, false, 'Deux réseaux', 'test:dump');
  const undone = await services.merges.propose('dump-keep', 'dump-undone', null, 'test:dump');
  const decided = await services.merges.decide(undone.id, true, null, 'test:dump');
  await services.merges.undo(decided.auditEntryId!, 'test:dump');
  // A saved map, edited once (version 2: integers the restore must keep integers), one private.
  const editor = { name: 'test:dump', role: 'editor' as const };
  const map = await services.maps.save(
    { id: 'dump-map', name: 'Carte « sauvegarde »', visibility: MapVisibility.PUBLIC, nodes: [{ id: 'dump-keep', x: 0.5, y: -1 }, { id: 'dump-ngo' }] } as MapInput,
    editor,
  );
  await services.maps.save(
    {
      id: map.id,
      version: map.version,
      name: map.name,
      visibility: MapVisibility.PUBLIC,
      asOf: '2023-06',
      nodes: [{ id: 'dump-keep', x: 1, y: 2, color: '#c00' }, { id: 'dump-ngo', x: 3, y: 4 }],
      annotations: [{ text: 'Réseau pivot', nodeId: 'dump-keep', sourceIds: ['dump-src'] }],
    } as MapInput,
    editor,
  );
  await services.maps.save({ id: 'dump-private', name: 'Brouillon', visibility: MapVisibility.PRIVATE, nodes: [{ id: 'dump-coop' }] } as MapInput, editor);
  target = await startLocalNeo4j({ port: await findFreePort(), dataDir: path.join(work, 'target'), startTimeoutMs: 180_000 });
}, 900_000);

afterAll(async () => {
  await sourceDb?.close();
  await source?.stop();
  await target?.stop();
  rmSync(work, { recursive: true, force: true });
}, 120_000);

describe('npm run dump, then npm run import of the dump', () => {
  const first = path.join(work, 'graph.json');
  const second = path.join(work, 'graph-again.json');

  it('dumps the whole graph with its checksum, every stored record accounted for', async () => {
    const dumped = await run(dumpCli, ['--out', 'graph.json', '--validate'], { NEO4J_URI: source.uri });
    expect(dumped.stderr).not.toContain('failed');
    expect(dumped.stdout).not.toContain('problem(s)');
    expect(dumped.code).toBe(0);
    expect(readFileSync(`${first}.sha256`, 'utf8')).toBe(`${sha256(first)}  graph.json\n`);
    expect(existsSync(`${first}.partial`)).toBe(false);

    const text = readFileSync(first, 'utf8');
    const document = JSON.parse(text);
    expect(Object.keys(document)).toEqual(['format', 'version', 'sources', 'territories', 'actors', 'initiatives', 'relationships', 'mergeProposals', 'maps', 'auditEntries']);
    const db = sourceDb.db;
    expect(document.actors).toHaveLength(await count(db, 'MATCH (n:Actor) RETURN count(n)'));
    expect(document.relationships).toHaveLength(await count(db, 'MATCH ()-[r]->() WHERE type(r) <> "IDENTIFIED_BY" RETURN count(r)'));
    expect(document.auditEntries).toHaveLength(await count(db, 'MATCH (n:AuditEntry) RETURN count(n)'));
    expect(document.mergeProposals.map((p: { state: string }) => p.state).sort()).toEqual(['ACCEPTED', 'REJECTED', 'UNDONE']);
    expect(document.maps.map((m: { id: string; version: number; nodeCount: number }) => [m.id, m.version, m.nodeCount])).toEqual([
      ['dump-map', 2, 2],
      ['dump-private', 1, 1],
    ]);
    const identifiers = document.actors.flatMap((a: { identifiers?: unknown[] }) => a.identifiers ?? []);
    expect(identifiers).toHaveLength(await count(db, 'MATCH (i:Identifier) RETURN count(i)'));
    expect(identifiers.length).toBeGreaterThan(10);
    // Records in id order, keys in a fixed order, one a line.
    const ids = document.actors.map((a: { id: string }) => a.id);
    expect(ids).toEqual([...ids].sort((a: string, b: string) => (a < b ? -1 : 1)));
    expect(text.split('\n')[0]).toBe('{"format":"governance-graph-dump","version":1,');

    const byId = (section: string, id: string) => document[section].find((row: { id: string }) => row.id === id);
    // Names as given (the stored name is their clean form), tags as stored, attributes as the object they were.
    expect(byId('actors', 'dump-coop')).toMatchObject({
      name: 'Coopérative <b>La Fabrique</b> &amp; co',
      tags: ['coop', 'ess'],
      attributes: { '10': 'dix', '9': 'neuf', 'Note, "citée"': 'ligne 1\nligne 2', Score: 0.1, Flags: [true, false], Vide: [] },
      identifiers: [{ scheme: 'LEI', value: '5493001KJTIIGC8Y1R12', sourceIds: ['doc-003-ecocuenca'] }, { scheme: 'WIKIDATA', value: 'Q4115189', sourceIds: ['dump-src'] }],
    });
    // An identifier that no source backs stays so, though its actor now cites one.
    expect(byId('actors', 'dump-person')).toMatchObject({ sourceIds: ['dump-src'], identifiers: [{ scheme: 'WIKIDATA', value: 'Q2' }] });
    expect(byId('actors', 'dump-person').identifiers[0].sourceIds).toBeUndefined();
    // The merge moved the duplicate's identifier and names to the kept actor; the undone one is back.
    expect(byId('actors', 'dump-dup')).toBeUndefined();
    expect(byId('actors', 'dump-keep')).toMatchObject({ aliases: ['Reseau Sauvegarde (doublon)'], website: 'https://example.org/rs', identifiers: [{ scheme: 'WIKIDATA', value: 'Q1' }] });
    expect(byId('actors', 'dump-undone')).toMatchObject({ name: 'Réseau défait' });
    // Amounts are the exact decimal strings stored, never floats.
    expect(byId('relationships', 'dump-funds').amount).toEqual({ amount: '0.10000000000000000001', currency: 'XOF' });
    expect(byId('relationships', 'dump-reversal').amount).toEqual({ amount: '-1234.5', currency: 'EUR', amountEur: '-1234.5' });
    expect(byId('initiatives', 'dump-plan').budget).toEqual({ amount: '-12345.6789', currency: 'EUR', amountEur: '-12345.6789' });
    const iatiFunds = document.relationships.filter((r: { type: string; transactionType?: string }) => r.type === 'FUNDS' && r.transactionType);
    expect(iatiFunds.length).toBeGreaterThan(100);
    expect(iatiFunds.every((r: { amount: { amount: unknown } }) => typeof r.amount.amount === 'string')).toBe(true);
    // Territories' PART_OF links are links like the others, with their own ids and times.
    expect(document.territories.every((t: { parentId?: string }) => t.parentId === undefined)).toBe(true);
    expect(document.relationships.some((r: { type: string; id: string }) => r.type === 'PART_OF' && r.id.startsWith('part-of-'))).toBe(true);
    // Bookkeeping times as Neo4j wrote them; the audit trail as stored.
    expect(byId('actors', 'dump-person').updatedAt > byId('actors', 'dump-person').createdAt).toBe(true);
    expect(byId('relationships', 'dump-knows')).toMatchObject({ kind: 'Knows well', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/) });
    const entry = document.auditEntries.find((e: { operation: string }) => e.operation === 'undoMerge');
    expect(entry).toMatchObject({ by: 'test:dump', at: expect.stringMatching(/Z$/), changedFields: expect.any(Array), after: expect.any(String) });
  }, 300_000);

  it('refuses a dump whose bytes differ from its checksum, and writes nothing', async () => {
    const tampered = path.join(work, 'tampered.json');
    const text = readFileSync(first, 'utf8');
    // One character of one amount: still a well-formed dump, only the checksum tells.
    writeFileSync(tampered, text.replace('"amount":"-1234.5"', '"amount":"-1234.6"'));
    copyFileSync(`${first}.sha256`, `${tampered}.sha256`);
    const refused = await run(importCli, ['tampered.json'], { NEO4J_URI: target.uri });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/checksum mismatch: tampered\.json has sha256 [0-9a-f]{64}, but tampered\.json\.sha256 says [0-9a-f]{64}\..*nothing was imported/);
    const check = await openTestDatabase({ NEO4J_URI: target.uri });
    try {
      expect(await count(check.db, 'MATCH (n) WHERE NOT n:Migration RETURN count(n)')).toBe(0);
    } finally {
      await check.close();
    }
  }, 120_000);

  it('restores into an empty database exactly: a dump of it is the same file', async () => {
    // Committed batch by batch, several batches a section, as a large dump is.
    const restored = await run(importCli, ['graph.json', '--transaction', 'batch', '--batch-size', '1000'], { NEO4J_URI: target.uri });
    expect(restored.stderr).not.toContain('failed');
    expect(restored.code).toBe(0);
    expect(restored.stderr).toContain('graph.json: sha256 matches graph.json.sha256');
    expect(restored.stdout).toMatch(/^Import summary \(written\)$/m);
    expect(restored.stdout).toMatch(/restored as dumped: 3 merge proposal\(s\), 2 map\(s\), \d+ audit entries/);
    const again = await run(dumpCli, ['--out', 'graph-again.json'], { NEO4J_URI: target.uri });
    expect(again.stderr).not.toContain('failed');
    expect(again.code).toBe(0);
    expect(sha256(second)).toBe(sha256(first));
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
    expect(readFileSync(`${second}.sha256`, 'utf8').split(' ')[0]).toBe(readFileSync(`${first}.sha256`, 'utf8').split(' ')[0]);
  }, 300_000);

  it('restores in one transaction too, to the same file', async () => {
    const wipe = await openTestDatabase({ NEO4J_URI: target.uri });
    try {
      while ((await wipe.db.write((tx) => new ImportRepository().deleteNodes(tx, 10_000))) > 0);
    } finally {
      await wipe.close();
    }
    const restored = await run(importCli, ['graph.json', '--transaction', 'single'], { NEO4J_URI: target.uri });
    expect(restored.stderr).not.toContain('failed');
    expect(restored.code).toBe(0);
    const again = await run(dumpCli, ['--out', 'graph-again.json', '--force'], { NEO4J_URI: target.uri });
    expect(again.code).toBe(0);
    expect(sha256(second)).toBe(sha256(first));
  }, 300_000);

  it('refuses to restore into a database that holds data', async () => {
    const refused = await run(importCli, ['graph.json'], { NEO4J_URI: target.uri });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/graph\.json is a dump, which restores into an empty database only, and this one holds \d+ node\(s\)/);
  }, 120_000);

  it('restores with --bulk into a new embedded database, to the same file again', async () => {
    const dataDir = path.join(work, 'bulk');
    const env = { NEO4J_URI: undefined, NEO4J_LOCAL_DATA: dataDir, NEO4J_LOCAL_PORT: String(await findFreePort()) };
    const restored = await run(importCli, ['graph.json', '--bulk'], env);
    expect(restored.stderr).not.toContain('failed');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/restored as dumped: 3 merge proposal\(s\)/);
    const again = await run(dumpCli, ['--out', 'graph-bulk.json'], env);
    expect(again.stderr).not.toContain('failed');
    expect(again.code).toBe(0);
    expect(sha256(path.join(work, 'graph-bulk.json'))).toBe(sha256(first));
  }, 600_000);
});
