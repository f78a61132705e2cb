import { readFileSync, writeFileSync } from 'node:fs';
import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { readJsonRows } from '../../src/import/json.reader';
import { footprint, PLACEHOLDERS, prepareFixtures, removePreparedFixtures } from '../fixtures/prepare';

let test: TestDatabase;

beforeAll(async () => {
  test = await openTestDatabase();
});

afterAll(async () => {
  removePreparedFixtures();
  await test.close();
});

function fixture(prefix: string): string {
  return prepareFixtures(['json/good.json'], PLACEHOLDERS.json, `${prefix}-`).paths[0];
}

describe('JSON import', () => {
  it('writes every row, reads back the same values, and a second import changes nothing', async () => {
    const prefix = uniqueId('json');
    const file = fixture(prefix);
    const service = test.services.importer;

    const first = await service.run(await readJsonRows(file), { by: 'test:json' });
    expect(first.problems).toEqual([]);
    expect(first.written).toBe(true);
    expect(first.counts).toEqual({
      sources: { created: 1, updated: 0, unchanged: 0 },
      territories: { created: 2, updated: 0, unchanged: 0 },
      actors: { created: 2, updated: 0, unchanged: 0 },
      initiatives: { created: 1, updated: 0, unchanged: 0 },
      relationships: { created: 3, updated: 0, unchanged: 0 },
    });
    expect(first.relationshipTypes).toEqual({
      LEADS: { created: 1, updated: 0, unchanged: 0, rejected: 0 },
      FUNDS: { created: 1, updated: 0, unchanged: 0, rejected: 0 },
      ACTS_IN: { created: 1, updated: 0, unchanged: 0, rejected: 0 },
    });

    const undp = (await test.services.actors.byIds([`${prefix}-undp`])).get(`${prefix}-undp`)!;
    expect(undp).toMatchObject({ name: 'PNUD Bolivia', kind: 'INTERNATIONAL_ORGANISATION', aliases: ['UNDP Bolivia'] });
    const funding = await test.services.relationships.pagesOf('Actor', [`${prefix}-undp`], { types: ['FUNDS'], direction: 'OUT', first: 10 });
    const [grant] = funding.get(`${prefix}-undp`)!.items;
    expect(grant).toMatchObject({ amount: { amount: 25000.5, currency: 'USD' }, startDate: '2013-05', sourceIds: [`${prefix}-src`] });
    expect(grant.to.id).toBe(`${prefix}-alliance`);

    const before = await footprint(test.db, prefix);
    expect(before).toMatchObject({ nodes: 6 });
    const second = await service.run(await readJsonRows(file), { by: 'test:json' });
    expect(second.problems).toEqual([]);
    for (const section of Object.values(second.counts)) expect(section.created + section.updated).toBe(0);
    expect(second.counts.relationships.unchanged).toBe(3);
    expect(second.counts.initiatives.unchanged).toBe(1);
    expect(await footprint(test.db, prefix)).toEqual(before);
  });

  it('writes nothing with --on-error abort when one row is bad, and points at it', async () => {
    const prefix = uniqueId('json');
    const file = fixture(prefix);
    const document = JSON.parse(readFileSync(file, 'utf8'));
    document.relationships.push({ type: 'FUNDS', fromId: `${prefix}-gov`, toId: `${prefix}-undp`, amount: { amount: '1e3', currency: 'USD' }, sourceIds: [`${prefix}-src`] });
    document.actors.push({ id: `${prefix}-x`, name: 'No kind' });
    writeFileSync(file, JSON.stringify(document));

    const summary = await test.services.importer.run(await readJsonRows(file), { by: 'test:json' });
    expect(summary.written).toBe(false);
    expect(summary.problems.map((p) => [p.location, p.field, p.reason])).toEqual([
      ['/actors/2', 'kind', expect.stringMatching(/^kind must be one of the following values/)],
      ['/relationships/3', 'amount.amount', 'amount must be a number or a decimal string such as "-1234.5678" (digits, an optional sign and point; no exponent)'],
    ]);
    expect(summary.rejected).toMatchObject({ actors: 1, relationships: 1 });
    expect(await footprint(test.db, prefix)).toEqual({ nodes: 0, relationships: 0, audit: 0 });
  });

  it('commits batch by batch when asked, with the same result', async () => {
    const prefix = uniqueId('json');
    const file = fixture(prefix);
    const progress: number[] = [];
    const summary = await test.services.importer.run(await readJsonRows(file), {
      by: 'test:json',
      transaction: 'batch',
      batchSize: 1,
      onProgress: (done) => progress.push(done),
    });
    expect(summary.written).toBe(true);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await footprint(test.db, prefix)).toMatchObject({ nodes: 6, relationships: 4 });
  });
});
