import { openTestDatabase, TestDatabase } from '../support/database';
import { readIatiRows } from '../../src/import/iati.reader';
import { sharedFixture } from '../support/shared-fixtures';
import type { ImportSummary } from '../../src/import/import.document';

/**
 * One organisation, one node, on real data: the seeds (loaded by globalSetup into the shared test
 * database) hold UNDP as `undp` with its IATI identifier XM-DAC-41114; d-portal page 15 names
 * UNDP by that identifier, and FCDO both by GB-GOV-1 and by its previous identifier GB-1. Other
 * files import the same page meanwhile; whoever imports it, each organisation stays one actor.
 */

let test: TestDatabase;

beforeAll(async () => {
  // A whole real file in one transaction: on a loaded 2-core machine its checks outlast the default.
  test = await openTestDatabase({ QUERY_TIMEOUT_MS: '180000' });
});

afterAll(async () => {
  await test.close();
});

const FILE = 'hdx-saved-dportal_15.xml';
const SOURCE = 'iati-file-hdx-saved-dportal-15';

async function importPage(): Promise<ImportSummary> {
  const { rows, problems, warnings } = await readIatiRows([sharedFixture(`iati-real/${FILE}`)]);
  return test.services.importer.run(rows, { by: 'test:identifiers', readProblems: problems, readWarnings: warnings });
}

async function holdersOf(key: string): Promise<string[]> {
  return test.db.read(async (tx) =>
    (await tx.run('MATCH (a:Actor)-[:IDENTIFIED_BY]->(:Identifier {key: $key}) RETURN a.id AS id ORDER BY id', { key })).records.map((r) => r.get('id') as string),
  );
}

describe('importing a real IATI file into a database that holds the seeds', () => {
  it('resolves UNDP to the seeds\' undp, twice over, and creates no second UNDP', async () => {
    const undpBefore = await test.db.read((tx) => test.services.actors.repository.findByIds(tx, ['undp']));
    expect(await holdersOf('IATI:XM-DAC-41114')).toEqual(['undp']);

    const first = await importPage();
    expect(first.problems).toEqual([]);
    expect(first.written).toBe(true);
    expect(first.warnings).toContainEqual(
      expect.objectContaining({ file: FILE, field: 'id', reason: 'resolved to existing actor "undp" by identifier IATI XM-DAC-41114' }),
    );
    const second = await importPage();
    expect(second.problems).toEqual([]);
    expect(second.counts.actors).toMatchObject({ created: 0, updated: 0 });
    expect(second.warnings).toEqual(first.warnings);

    expect(await holdersOf('IATI:XM-DAC-41114')).toEqual(['undp']);
    const stray = await test.db.read(async (tx) =>
      Number((await tx.run("MATCH (a:Actor) WHERE a.id = 'XM-DAC-41114' OR a.orgRef = 'XM-DAC-41114' RETURN count(a) AS c")).records[0].get('c')),
    );
    expect(stray).toBe(0);

    // UNDP's flows in the file are undp's; the seeds' actor keeps its own name, aliases and sources.
    const undpFlows = await test.db.read(async (tx) =>
      Number(
        (await tx.run("MATCH (:Actor {id: 'undp'})-[r:FUNDS]->() WHERE $source IN r.sourceIds RETURN count(r) AS c", { source: SOURCE })).records[0].get('c'),
      ),
    );
    expect(undpFlows).toBeGreaterThan(0);
    const undpAfter = await test.db.read((tx) => test.services.actors.repository.findByIds(tx, ['undp']));
    const kept = ({ name, aliases, sourceIds, kind }: Record<string, unknown>) => ({ name, aliases, sourceIds, kind });
    expect(kept(undpAfter.get('undp')!)).toEqual(kept(undpBefore.get('undp')!));
    const identifier = await test.db.read(async (tx) =>
      (await tx.run("MATCH (i:Identifier {key: 'IATI:XM-DAC-41114'}) RETURN i.sourceIds AS sources")).records[0].get('sources') as string[],
    );
    expect(identifier).toEqual(expect.arrayContaining(['org-id-guide', SOURCE]));
  }, 300_000);

  it('makes FCDO one actor under both of its identifiers, and leaves junk refs without any', async () => {
    const summary = await importPage();
    expect(summary.problems).toEqual([]);
    expect(summary.warnings).toContainEqual(expect.objectContaining({ field: 'id', reason: expect.stringMatching(/^resolved to actor "GB-GOV-1" of the row at .* by identifier IATI GB-GOV-1$/) }));
    expect(await holdersOf('IATI:GB-GOV-1')).toEqual(['GB-GOV-1']);
    expect(await test.db.read((tx) => test.services.actors.repository.existingIds(tx, ['GB-1', 'GB-GOV-1']))).toEqual(new Set(['GB-GOV-1']));
    // Placeholders and bare DAC codes of the real files are no identifiers of anyone.
    const junk = await test.db.read(async (tx) =>
      Number((await tx.run("MATCH (i:Identifier) WHERE i.value IN ['NOT AVAILABLE', 'NOTAVAILABLE', 'EXCLUDED', '46004'] RETURN count(i) AS c")).records[0].get('c')),
    );
    expect(junk).toBe(0);
  }, 300_000);
});
