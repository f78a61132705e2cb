import { randomBytes } from 'node:crypto';
import { openTestDatabase, TestDatabase } from '../support/database';
import { FundingStage } from '../../src/relationships/transaction-type';
import { readIatiRows } from '../../src/import/iati.reader';
import { sharedFixture } from '../support/shared-fixtures';
import { footprint, PLACEHOLDERS, prepareFixtures, removePreparedFixtures } from '../fixtures/prepare';

const EXAMPLE = 'iati-activity-example.xml';

let test: TestDatabase;

beforeAll(async () => {
  test = await openTestDatabase();
});

afterAll(async () => {
  removePreparedFixtures();
  await test.close();
});

async function importIati(files: string[]) {
  const { rows, problems } = await readIatiRows(files);
  return test.services.importer.run(rows, { by: 'test:iati', readProblems: problems });
}

describe('IATI import', () => {
  it('imports the official example: organisations, the activity and EUR 1000 of incoming funds', async () => {
    const summary = await importIati([sharedFixture(EXAMPLE)]);
    expect(summary.problems).toEqual([]);
    expect(summary.written).toBe(true);

    const actors = await test.services.actors.byIds(['AA-AAA-123456789', 'BB-BBB-123456789', 'CC-CCC-123456789']);
    expect(actors.get('AA-AAA-123456789')).toMatchObject({ orgRef: 'AA-AAA-123456789', iatiOrgType: '40', kind: 'INTERNATIONAL_ORGANISATION' });
    expect(actors.get('BB-BBB-123456789')).toMatchObject({ name: 'Name of Agency B', orgRef: 'BB-BBB-123456789', iatiOrgType: '40' });
    expect(actors.get('CC-CCC-123456789')).toMatchObject({ name: 'Name of Agency C', orgRef: 'CC-CCC-123456789', iatiOrgType: '10', kind: 'PUBLIC_AUTHORITY' });
    for (const actor of actors.values()) expect(actor.sourceIds).toContain('iati-file-iati-activity-example');

    const activity = (await test.services.initiatives.byIds(['AA-AAA-123456789-ABC123'])).get('AA-AAA-123456789-ABC123');
    expect(activity).toMatchObject({ name: 'Activity title', kind: 'PROJECT', startDate: '2012-04-28', endDate: '2015-12-31' });

    const given = await test.services.relationships.pagesOf('Actor', ['BB-BBB-123456789'], { types: ['FUNDS'], direction: 'OUT', first: 10 });
    const funds = given.get('BB-BBB-123456789')!.items;
    expect(funds).toHaveLength(1);
    expect(funds[0]).toMatchObject({
      amount: { amount: 1000, currency: 'EUR' },
      startDate: '2012-01-01',
      instrument: 'Incoming Funds',
      viaInitiativeId: 'AA-AAA-123456789-ABC123',
      sourceIds: ['iati-file-iati-activity-example'],
    });
    expect(funds[0].to.id).toBe('AA-AAA-123456789');

    const participants = await test.services.relationships.pagesOf('Initiative', ['AA-AAA-123456789-ABC123'], {
      types: ['PARTICIPATES_IN'],
      direction: 'IN',
      first: 10,
    });
    expect(participants.get('AA-AAA-123456789-ABC123')!.items.map((link) => [link.from.id, link.role]).sort()).toEqual([
      ['AA-AAA-123456789', 'extending'],
      ['BB-BBB-123456789', 'funding'],
      ['CC-CCC-123456789', 'accountable'],
    ]);

    const again = await importIati([sharedFixture(EXAMPLE)]);
    expect(Object.values(again.counts).map((c) => [c.created, c.updated])).toEqual(Array(5).fill([0, 0]));
  });

  it('follows a funding chain across two publishers through their activity ids, and a second import changes nothing', async () => {
    const prefix = `QQ${randomBytes(5).toString('hex')}`;
    const { paths } = prepareFixtures(['iati/chain-a.xml', 'iati/chain-b.xml'], PLACEHOLDERS.iati, `${prefix}-`, (name) => `${prefix}-${name}`);
    const first = await importIati(paths);
    expect(first.problems).toEqual([]);
    expect(first.counts).toEqual({
      sources: { created: 2, updated: 0, unchanged: 0 },
      territories: { created: 0, updated: 0, unchanged: 0 },
      actors: { created: 4, updated: 0, unchanged: 0 },
      initiatives: { created: 2, updated: 0, unchanged: 0 },
      relationships: { created: 13, updated: 0, unchanged: 0 },
    });

    const chains = await test.db.read(async (tx) => {
      const result = await tx.run(
        `MATCH p = (:Actor {id: $funder})-[:FUNDS*1..4]->(:Actor {id: $coop})
         RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | r.amountExact] AS amounts,
                [r IN relationships(p) | r.sourceIds] AS sources`,
        { funder: `${prefix}-FUNDER`, coop: `${prefix}-COOP` },
      );
      return result.records.map((record) => ({
        ids: record.get('ids') as string[],
        amounts: record.get('amounts') as string[],
        sources: record.get('sources') as string[][],
      }));
    });
    // F funds A twice (commitment, funds); A commits and disburses to B; B pays the cooperative.
    expect(chains).toHaveLength(4);
    for (const chain of chains) {
      expect(chain.ids).toEqual([`${prefix}-FUNDER`, `${prefix}-ORGA`, `${prefix}-ORGB`, `${prefix}-COOP`]);
      expect(chain.amounts[2]).toBe('120000');
    }
    const middle = chains.map((chain) => chain.amounts[1]).sort();
    expect(middle).toEqual(['200000', '200000', '300000', '300000']);
    const aToB = chains.find((chain) => chain.amounts[1] === '200000')!;
    // The step from A to B was reported by both publishers and is stored once, citing both files.
    expect([...aToB.sources[1]].sort()).toEqual([`iati-file-${prefix.toLowerCase()}-chain-a`, `iati-file-${prefix.toLowerCase()}-chain-b`]);
    expect(aToB.sources[0]).toEqual([`iati-file-${prefix.toLowerCase()}-chain-a`]);
    expect(aToB.sources[2]).toEqual([`iati-file-${prefix.toLowerCase()}-chain-b`]);

    // The same money by stage: one chain of disbursements, one of commitments, never mixed.
    const chainOf = async (stage: FundingStage) =>
      (await test.services.network.fundingChains({ from: `${prefix}-FUNDER`, to: `${prefix}-COOP`, stage })).map((chain) =>
        chain.steps.map((step) => [step.transactionType, step.amount?.exact]),
      );
    expect(await chainOf(FundingStage.DISBURSED)).toHaveLength(1);
    expect((await chainOf(FundingStage.DISBURSED))[0].map(([, amount]) => amount)[2]).toBe('120000');

    const before = await footprint(test.db, prefix);
    const second = await importIati(paths);
    expect(second.problems).toEqual([]);
    expect(Object.values(second.counts).map((c) => [c.created, c.updated])).toEqual(Array(5).fill([0, 0]));
    expect(second.counts.relationships.unchanged).toBe(13);
    expect(await footprint(test.db, prefix)).toEqual(before);
  });
});
