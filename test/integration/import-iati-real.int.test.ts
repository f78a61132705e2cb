import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalNeo4j, LocalNeo4j } from '../../src/db/local-neo4j';
import { seed } from '../../seeds/seed';
import { findFreePort } from '../support/free-port';
import { openTestDatabase, TestDatabase } from '../support/database';
import { readIatiRows } from '../../src/import/iati.reader';
import { sharedFixture } from '../support/shared-fixtures';
import { FundingStage, TRANSACTION_TYPE_BY_CODE } from '../../src/relationships/transaction-type';
import { FundingGroupBy } from '../../src/funding/funding-total.type';
import type { ImportSummary } from '../../src/import/import.document';

/**
 * The real IATI files of ../shared/fixtures/iati-real, imported as a user would, with the
 * defaults (--on-error abort): everything is written, no row is refused, the defects of the
 * source are warnings, and a second import changes nothing. It runs in a Neo4j of its own, with
 * the seeds: iati-real-totals.e2e imports the same files, with the same ids, into the shared one,
 * and when it did so between this file's two imports, the second found rows to update (CI, 2026-12-03).
 */

const work = mkdtempSync(path.join(tmpdir(), 'import-iati-real-'));
let neo4j: LocalNeo4j;
let test: TestDatabase;

beforeAll(async () => {
  neo4j = await startLocalNeo4j({ port: await findFreePort(), dataDir: work, startTimeoutMs: 180_000 });
  // Whole real files in one transaction each: on a loaded 2-core machine their reference checks outlast the default.
  test = await openTestDatabase({ NEO4J_URI: neo4j.uri, QUERY_TIMEOUT_MS: '180000' });
  expect((await seed(test.services)).written).toBe(true);
}, 300_000);

afterAll(async () => {
  await test?.close();
  await neo4j?.stop();
  rmSync(work, { recursive: true, force: true });
}, 120_000);

async function importIati(file: string): Promise<ImportSummary> {
  const { rows, problems, warnings } = await readIatiRows([file]);
  return test.services.importer.run(rows, { by: 'test:iati-real', readProblems: problems, readWarnings: warnings });
}

/** FUNDS links per transaction type, counted straight from the XML text, not through the reader. */
function transactionTypesIn(file: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [, code] of readFileSync(file, 'utf8').matchAll(/<transaction-type code="(\d+)"/g)) {
    const type = TRANSACTION_TYPE_BY_CODE[code];
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

async function storedFunds(sourceId: string) {
  return test.db.read(async (tx) => {
    const result = await tx.run(
      `MATCH ()-[r:FUNDS]->() WHERE $sourceId IN r.sourceIds
       RETURN r.transactionType AS type, count(r) AS links,
              sum(CASE WHEN r.reportingOrgId IS NULL OR r.reportingActivityId IS NULL OR r.valueDate IS NULL THEN 1 ELSE 0 END) AS withoutProvenance`,
      { sourceId },
    );
    return result.records.map((record) => ({
      type: record.get('type') as string,
      links: Number(record.get('links')),
      withoutProvenance: Number(record.get('withoutProvenance')),
    }));
  });
}

// 'id': rows resolved by identifier to another actor (UNDP to the seeds' undp; GB-1 to GB-GOV-1 and CARE's two D-U-N-S spellings within their file).
const REAL: [name: string, sourceId: string, warningFields: string[]][] = [
  ['usg-usaid-mg.xml', 'iati-file-usg-usaid-mg', ['id']],
  ['hdx-saved-dportal_6.xml', 'iati-file-hdx-saved-dportal-6', ['ref']],
  ['hdx-saved-dportal_15.xml', 'iati-file-hdx-saved-dportal-15', ['id', 'name', 'ref', 'transaction']],
  ['hdx-saved-dportal_26.xml', 'iati-file-hdx-saved-dportal-26', ['ref', 'transaction']],
];

describe('real IATI files, imported with the defaults', () => {
  it.each(REAL)(
    '%s: written with every transaction type, no row refused, defects as warnings; a second import changes nothing',
    async (name, sourceId, warningFields) => {
      const file = sharedFixture(`iati-real/${name}`);
      const first = await importIati(file);
      expect(first.problems).toEqual([]);
      expect(first.written).toBe(true);
      expect(Object.values(first.rejected)).toEqual([0, 0, 0, 0, 0]);
      expect(first.unreadable).toBe(0);
      expect([...new Set(first.warnings.map((warning) => warning.field))].sort()).toEqual(warningFields);
      for (const warning of first.warnings) {
        expect(warning.file).toBe(name);
        expect(warning.location).toMatch(/^line \d+ <[a-z-]+>$/);
      }

      // Every transaction is a FUNDS link of its type, with where and by whom it was reported.
      const stored = await storedFunds(sourceId);
      expect(Object.fromEntries(stored.map((row) => [row.type, row.links]))).toEqual(transactionTypesIn(file));
      expect(stored.map((row) => row.withoutProvenance)).toEqual(stored.map(() => 0));

      const second = await importIati(file);
      expect(second.problems).toEqual([]);
      expect(second.warnings).toEqual(first.warnings);
      for (const counts of Object.values(second.counts)) expect([counts.created, counts.updated]).toEqual([0, 0]);
      const rows = (summary: ImportSummary) => Object.values(summary.counts).reduce((n, c) => n + c.created + c.updated + c.unchanged, 0);
      expect(Object.values(second.counts).reduce((n, c) => n + c.unchanged, 0)).toBe(rows(first));
    },
    180_000,
  );

  it('stores the de-obligations of USAID Madagascar signed and exact, as published', async () => {
    const file = sharedFixture('iati-real/usg-usaid-mg.xml');
    expect((await importIati(file)).problems).toEqual([]);
    const ids = await test.db.read(async (tx) =>
      (await tx.run(`MATCH ()-[r:FUNDS]->() WHERE 'iati-file-usg-usaid-mg' IN r.sourceIds RETURN r.id AS id`)).records.map((record) => record.get('id') as string),
    );
    const links = [...(await test.services.relationships.byIds(ids)).values()];
    const published = [...readFileSync(file, 'utf8').matchAll(/<transaction[ >][\s\S]*?<value[^>]*>([^<]*)<\/value>/g)].map((match) => Number(match[1]));
    expect(links.map((link) => link.amount!.amount).sort((a, b) => a - b)).toEqual(published.sort((a, b) => a - b));
    expect(links.filter((link) => link.amount!.amount < 0).length).toBeGreaterThan(0);
    expect(new Set(links.map((link) => link.amount!.currency))).toEqual(new Set(['USD']));

    // Every USAID Madagascar transaction names Madagascar as its recipient country.
    const publishedCountries = [...readFileSync(file, 'utf8').matchAll(/<transaction[ >][\s\S]*?<\/transaction>/g)].map(
      (match) => /<recipient-country code="([A-Z]{2})"/.exec(match[0])?.[1] ?? null,
    );
    expect(new Set(publishedCountries)).toEqual(new Set(['MG']));
    expect(new Set(links.map((link) => link.recipientCountry))).toEqual(new Set(['MG']));
    // Other files of the shared test database hold US-GOV-1 flows too; Madagascar's are this file's.
    const disbursements = [...readFileSync(file, 'utf8').matchAll(/<transaction-type code="3"/g)].length;
    const byCountry = await test.services.fundingTotals.totals({ fromId: 'US-GOV-1', stage: FundingStage.DISBURSED, currency: 'USD', groupBy: [FundingGroupBy.COUNTRY] });
    expect(byCountry.find((total) => total.country === 'MG')?.flows).toBe(disbursements);
  }, 180_000);
});
