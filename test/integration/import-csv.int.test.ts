import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { readCsvRows } from '../../src/import/csv.reader';
import type { ReadResult } from '../../src/import/import.document';
import { footprint, PLACEHOLDERS, prepareFixtures, removePreparedFixtures } from '../fixtures/prepare';

let test: TestDatabase;

beforeAll(async () => {
  test = await openTestDatabase();
});

afterAll(async () => {
  removePreparedFixtures();
  await test.close();
});

async function read(files: string[]): Promise<ReadResult> {
  const results = await Promise.all(files.map((file) => readCsvRows(file)));
  return { rows: results.flatMap((r) => r.rows), problems: results.flatMap((r) => r.problems) };
}

describe('CSV import', () => {
  it('imports a nodes file and an edges file, and a second import changes nothing', async () => {
    const prefix = uniqueId('csv');
    const { paths } = prepareFixtures(['csv/nodes.csv', 'csv/edges.csv'], PLACEHOLDERS.csv, `${prefix}-`);
    const service = test.services.importer;
    const { rows, problems } = await read(paths);

    const first = await service.run(rows, { by: 'test:csv', readProblems: problems, batchSize: 2 });
    expect(first.problems).toEqual([]);
    expect(first.counts).toEqual({
      sources: { created: 1, updated: 0, unchanged: 0 },
      territories: { created: 2, updated: 0, unchanged: 0 },
      actors: { created: 3, updated: 0, unchanged: 0 },
      initiatives: { created: 1, updated: 0, unchanged: 0 },
      relationships: { created: 7, updated: 0, unchanged: 0 },
    });
    expect(first.relationshipTypes.FUNDS).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });

    const actors = await test.services.actors.byIds([`${prefix}-undp`, `${prefix}-coop`]);
    expect(actors.get(`${prefix}-undp`)).toMatchObject({ aliases: ['PNUD', 'UNDP'], acronym: 'UNDP', sse: false, scale: 'INTERNATIONAL' });
    expect(actors.get(`${prefix}-coop`)).toMatchObject({ name: 'Coopérative des Andes', sse: true, countryCode: 'PE' });
    const project = (await test.services.initiatives.byIds([`${prefix}-proj`])).get(`${prefix}-proj`)!;
    expect(project).toMatchObject({ startDate: '2013', endDate: '2016-06', budget: { amount: 250000, currency: 'EUR' } });
    const links = await test.services.relationships.pagesOf('Actor', [`${prefix}-ngo`], { direction: 'BOTH', first: 20 });
    const byType = Object.fromEntries(links.get(`${prefix}-ngo`)!.items.map((link) => [`${link.type}:${link.from.id}:${link.to.id}`, link]));
    expect(byType[`FUNDS:${prefix}-ngo:${prefix}-proj`]).toMatchObject({ amount: { amount: 50000.5, currency: 'EUR' }, startDate: '2014-03' });
    expect(byType[`FUNDS:${prefix}-undp:${prefix}-ngo`]).toMatchObject({ amount: { amount: 120000, currency: 'USD' }, startDate: '2014', endDate: '2015' });
    expect(byType[`PARTNERS_WITH:${prefix}-ngo:${prefix}-coop`]).toMatchObject({ kind: 'technical', sourceIds: [`${prefix}-src`] });

    const before = await footprint(test.db, prefix);
    // 7 edges and the PART_OF link of the region to its country
    expect(before).toMatchObject({ nodes: 7, relationships: 8 });
    expect(before.audit).toBeGreaterThanOrEqual(14);
    const again = await read(paths);
    const second = await service.run(again.rows, { by: 'test:csv', readProblems: again.problems });
    expect(second.problems).toEqual([]);
    expect(Object.values(second.counts).map((c) => [c.created, c.updated])).toEqual(Array(5).fill([0, 0]));
    expect(second.counts.relationships.unchanged).toBe(7);
    expect(await footprint(test.db, prefix)).toEqual(before);
  });

  it('writes nothing when any of the five bad edges is there, and reports each with line, field and reason', async () => {
    const prefix = uniqueId('csv');
    const { paths } = prepareFixtures(['csv/nodes.csv', 'csv/bad-edges.csv'], PLACEHOLDERS.csv, `${prefix}-`);
    const { rows, problems } = await read(paths);
    const summary = await test.services.importer.run(rows, { by: 'test:csv', readProblems: problems });

    expect(summary.written).toBe(false);
    const reported = summary.problems.map((p) => `${p.file} ${p.location} ${p.field}: ${p.reason}`);
    expect(reported).toEqual(
      expect.arrayContaining([
        `bad-edges.csv line 3 toId: no actor, initiative or territory has id "${prefix}-nowhere"`,
        expect.stringMatching(/^bad-edges\.csv line 4 type: type must be one of the following values: PARTNERS_WITH, FUNDS/),
        'bad-edges.csv line 5 startDate: startDate must be a date: YYYY, YYYY-MM or YYYY-MM-DD',
        'bad-edges.csv line 6 amount.amount: amount must be between -1000000000000000 and 1000000000000000',
        'bad-edges.csv line 7 sourceIds: sourceIds must name at least one source',
      ]),
    );
    expect(summary.problems).toHaveLength(5);
    expect(summary.rejected.relationships).toBe(5);
    expect(summary.relationshipTypes.FINANCES).toMatchObject({ rejected: 1 });
    expect(await footprint(test.db, prefix)).toEqual({ nodes: 0, relationships: 0, audit: 0 });
  });

  it('with skip, writes the good rows and leaves out the bad ones and the links that needed them', async () => {
    const prefix = uniqueId('csv');
    const { paths } = prepareFixtures(['csv/nodes.csv', 'csv/bad-edges.csv', 'csv/bad-nodes.csv'], PLACEHOLDERS.csv, `${prefix}-`);
    const { rows, problems } = await read(paths);
    const summary = await test.services.importer.run(rows, { by: 'test:csv', readProblems: problems, onError: 'skip' });

    expect(summary.written).toBe(true);
    // nodes.csv: 7; bad-nodes.csv: csvfx-ok only.
    expect(summary.counts.actors.created + summary.counts.sources.created + summary.counts.territories.created + summary.counts.initiatives.created).toBe(8);
    // bad-edges.csv: lines 2 and 8.
    expect(summary.counts.relationships.created).toBe(2);
    expect(summary.rejected).toMatchObject({ actors: 4, relationships: 5 });
    expect(summary.unreadable).toBe(1);
    expect(summary.problems.map((p) => `${p.file} ${p.location}`).sort()).toEqual(
      [
        'bad-edges.csv line 3',
        'bad-edges.csv line 4',
        'bad-edges.csv line 5',
        'bad-edges.csv line 6',
        'bad-edges.csv line 7',
        'bad-nodes.csv line 3',
        'bad-nodes.csv line 4',
        'bad-nodes.csv line 5',
        'bad-nodes.csv line 6',
        'bad-nodes.csv line 7',
      ].sort(),
    );
    const written = await test.services.actors.byIds([`${prefix}-ok`, `${prefix}-bad-kind`, `${prefix}-tagged`]);
    expect([...written.keys()]).toEqual([`${prefix}-ok`]);
    expect(await footprint(test.db, prefix)).toMatchObject({ nodes: 8, relationships: 3 });
  });
});
