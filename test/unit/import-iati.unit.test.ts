import { readFileSync } from 'node:fs';
import path from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { actorKindOf, iatiRows, readIatiRows, toNodeId } from '../../src/import/iati.reader';
import { checkReferences, KnownIds, RawRow, validateRows, WARNING_CONSTRAINTS } from '../../src/import/import.validator';
import type { ImportSummary } from '../../src/import/import.document';
import { formatSummary, importReport } from '../../src/import/import-summary.format';
import { amountOf } from '../../src/import/iati/values';
import { InitiativeInput } from '../../src/initiatives/initiative.input';
import { INPUT_VALIDATION } from '../../src/common/validation-errors';
import { TRANSACTION_TYPE_BY_CODE } from '../../src/relationships/transaction-type';
import { toWrite } from '../../src/relationships/relationship.service';
import { propertyColumns } from '../../src/import/bulk-csv.writer';
import { sharedFixture } from '../support/shared-fixtures';
import { FIXTURES } from '../fixtures/prepare';

const EXAMPLE = 'iati-activity-example.xml';
const CHAIN = ['chain-a.xml', 'chain-b.xml'].map((name) => path.join(FIXTURES, 'iati', name));
const nobodyKnown: KnownIds = { labelOf: () => undefined, sourceExists: () => false };

type Value = Record<string, unknown>;
const values = (rows: RawRow[], section: RawRow['section']) => rows.filter((row) => row.section === section).map((row) => row.value as Value);
const byId = (rows: RawRow[], id: string) => rows.find((row) => (row.value as Value).id === id);

function activity(body: string, attributes = 'default-currency="EUR"'): string {
  return `<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity ${attributes}>
  <iati-identifier>XX-1-A</iati-identifier>
  <reporting-org ref="XX-1" type="21"><narrative>Reporter</narrative></reporting-org>
  <title><narrative>Title</narrative></title>
  ${body}
 </iati-activity>
</iati-activities>`;
}

describe('IATI ids and codes', () => {
  it('keeps refs that are valid node ids and slugifies the others', () => {
    expect(toNodeId('AA-AAA-123456789')).toBe('AA-AAA-123456789');
    expect(toNodeId(' GB-COH-123 456/7 ')).toBe('GB-COH-123-456-7');
    expect(toNodeId('-odd start')).toBe('odd-start');
    const long = toNodeId(`X-${'a b'.repeat(120)}`);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/);
    expect(toNodeId('///')).toMatch(/^id-[0-9a-f]{16}$/);
  });

  it('maps IATI organisation types onto actor kinds', () => {
    expect(['10', '15', '21', '22', '23', '24', '30', '40', '60', '70', '71', '72', '73', '80', '90'].map(actorKindOf)).toEqual([
      'PUBLIC_AUTHORITY',
      'PUBLIC_AUTHORITY',
      'NGO',
      'NGO',
      'NGO',
      'NGO',
      'OTHER',
      'INTERNATIONAL_ORGANISATION',
      'OTHER',
      'PRIVATE_FIRM',
      'PRIVATE_FIRM',
      'PRIVATE_FIRM',
      'PRIVATE_FIRM',
      'OTHER',
      'OTHER',
    ]);
    expect(actorKindOf(undefined)).toBe('OTHER');
    expect(actorKindOf('99')).toBe('OTHER');
  });

  it('gives amounts as the exact decimal text of the XML', () => {
    expect(amountOf(' +1000.50 ')).toBe('1000.50');
    expect(amountOf('-3.14159265358979')).toBe('-3.14159265358979');
    expect(amountOf('.5')).toBe('.5');
    expect(amountOf('12,5')).toBe('12,5');
    expect(amountOf('1e3')).toBe('1e3');
    expect(amountOf(undefined)).toBeUndefined();
  });
});

describe('the official IATI example activity file', () => {
  it('gives the organisations, the activity and the incoming funds of EUR 1000', async () => {
    const { rows, problems } = await readIatiRows([sharedFixture(EXAMPLE)]);
    expect(problems).toEqual([]);
    const { valid, problems: invalid } = validateRows(rows);
    expect(invalid).toEqual([]);
    expect(checkReferences(valid, nobodyKnown)).toEqual([]);

    expect(values(rows, 'sources')).toEqual([
      {
        id: 'iati-file-iati-activity-example',
        title: 'iati-activity-example.xml (Organisation name)',
        kind: 'DATASET',
        publisher: 'Organisation name',
        date: '2014-09-10',
      },
    ]);
    const actors = Object.fromEntries(values(rows, 'actors').map((actor) => [actor.id, actor]));
    expect(Object.keys(actors).sort()).toEqual(['AA-AAA-123456789', 'BB-BBB-123456789', 'CC-CCC-123456789']);
    // The reporting org's own declaration (type 40) wins over how others describe it (21, 23).
    expect(actors['AA-AAA-123456789']).toMatchObject({ name: 'Organisation name', orgRef: 'AA-AAA-123456789', iatiOrgType: '40', kind: 'INTERNATIONAL_ORGANISATION' });
    expect(actors['BB-BBB-123456789']).toMatchObject({ name: 'Name of Agency B', orgRef: 'BB-BBB-123456789', iatiOrgType: '40', kind: 'INTERNATIONAL_ORGANISATION' });
    expect(actors['CC-CCC-123456789']).toMatchObject({ name: 'Name of Agency C', orgRef: 'CC-CCC-123456789', iatiOrgType: '10', kind: 'PUBLIC_AUTHORITY' });

    expect(values(rows, 'initiatives')).toEqual([
      {
        id: 'AA-AAA-123456789-ABC123',
        name: 'Activity title',
        kind: 'PROJECT',
        description: 'General activity description text.  Long description of the activity with no particular structure.',
        startDate: '2012-04-28',
        endDate: '2015-12-31',
        budget: { amount: '3000', currency: 'EUR' },
        sourceIds: ['iati-file-iati-activity-example'],
      },
    ]);
    const links = values(rows, 'relationships');
    expect(links.filter((link) => link.type === 'PARTICIPATES_IN').map((link) => [link.fromId, link.role])).toEqual([
      ['BB-BBB-123456789', 'funding'],
      ['CC-CCC-123456789', 'accountable'],
      ['AA-AAA-123456789', 'extending'],
    ]);
    const funds = links.filter((link) => link.type === 'FUNDS');
    expect(funds).toHaveLength(1);
    expect(funds[0]).toMatchObject({
      fromId: 'BB-BBB-123456789',
      toId: 'AA-AAA-123456789',
      amount: { amount: '1000', currency: 'EUR' },
      startDate: '2012-01-01',
      transactionType: 'INCOMING_FUNDS',
      valueDate: '2012-01-01',
      reportingOrgId: 'AA-AAA-123456789',
      reportingActivityId: 'AA-AAA-123456789-ABC123',
      instrument: 'Incoming Funds',
      viaInitiativeId: 'AA-AAA-123456789-ABC123',
      description: 'Transaction description text',
      sourceIds: ['iati-file-iati-activity-example'],
    });
    const transaction = rows.find((row) => (row.value as Value).type === 'FUNDS')!;
    expect(transaction.location).toBe('line 265 <transaction>');
  });
});

describe('the generated pair of activity files', () => {
  it('links the two publishers through provider-activity-id and receiver-activity-id', async () => {
    const { rows, problems } = await readIatiRows(CHAIN);
    expect(problems).toEqual([]);
    const { valid, problems: invalid } = validateRows(rows);
    expect(invalid).toEqual([]);
    expect(checkReferences(valid, nobodyKnown)).toEqual([]);

    expect(values(rows, 'sources').map((s) => [s.id, s.title])).toEqual([
      ['iati-file-chain-a', 'chain-a.xml (Organisation A)'],
      ['iati-file-chain-b', 'chain-b.xml (Organización B)'],
    ]);
    // Named in both files, each org is one row citing both; no org is made up from a narrative.
    expect(values(rows, 'actors').map((a) => [a.id, a.kind, [...(a.sourceIds as string[])].sort().join(' ')])).toEqual([
      ['QQ-ORGA', 'NGO', 'iati-file-chain-a iati-file-chain-b'],
      ['QQ-FUNDER', 'PUBLIC_AUTHORITY', 'iati-file-chain-a'],
      ['QQ-ORGB', 'NGO', 'iati-file-chain-a iati-file-chain-b'],
      ['QQ-COOP', 'PRIVATE_FIRM', 'iati-file-chain-b'],
    ]);
    expect(byId(rows, 'QQ-ORGB')!.value).toMatchObject({ name: 'Organización B', orgRef: 'QQ-ORGB', iatiOrgType: '22' });
    expect(byId(rows, 'QQ-ORGA-ACT1')!.value).toMatchObject({
      name: 'Water programme of A',
      description: 'A funds local water committees & passes part of its grant to organisation B.',
      startDate: '2023-02-01',
      endDate: '2025-12-31',
      budget: { amount: '700000.5', currency: 'EUR' },
    });
    expect(byId(rows, 'QQ-ORGB-ACT1')!.value).toMatchObject({ startDate: '2023-03-15', endDate: '2025-03-31' });

    const funds = values(rows, 'relationships').filter((link) => link.type === 'FUNDS');
    const flow = (from: string, to: string, amount: string) =>
      funds.filter((f) => f.fromId === from && f.toId === to && (f.amount as Value).amount === amount);
    expect(funds).toHaveLength(7);
    expect(flow('QQ-FUNDER', 'QQ-ORGA', '700000')[0]).toMatchObject({
      instrument: 'Incoming Commitment',
      transactionType: 'INCOMING_COMMITMENT',
      viaInitiativeId: 'QQ-ORGA-ACT1',
      reportingOrgId: 'QQ-ORGA',
      reportingActivityId: 'QQ-ORGA-ACT1',
    });
    expect(flow('QQ-FUNDER', 'QQ-ORGA', '500000')).toHaveLength(1);
    // Reported by A (commitment, disbursement) and by B (incoming commitment, incoming funds): one link each, citing both files.
    const commitment = flow('QQ-ORGA', 'QQ-ORGB', '300000');
    const tranche = flow('QQ-ORGA', 'QQ-ORGB', '200000');
    expect(commitment).toHaveLength(1);
    expect(tranche).toHaveLength(1);
    expect(commitment[0]).toMatchObject({ instrument: 'Outgoing Commitment', transactionType: 'OUTGOING_COMMITMENT', viaInitiativeId: 'QQ-ORGA-ACT1' });
    // The funder's report is the one kept: its type, its date, its reporting org and activity.
    expect(tranche[0]).toMatchObject({
      instrument: 'Disbursement',
      transactionType: 'DISBURSEMENT',
      reportingOrgId: 'QQ-ORGA',
      reportingActivityId: 'QQ-ORGA-ACT1',
      startDate: '2023-04-10',
      valueDate: '2023-04-10',
      description: 'First tranche to B',
      sourceIds: ['iati-file-chain-a', 'iati-file-chain-b'],
    });
    expect(tranche[0].id).toMatch(/^iati-flow:[0-9a-f]{16}$/);
    // No receiver-org: spent within the activity itself.
    expect(flow('QQ-ORGA', 'QQ-ORGA-ACT1', '15000')[0]).toMatchObject({ id: 'iati-tx:QQ-ORGA-ACT1:6', amount: { amount: '15000', currency: 'EUR' } });
    expect(flow('QQ-ORGA', 'QQ-ORGA-ACT1', '15000')[0].viaInitiativeId).toBeUndefined();
    // Expenditure is read too: from the reporting org to the activity, as it names no receiver.
    expect(flow('QQ-ORGA', 'QQ-ORGA-ACT1', '20000')[0]).toMatchObject({ id: 'iati-tx:QQ-ORGA-ACT1:5', transactionType: 'EXPENDITURE', instrument: 'Expenditure' });
    // B's default currency applies where the value names none.
    expect(flow('QQ-ORGB', 'QQ-COOP', '120000')[0]).toMatchObject({ amount: { currency: 'USD' }, viaInitiativeId: 'QQ-ORGB-ACT1' });
  });

  it('gives a flow the same id whichever side reports it, so separate imports update one link', async () => {
    const together = await readIatiRows(CHAIN);
    const aOnly = await readIatiRows([CHAIN[0]]);
    const bOnly = await readIatiRows([CHAIN[1]]);
    const ids = (rows: RawRow[]) => new Set(values(rows, 'relationships').filter((l) => l.type === 'FUNDS').map((l) => l.id as string));
    const shared = [...ids(aOnly.rows)].filter((id) => ids(bOnly.rows).has(id));
    expect(shared).toHaveLength(2);
    for (const id of shared) expect(ids(together.rows).has(id)).toBe(true);
    // Alone, B's file names A's org only by its activity id and a narrative, so it cannot be resolved to QQ-ORGA.
    const trancheId = values(together.rows, 'relationships').find((l) => (l.amount as Value | undefined)?.amount === '200000')!.id as string;
    expect(shared).toContain(trancheId);
    expect(byId(bOnly.rows, trancheId)!.value).toMatchObject({
      fromId: 'iati-org-org-a',
      toId: 'QQ-ORGB',
      instrument: 'Incoming Funds',
      transactionType: 'INCOMING_FUNDS',
      reportingOrgId: 'QQ-ORGB',
      reportingActivityId: 'QQ-ORGB-ACT1',
      viaInitiativeId: 'QQ-ORGB-ACT1',
    });
  });
});

describe('IATI rows from unusual files', () => {
  it('falls back to the reporting org and the activity, and keeps amounts exactly as written', () => {
    const { rows, problems, warnings } = iatiRows([
      {
        file: 'fallbacks.xml',
        xml: activity(`
          <transaction><transaction-type code="1"/><value value-date="2020-01-01">10</value></transaction>
          <transaction><transaction-type code="4"/><value>5</value></transaction>
          <transaction><transaction-type code="3"/><value currency="USD">7.456</value>
            <receiver-org type="23"><narrative>Comité de l'Eau</narrative></receiver-org></transaction>
          <transaction><transaction-type code="2"/><value> +1000.50 </value><provider-org ref="XX-1"/><receiver-org ref="XX-1"/></transaction>
          <transaction><transaction-type code="3"/><value>-3.14159265</value><receiver-org ref="XX-2"/></transaction>`),
      },
    ]);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    const funds = values(rows, 'relationships').filter((link) => link.type === 'FUNDS');
    expect(funds.map((f) => [f.id, f.transactionType, f.fromId, f.toId, (f.amount as Value).amount, (f.amount as Value).currency])).toEqual([
      // incoming funds of unreported origin: the publisher put them into its activity
      ['iati-tx:XX-1-A:1', 'INCOMING_FUNDS', 'XX-1', 'XX-1-A', '10', 'EUR'],
      // expenditure without a receiver: spent within the activity
      ['iati-tx:XX-1-A:2', 'EXPENDITURE', 'XX-1', 'XX-1-A', '5', 'EUR'],
      ['iati-tx:XX-1-A:3', 'DISBURSEMENT', 'XX-1', 'iati-org-comite-de-l-eau', '7.456', 'USD'],
      ['iati-tx:XX-1-A:4', 'OUTGOING_COMMITMENT', 'XX-1', 'XX-1-A', '1000.50', 'EUR'],
      // a reversal: negative, every decimal kept
      ['iati-tx:XX-1-A:5', 'DISBURSEMENT', 'XX-1', 'XX-2', '-3.14159265', 'EUR'],
    ]);
    // The value date, else the transaction date; no date at all leaves both out.
    expect(funds[0]).toMatchObject({ valueDate: '2020-01-01', startDate: '2020-01-01', reportingOrgId: 'XX-1', reportingActivityId: 'XX-1-A' });
    expect(funds[1].valueDate).toBeUndefined();
    expect(byId(rows, 'iati-org-comite-de-l-eau')!.value).toEqual({
      id: 'iati-org-comite-de-l-eau',
      name: "Comité de l'Eau",
      kind: 'NGO',
      iatiOrgType: '23',
      sourceIds: ['iati-file-fallbacks'],
    });
    // The reporting org takes part in its activity even when it is not listed as a participant.
    expect(values(rows, 'relationships').filter((l) => l.type === 'PARTICIPATES_IN')).toEqual([
      expect.objectContaining({ fromId: 'XX-1', toId: 'XX-1-A', role: 'reporting' }),
    ]);
    // Negative values and any number of decimals are valid amounts.
    const { valid, problems: invalid, warnings: validationWarnings } = validateRows(rows);
    expect(invalid).toEqual([]);
    expect(validationWarnings).toEqual([]);
    expect(checkReferences(valid, nobodyKnown)).toEqual([]);
  });

  it('reports an activity without iati-identifier and goes on', () => {
    const xml = activity('').replace('<iati-identifier>XX-1-A</iati-identifier>', '');
    const { rows, problems } = iatiRows([{ file: 'noid.xml', xml }]);
    expect(problems).toEqual([
      { file: 'noid.xml', location: 'line 3 <iati-activity>', section: 'initiatives', field: 'iati-identifier', reason: 'is missing, so the activity cannot be imported' },
    ]);
    expect(values(rows, 'initiatives')).toEqual([]);
  });

  it('refuses files that are not well-formed IATI 2.0x activity XML', () => {
    expect(() => iatiRows([{ file: 'broken.xml', xml: '<iati-activities>\n<iati-activity>\n</iati-activities>' }])).toThrow(
      /^broken\.xml is not well-formed XML: line 3: /,
    );
    expect(() => iatiRows([{ file: 'org.xml', xml: '<iati-organisations version="2.03"></iati-organisations>' }])).toThrow(
      'org.xml is not an IATI activity file: its root element is <iati-organisations>, expected <iati-activities>',
    );
    expect(() => iatiRows([{ file: 'old.xml', xml: '<iati-activities version="1.05"></iati-activities>' }])).toThrow(
      'old.xml is IATI version 1.05; only 2.0x activity files are supported',
    );
  });
});

describe('IATI transaction types', () => {
  const fundsOf = (rows: RawRow[]) => values(rows, 'relationships').filter((link) => link.type === 'FUNDS');
  const parties = (link: Value) => [link.transactionType, link.instrument, link.fromId, link.toId];

  it('gives a flow the country it is for: its own recipient-country, else the activity\'s only one', () => {
    const tx = (country = '') =>
      `<transaction><transaction-type code="3"/><transaction-date iso-date="2021-01-01"/><value>1</value><receiver-org ref="XX-R"/>${country}</transaction>`;
    const countries = (body: string) =>
      values(iatiRows([{ file: 'c.xml', xml: activity(body) }]).rows, 'relationships')
        .filter((link) => link.type === 'FUNDS')
        .map((link) => link.recipientCountry ?? null);
    expect(countries(`<recipient-country code="pe" percentage="100"/>${tx()}${tx('<recipient-country code="BO"/>')}`)).toEqual(['PE', 'BO']);
    expect(countries(`<recipient-country code="PE" percentage="60"/><recipient-country code="BO" percentage="40"/>${tx()}`)).toEqual([null]);
    expect(countries(`<recipient-country code="XK9"/>${tx()}`)).toEqual([null]);
  });

  it('takes a provider named like the reporting org, without a ref, for the reporting org itself', () => {
    const { rows } = iatiRows([
      {
        file: 'self.xml',
        xml: activity(
          '<transaction><transaction-type code="3"/><transaction-date iso-date="2021-01-01"/><value>10</value>' +
            '<provider-org><narrative> reporter </narrative></provider-org><receiver-org ref="XX-R"/></transaction>',
        ),
      },
    ]);
    expect(fundsOf(rows).map((link) => [link.fromId, link.toId, link.reportingOrgId])).toEqual([['XX-1', 'XX-R', 'XX-1']]);
    expect(values(rows, 'actors').map((actor) => actor.id)).not.toContain('iati-org-reporter');
  });

  it('reads every type of the codelist, each with its own funder and recipient rule', () => {
    const tx = (code: number, orgs = '') => `<transaction><transaction-type code="${code}"/><transaction-date iso-date="2021-0${(code % 9) + 1}-01"/><value>${code}00</value>${orgs}</transaction>`;
    const { rows, problems, warnings } = iatiRows([
      {
        file: 'types.xml',
        xml: activity(
          [
            tx(1, '<provider-org ref="XX-F"/>'),
            tx(2, '<receiver-org ref="XX-R"/>'),
            tx(3, '<receiver-org ref="XX-R"/>'),
            tx(4, '<receiver-org ref="XX-SHOP"/>'),
            tx(4),
            tx(5, '<provider-org ref="XX-BORROWER"/>'),
            tx(6, '<provider-org ref="XX-BORROWER"/><receiver-org ref="XX-BANK"/>'),
            tx(7, '<receiver-org ref="XX-R"/>'),
            tx(8, '<receiver-org ref="XX-FIRM"/>'),
            tx(9, '<provider-org ref="XX-BUYER"/>'),
            tx(10, '<receiver-org ref="XX-R"/>'),
            tx(11, '<provider-org ref="XX-F"/>'),
            tx(12, '<receiver-org ref="XX-R"/>'),
            tx(13, '<provider-org ref="XX-F"/>'),
            tx(13),
            tx(6),
          ].join('\n'),
        ),
      },
    ]);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(fundsOf(rows).map(parties)).toEqual([
      // incoming types: received by the reporting org
      ['INCOMING_FUNDS', 'Incoming Funds', 'XX-F', 'XX-1'],
      ['OUTGOING_COMMITMENT', 'Outgoing Commitment', 'XX-1', 'XX-R'],
      ['DISBURSEMENT', 'Disbursement', 'XX-1', 'XX-R'],
      // expenditure: from the reporting org to the receiver-org, else to the activity
      ['EXPENDITURE', 'Expenditure', 'XX-1', 'XX-SHOP'],
      ['EXPENDITURE', 'Expenditure', 'XX-1', 'XX-1-A'],
      // interest and repayments: provider -> receiver as given, the reporting org receiving when none is named
      ['INTEREST_PAYMENT', 'Interest Payment', 'XX-BORROWER', 'XX-1'],
      ['LOAN_REPAYMENT', 'Loan Repayment', 'XX-BORROWER', 'XX-BANK'],
      ['REIMBURSEMENT', 'Reimbursement', 'XX-1', 'XX-R'],
      ['PURCHASE_OF_EQUITY', 'Purchase of Equity', 'XX-1', 'XX-FIRM'],
      ['SALE_OF_EQUITY', 'Sale of Equity', 'XX-BUYER', 'XX-1'],
      ['CREDIT_GUARANTEE', 'Credit Guarantee', 'XX-1', 'XX-R'],
      ['INCOMING_COMMITMENT', 'Incoming Commitment', 'XX-F', 'XX-1'],
      ['OUTGOING_PLEDGE', 'Outgoing Pledge', 'XX-1', 'XX-R'],
      ['INCOMING_PLEDGE', 'Incoming Pledge', 'XX-F', 'XX-1'],
      // an incoming pledge of unreported origin, a repayment naming nobody: into the activity
      ['INCOMING_PLEDGE', 'Incoming Pledge', 'XX-1', 'XX-1-A'],
      ['LOAN_REPAYMENT', 'Loan Repayment', 'XX-1', 'XX-1-A'],
    ]);
    for (const link of fundsOf(rows)) {
      expect(link).toMatchObject({ reportingOrgId: 'XX-1', reportingActivityId: 'XX-1-A' });
      expect(link.valueDate).toMatch(/^2021-0\d-01$/);
    }
    const { valid, problems: invalid } = validateRows(rows);
    expect(invalid).toEqual([]);
    expect(valid.relationships.filter((row) => row.value.type === 'FUNDS').map((row) => row.value.transactionType)).toHaveLength(16);
  });

  it('stores the new FUNDS fields as strings, in the bulk importer\'s CSV columns too', () => {
    const { rows } = iatiRows([{ file: 'bulk.xml', xml: activity('<transaction><transaction-type code="4"/><value value-date="2021-03-31">-1.005</value></transaction>') }]);
    const { valid } = validateRows(rows);
    const link = valid.relationships.find((row) => row.value.type === 'FUNDS')!.value;
    const { props } = toWrite(link, 'Actor', 'Initiative');
    expect(props).toMatchObject({ transactionType: 'EXPENDITURE', valueDate: '2021-03-31', reportingOrgId: 'XX-1', reportingActivityId: 'XX-1-A' });
    const columns = propertyColumns([props], 'relationship');
    for (const name of ['transactionType', 'valueDate', 'reportingOrgId', 'reportingActivityId']) {
      expect(columns).toContainEqual({ name, type: 'string' });
    }
  });

  it('pairs a pledge reported by both sides, as it pairs commitments and disbursements', () => {
    const pair = (type: number, own: string, other: string, side: 'provider' | 'receiver') => `<iati-activity default-currency="EUR">
  <iati-identifier>${own}-A</iati-identifier>
  <reporting-org ref="${own}" type="21"><narrative>${own}</narrative></reporting-org>
  <title><narrative>${own}</narrative></title>
  <transaction><transaction-type code="${type}"/><transaction-date iso-date="2021-01-01"/><value>60000000</value>
   <${side}-org ref="${other}" ${side}-activity-id="${other}-A"/></transaction>
 </iati-activity>`;
    const { rows } = iatiRows([
      { file: 'funder.xml', xml: `<iati-activities version="2.03">${pair(12, 'XX-GIVER', 'XX-TAKER', 'receiver')}</iati-activities>` },
      { file: 'taker.xml', xml: `<iati-activities version="2.03">${pair(13, 'XX-TAKER', 'XX-GIVER', 'provider')}</iati-activities>` },
    ]);
    const funds = fundsOf(rows);
    expect(funds).toHaveLength(1);
    expect(funds[0]).toMatchObject({
      transactionType: 'OUTGOING_PLEDGE',
      fromId: 'XX-GIVER',
      toId: 'XX-TAKER',
      reportingOrgId: 'XX-GIVER',
      reportingActivityId: 'XX-GIVER-A',
      sourceIds: ['iati-file-funder', 'iati-file-taker'],
    });
    expect(funds[0].id).toMatch(/^iati-flow:/);
  });

  it('refuses a transaction without a value, naming its line, and leaves out an unknown type with a warning', () => {
    const { rows, problems, warnings } = iatiRows([
      {
        file: 'novalue.xml',
        xml: activity(`
  <transaction><transaction-type code="3"/><transaction-date iso-date="2021-01-01"/></transaction>
  <transaction><transaction-type code="3"/><value currency="EUR" value-date="2021-01-01">  </value></transaction>
  <transaction><transaction-type code="99"/><value>5</value></transaction>
  <transaction><value>5</value></transaction>
  <transaction><transaction-type code="3"/><value>twelve</value></transaction>`),
      },
    ]);
    expect(problems).toEqual([
      { file: 'novalue.xml', location: 'line 8 <transaction>', section: 'relationships', field: 'value', reason: 'is missing or empty: a transaction must state its amount' },
      { file: 'novalue.xml', location: 'line 9 <transaction>', section: 'relationships', field: 'value', reason: 'is missing or empty: a transaction must state its amount' },
    ]);
    expect(warnings).toEqual([
      { file: 'novalue.xml', location: 'line 10 <transaction>', field: 'transaction-type', reason: 'code "99" is not in IATI\'s TransactionType codelist (1-13), so the transaction is left out' },
      { file: 'novalue.xml', location: 'line 11 <transaction>', field: 'transaction-type', reason: 'is missing, so the transaction is left out' },
    ]);
    // Text that is not a number goes on as given, for the validator to refuse with its line.
    expect(fundsOf(rows).map((link) => (link.amount as Value).amount)).toEqual(['twelve']);
    expect(validateRows(rows).problems).toEqual([
      expect.objectContaining({ file: 'novalue.xml', location: 'line 12 <transaction>', field: 'amount.amount' }),
    ]);
  });
});

describe('IATI data-quality defects are warnings', () => {
  it('imports an end before the start, HTML in names, a repeated transaction and a malformed org ref as given, and lists each', () => {
    const { rows, problems, warnings } = iatiRows([
      {
        file: 'defects.xml',
        xml: activity(`
  <participating-org ref="Not available" role="4"><narrative>Partner &lt;b&gt;Two&lt;/b&gt;</narrative></participating-org>
  <activity-date iso-date="2021-06-30" type="2"/>
  <activity-date iso-date="2020-12-31" type="4"/>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2021-01-01"/><value>100.5</value><receiver-org ref="Not available"/></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2021-01-01"/><value>100.50</value><receiver-org ref="Not available"/></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2021-01-02"/><value>100.5</value><receiver-org ref="Not available"/></transaction>`).replace(
          '<narrative>Title</narrative>',
          '<narrative>Title &lt;i&gt;in italics&lt;/i&gt;</narrative>',
        ),
      },
    ]);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([
      { file: 'defects.xml', location: 'line 6 <title>', field: 'name', reason: 'holds HTML markup ("Title <i>in italics</i>"); stored as "Title in italics", with the name as given in originalName' },
      { file: 'defects.xml', location: 'line 8 <participating-org>', field: 'name', reason: 'holds HTML markup ("Partner <b>Two</b>"); stored as "Partner Two", with the name as given in originalName' },
      {
        file: 'defects.xml',
        location: 'line 8 <participating-org>',
        field: 'ref',
        reason: '"Not available" is not a well-formed IATI organisation identifier (agency prefix, hyphen, number, no spaces: e.g. XM-DAC-46004); imported as given (4 mentions in this file)',
      },
      {
        file: 'defects.xml',
        location: 'line 12 <transaction>',
        field: 'transaction',
        reason: 'repeats the transaction at line 11 <transaction> exactly (type, date, amount, currency, parties); imported as a link of its own, as the source gives it',
      },
    ]);
    // As the source says: the names with their markup (cleaned where rows become stored properties), the ref, both copies of the transaction.
    expect(byId(rows, 'XX-1-A')!.value).toMatchObject({ name: 'Title <i>in italics</i>', startDate: '2021-06-30', endDate: '2020-12-31' });
    expect(byId(rows, 'Not-available')!.value).toMatchObject({ name: 'Partner <b>Two</b>', orgRef: 'Not available' });
    const funds = values(rows, 'relationships').filter((link) => link.type === 'FUNDS');
    expect(funds.map((link) => [link.id, (link.amount as Value).amount])).toEqual([
      ['iati-tx:XX-1-A:1', '100.5'],
      ['iati-tx:XX-1-A:2', '100.50'],
      ['iati-tx:XX-1-A:3', '100.5'],
    ]);

    // The end before the start is a warning of the import validator; the row is valid and kept as given.
    const { valid, problems: invalid, warnings: validationWarnings } = validateRows(rows);
    expect(invalid).toEqual([]);
    expect(validationWarnings).toEqual([
      { file: 'defects.xml', location: 'line 3 <iati-activity>', field: 'endDate', reason: 'endDate must not be before startDate; imported as given' },
    ]);
    expect(valid.initiatives.map((row) => [row.value.startDate, row.value.endDate])).toEqual([['2021-06-30', '2020-12-31']]);
    expect(checkReferences(valid, nobodyKnown)).toEqual([]);
  });

  it('keeps the rule for the API: the same initiative is refused outside an import, and other rules still refuse a row in one', () => {
    const input = { name: 'Backwards', kind: 'PROJECT', startDate: '2021', endDate: '2020' };
    const errors = validateSync(plainToInstance(InitiativeInput, input), INPUT_VALIDATION);
    expect(errors.map((error) => Object.keys(error.constraints ?? {}))).toEqual([['notBeforeStartDate']]);
    expect(WARNING_CONSTRAINTS).toEqual(new Set(['notBeforeStartDate']));

    const row = (value: Value): RawRow => ({ section: 'initiatives', file: 'rows.json', location: '/initiatives/0', value });
    const both = validateRows([row({ ...input, startDate: 'soon' })]);
    expect(both.valid.initiatives).toEqual([]);
    expect(both.problems).toEqual([expect.objectContaining({ field: 'startDate' })]);
    const link = validateRows([
      { section: 'relationships', file: 'rows.json', location: '/relationships/0', value: { type: 'FUNDS', fromId: 'a', toId: 'b', sourceIds: ['s'], startDate: '2021', endDate: '2020', transactionType: 'NOT_A_TYPE' } },
    ]);
    expect(link.problems).toEqual([expect.objectContaining({ field: 'transactionType' })]);
    expect(link.warnings).toEqual([expect.objectContaining({ field: 'endDate', reason: 'endDate must not be before startDate; imported as given' })]);
  });

  it('prints warnings before the summary table and puts them in the JSON report', () => {
    const zero = { created: 0, updated: 0, unchanged: 0 };
    const warning = { file: 'defects.xml', location: 'line 11 <transaction>', field: 'transaction', reason: 'repeats the transaction at line 10' };
    const summary: ImportSummary = {
      counts: { sources: zero, territories: zero, actors: zero, initiatives: zero, relationships: { ...zero, created: 2 } },
      rejected: { sources: 0, territories: 0, actors: 0, initiatives: 0, relationships: 0 },
      relationshipTypes: { FUNDS: { ...zero, created: 2, rejected: 0 } },
      unreadable: 0,
      problems: [],
      warnings: [warning],
      matches: [],
      written: true,
      elapsedMs: 10,
      rowsPerSecond: 200,
    };
    const lines = formatSummary(summary, { onError: 'abort' }).split('\n');
    expect(lines.slice(0, 3)).toEqual(['Warnings (1):', '  defects.xml line 11 <transaction>  transaction: repeats the transaction at line 10', 'Import summary (written)']);
    expect(formatSummary({ ...summary, warnings: [] }, { onError: 'abort' })).toMatch(/^Import summary \(written\)/);
    const context = { files: ['defects.xml'], options: { format: 'iati', dryRun: false, batchSize: 10, onError: 'abort' as const, transaction: 'single' } };
    expect(importReport(summary, context)).toMatchObject({ problems: [], warnings: [warning] });
  });
});

describe('the real IATI files of ../shared/fixtures/iati-real', () => {
  const REAL = ['usg-usaid-mg.xml', 'hdx-saved-dportal_6.xml', 'hdx-saved-dportal_15.xml', 'hdx-saved-dportal_26.xml'];

  /** Transactions per type code, counted straight from the XML text, not through the reader. */
  function typeCodesIn(xml: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const match of xml.matchAll(/<transaction-type code="(\d+)"/g)) counts[match[1]] = (counts[match[1]] ?? 0) + 1;
    return counts;
  }

  it.each(REAL)('%s: every transaction of every type is a valid FUNDS row with its provenance, and nothing is refused', async (name) => {
    const file = sharedFixture(`iati-real/${name}`);
    const { rows, problems } = await readIatiRows([file]);
    expect(problems).toEqual([]);
    const { valid, problems: invalid, warnings } = validateRows(rows);
    expect(invalid).toEqual([]);
    expect(warnings).toEqual([]);
    expect(checkReferences(valid, nobodyKnown)).toEqual([]);

    const funds = valid.relationships.filter((row) => row.value.type === 'FUNDS').map((row) => row.value);
    const byCode: Record<string, number> = {};
    for (const link of funds) {
      const code = Object.entries(TRANSACTION_TYPE_BY_CODE).find(([, type]) => type === link.transactionType)![0];
      byCode[code] = (byCode[code] ?? 0) + 1;
      expect(link.reportingOrgId).toBeTruthy();
      expect(link.reportingActivityId).toBeTruthy();
      expect(link.valueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    // No flow in these files is reported by both of its sides within the same file, so each transaction is one link.
    expect(byCode).toEqual(typeCodesIn(readFileSync(file, 'utf8')));
  });

  it('keeps negative values and every decimal exactly as the XML writes them', async () => {
    const file = sharedFixture('iati-real/usg-usaid-mg.xml');
    const { rows } = await readIatiRows([file]);
    const amounts = values(rows, 'relationships')
      .filter((link) => link.type === 'FUNDS')
      .map((link) => (link.amount as Value).amount as string);
    const written = [...readFileSync(file, 'utf8').matchAll(/<transaction[ >][\s\S]*?<value[^>]*>([^<]*)<\/value>/g)].map((match) => match[1].trim());
    expect([...amounts].sort()).toEqual([...written].sort());
    expect(amounts.filter((amount) => amount.startsWith('-')).length).toBeGreaterThan(0);
  });

  it('lists the defects of the d-portal pages as warnings', async () => {
    const page15 = await readIatiRows([sharedFixture('iati-real/hdx-saved-dportal_15.xml')]);
    const kinds = (warnings: readonly { field: string }[]) => new Set(warnings.map((w) => w.field));
    expect(kinds(page15.warnings!)).toEqual(new Set(['ref', 'name', 'transaction']));
    expect(page15.warnings).toContainEqual({
      file: 'hdx-saved-dportal_15.xml',
      location: 'line 4928 <receiver-org>',
      field: 'name',
      reason:
        'holds HTML markup ("Handicap International UK <i> (Atlas Logistique) </i>"); stored as "Handicap International UK (Atlas Logistique)", with the name as given in originalName',
    });
    expect(page15.warnings!.filter((w) => w.field === 'transaction').length).toBeGreaterThan(0);
    for (const warning of page15.warnings!) expect(warning.location).toMatch(/^line \d+ <[a-z-]+>$/);

    const page26 = await readIatiRows([sharedFixture('iati-real/hdx-saved-dportal_26.xml')]);
    expect(page26.warnings).toContainEqual(expect.objectContaining({ field: 'ref', reason: expect.stringMatching(/^"Not available" is not a well-formed IATI organisation identifier/) }));
  });
});
