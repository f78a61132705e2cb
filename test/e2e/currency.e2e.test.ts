import { gql } from 'graphql-request';
import { startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { errorOf } from '../support/errors';
import { ecbHeader, ecbRate as ecb, imfRate as imf, RateDecimal as D, roundedRate as rounded } from '../support/reference-rates';

/*
 * Money.converted over HTTP, on FUNDS links created through the API. Expected values come from
 * the shipped CSV files, split line by line in test/support/reference-rates.ts, not through the
 * server's loader.
 */

interface ConvertedMoney {
  amount: number;
  exact: string;
  currency: string;
  converted: { exact: string; amount: number; currency: string; rate: { date: string | null; source: string } } | null;
}

describe('Money.converted over HTTP', () => {
  let server: TestServer;
  const sourceId = uniqueId('src');
  const funder = uniqueId('funder');
  const ngo = uniqueId('ngo');
  const weekendLink = uniqueId('funds');
  const imfLink = uniqueId('funds');
  const undatedLink = uniqueId('funds');

  const MONEY = `amount exact currency converted(to: "USD") { exact amount currency rate { date source } }`;

  beforeAll(async () => {
    server = await startTestServer();
    await server.editor.request(gql`
      mutation ($s: SourceInput!, $a: ActorInput!, $b: ActorInput!) {
        upsertSource(input: $s) { id }
        a: upsertActor(input: $a) { id }
        b: upsertActor(input: $b) { id }
      }
    `, {
      s: { id: sourceId, title: 'Annual report', kind: 'DOCUMENT', language: 'en', date: '2013' },
      a: { id: funder, name: 'Currency Test Funder', kind: 'DEVELOPMENT_AGENCY' },
      b: { id: ngo, name: 'Currency Test NGO', kind: 'NGO' },
    });
    const CREATE = gql`mutation ($input: RelationshipInput!) { createRelationship(input: $input) { id } }`;
    const link = (id: string, amount: object, dates: object) => ({ id, type: 'FUNDS', fromId: funder, toId: ngo, sourceIds: [sourceId], amount, ...dates });
    // A negative amount with three decimals, its value date a Saturday.
    await server.editor.request(CREATE, { input: link(weekendLink, { amount: -1234.567, currency: 'EUR' }, { valueDate: '2013-05-18' }) });
    // A currency the ECB does not quote, dated by its start date only.
    await server.editor.request(CREATE, { input: link(imfLink, { amount: 1000000, currency: 'KES' }, { startDate: '2013-05' }) });
    await server.editor.request(CREATE, { input: link(undatedLink, { amount: 500, currency: 'EUR' }, {}) });
  });
  afterAll(async () => server?.close());

  it('converts EUR on a Saturday at the previous Friday\'s ECB rate, exactly', async () => {
    const data = await server.anonymous.request<{ relationship: { amount: ConvertedMoney } }>(
      `query ($id: ID!) { relationship(id: $id) { amount { ${MONEY} } } }`,
      { id: weekendLink },
    );
    const exact = rounded(new D('-1234.567').times(ecb('2013-05-17', 'USD')));
    expect(data.relationship.amount).toEqual({
      amount: -1234.567,
      exact: '-1234.567',
      currency: 'EUR',
      converted: { exact, amount: Number(exact), currency: 'USD', rate: { date: '2013-05-17', source: 'ECB' } },
    });
  });

  it('lists fundingReceived with each amount converted, IMF for KES, null without a date', async () => {
    const data = await server.anonymous.request<{ actor: { fundingReceived: { id: string; amount: ConvertedMoney }[] } }>(
      `query ($id: ID!) { actor(id: $id) { fundingReceived { id amount { ${MONEY} } } } }`,
      { id: ngo },
    );
    const byId = new Map(data.actor.fundingReceived.map((link) => [link.id, link.amount]));
    expect([...byId.keys()].sort()).toEqual([weekendLink, imfLink, undatedLink].sort());
    expect(byId.get(weekendLink)?.converted?.rate).toEqual({ date: '2013-05-17', source: 'ECB' });
    expect(ecbHeader).not.toContain('KES');
    expect(byId.get(imfLink)?.converted).toMatchObject({
      exact: rounded(new D('1000000').div(imf('KES', 2013))),
      currency: 'USD',
      rate: { date: '2013', source: 'IMF' },
    });
    expect(byId.get(undatedLink)).toMatchObject({ exact: '500', currency: 'EUR', converted: null });
  });

  it('returns a same-currency amount unchanged', async () => {
    const data = await server.anonymous.request<{ relationship: { amount: { converted: ConvertedMoney['converted'] } } }>(
      `query ($id: ID!) { relationship(id: $id) { amount { converted(to: "EUR") { exact currency amount rate { date source } } } } }`,
      { id: weekendLink },
    );
    expect(data.relationship.amount.converted).toEqual({ exact: '-1234.567', currency: 'EUR', amount: -1234.567, rate: { date: '2013-05-18', source: 'SAME' } });
  });

  it('refuses a `to` that is not an ISO 4217 code, naming `to`', async () => {
    for (const to of ['xx', 'usd', 'ZZZ']) {
      const error = await errorOf(server.anonymous.request(
        `query ($id: ID!, $to: String!) { relationship(id: $id) { amount { converted(to: $to) { exact } } } }`,
        { id: weekendLink, to },
      ));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.field).toBe('to');
      expect(error.message).toMatch(/\bto\b.*ISO 4217/);
    }
  });
});
