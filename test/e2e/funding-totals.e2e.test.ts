import { gql } from 'graphql-request';
import { startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { errorOf } from '../support/errors';
import { ecbRate as ecb, RateDecimal as D, roundedRate as rounded } from '../support/reference-rates';

/*
 * fundingTotals over HTTP, on FUNDS links created through the API: stages never added together,
 * the funder's report winning over the recipient's, conversion at each value date (expected
 * values from the shipped ECB file, split line by line in test/support/reference-rates.ts), and what cannot be converted.
 */

interface Total {
  amount: { exact: string; currency: string };
  flows: number;
  unconverted: { exact: string; currency: string }[];
  rateDates: string[];
  year: number | null;
  recipient: { id: string } | null;
  transactionType: string | null;
}

const TOTALS = gql`
  query ($from: ID, $to: ID, $stage: FundingStage!, $currency: String!, $groupBy: [FundingGroupBy!]) {
    fundingTotals(fromId: $from, toId: $to, stage: $stage, currency: $currency, groupBy: $groupBy) {
      amount { exact currency } flows unconverted { exact currency } rateDates year recipient { id } transactionType
    }
  }
`;

describe('fundingTotals over HTTP', () => {
  let server: TestServer;
  const sourceId = uniqueId('src');
  const funder = uniqueId('funder');
  const school = uniqueId('school');
  const clinic = uniqueId('clinic');

  beforeAll(async () => {
    server = await startTestServer();
    await server.editor.request(gql`
      mutation ($s: SourceInput!, $f: ActorInput!, $a: ActorInput!, $b: ActorInput!) {
        upsertSource(input: $s) { id }
        f: upsertActor(input: $f) { id }
        a: upsertActor(input: $a) { id }
        b: upsertActor(input: $b) { id }
      }
    `, {
      s: { id: sourceId, title: 'Transactions', language: 'en', date: '2021' },
      f: { id: funder, name: 'Totals Test Funder', kind: 'DEVELOPMENT_AGENCY' },
      a: { id: school, name: 'Totals Test School', kind: 'NGO' },
      b: { id: clinic, name: 'Totals Test Clinic', kind: 'NGO' },
    });
    const CREATE = gql`mutation ($input: RelationshipInput!) { createRelationship(input: $input) { id } }`;
    const flow = (toId: string, transactionType: string, reportingOrgId: string, amount: number, currency: string, valueDate: string) =>
      server.editor.request(CREATE, {
        input: { type: 'FUNDS', fromId: funder, toId, sourceIds: [sourceId], transactionType, reportingOrgId, amount: { amount, currency }, valueDate },
      });
    // The funder's disbursement and the school's report of the same money: counted once.
    await flow(school, 'DISBURSEMENT', funder, 1000.1, 'USD', '2020-03-02');
    await flow(school, 'INCOMING_FUNDS', school, 1000.1, 'USD', '2020-03-05');
    // A commitment: another stage, never added to disbursements.
    await flow(school, 'OUTGOING_COMMITMENT', funder, 5000, 'USD', '2019-12-01');
    // The funder published nothing to the clinic: the clinic's reports count, a reversal included.
    await flow(clinic, 'INCOMING_FUNDS', clinic, 300, 'EUR', '2021-01-04');
    await flow(clinic, 'INCOMING_FUNDS', clinic, -200.005, 'EUR', '2021-01-05');
    // No rate for gold (neither the ECB nor the IMF quotes it): listed apart, not added.
    await flow(clinic, 'INCOMING_FUNDS', clinic, 50, 'XAU', '2021-06-01');
  });
  afterAll(async () => server?.close());

  it('counts a flow reported by its funder and by its recipient once, and keeps stages apart', async () => {
    const disbursed = await server.anonymous.request<{ fundingTotals: Total[] }>(TOTALS, { from: funder, to: school, stage: 'DISBURSED', currency: 'USD' });
    expect(disbursed.fundingTotals).toEqual([
      { amount: { exact: '1000.1', currency: 'USD' }, flows: 1, unconverted: [], rateDates: [], year: null, recipient: null, transactionType: null },
    ]);
    const committed = await server.anonymous.request<{ fundingTotals: Total[] }>(TOTALS, { from: funder, to: school, stage: 'COMMITTED', currency: 'USD' });
    expect(committed.fundingTotals.map((t) => [t.amount.exact, t.flows])).toEqual([['5000', 1]]);
  });

  it('converts each amount at its value date, sums exactly and lists what has no rate, per recipient and year', async () => {
    const { fundingTotals } = await server.anonymous.request<{ fundingTotals: Total[] }>(TOTALS, {
      from: funder,
      stage: 'DISBURSED',
      currency: 'USD',
      groupBy: ['RECIPIENT', 'YEAR'],
    });
    const clinicUsd = new D(rounded(new D('300').times(ecb('2021-01-04', 'USD')))).plus(rounded(new D('-200.005').times(ecb('2021-01-05', 'USD'))));
    const byRecipient = new Map(fundingTotals.map((t) => [`${t.recipient?.id} ${t.year}`, t]));
    expect(byRecipient.get(`${school} 2020`)).toMatchObject({ amount: { exact: '1000.1', currency: 'USD' }, flows: 1, unconverted: [] });
    expect(byRecipient.get(`${clinic} 2021`)).toMatchObject({
      amount: { exact: clinicUsd.toFixed(), currency: 'USD' },
      flows: 3,
      unconverted: [{ exact: '50', currency: 'XAU' }],
      rateDates: ['2021-01-04', '2021-01-05'],
    });
    expect(fundingTotals).toHaveLength(2);
  });

  it('groups by transaction type', async () => {
    const { fundingTotals } = await server.anonymous.request<{ fundingTotals: Total[] }>(TOTALS, {
      from: funder,
      stage: 'DISBURSED',
      currency: 'USD',
      groupBy: ['TRANSACTION_TYPE'],
    });
    expect(fundingTotals.map((t) => [t.transactionType, t.flows])).toEqual([
      ['DISBURSEMENT', 1],
      ['INCOMING_FUNDS', 3],
    ]);
  });

  it('refuses a bad currency or stage with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const badCurrency = await errorOf(server.anonymous.request(TOTALS, { from: funder, stage: 'DISBURSED', currency: 'euros' }));
    expect(badCurrency.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currency' });
    const badStage = await errorOf(server.anonymous.request(TOTALS, { from: funder, stage: 'PLEDGED', currency: 'USD' }));
    expect(badStage.extensions.code).toBe('BAD_USER_INPUT');
  });
});
