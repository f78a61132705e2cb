import path from 'node:path';
import { actorKindOf, iatiRows, readIatiRows, toNodeId } from '../../src/import/iati.reader';
import { checkReferences, KnownIds, RawRow, validateRows } from '../../src/import/import.validator';
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
        budget: { amount: 3000, currency: 'EUR' },
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
      amount: { amount: 1000, currency: 'EUR' },
      startDate: '2012-01-01',
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
      budget: { amount: 700000.5, currency: 'EUR' },
    });
    expect(byId(rows, 'QQ-ORGB-ACT1')!.value).toMatchObject({ startDate: '2023-03-15', endDate: '2025-03-31' });

    const funds = values(rows, 'relationships').filter((link) => link.type === 'FUNDS');
    const flow = (from: string, to: string, amount: number) =>
      funds.filter((f) => f.fromId === from && f.toId === to && (f.amount as Value).amount === amount);
    expect(funds).toHaveLength(6);
    expect(flow('QQ-FUNDER', 'QQ-ORGA', 700000)[0]).toMatchObject({ instrument: 'Incoming Commitment', viaInitiativeId: 'QQ-ORGA-ACT1' });
    expect(flow('QQ-FUNDER', 'QQ-ORGA', 500000)).toHaveLength(1);
    // Reported by A (commitment, disbursement) and by B (incoming commitment, incoming funds): one link each, citing both files.
    const commitment = flow('QQ-ORGA', 'QQ-ORGB', 300000);
    const tranche = flow('QQ-ORGA', 'QQ-ORGB', 200000);
    expect(commitment).toHaveLength(1);
    expect(tranche).toHaveLength(1);
    expect(commitment[0]).toMatchObject({ instrument: 'Outgoing Commitment', viaInitiativeId: 'QQ-ORGA-ACT1' });
    expect(tranche[0]).toMatchObject({
      instrument: 'Disbursement',
      startDate: '2023-04-10',
      description: 'First tranche to B',
      sourceIds: ['iati-file-chain-a', 'iati-file-chain-b'],
    });
    expect(tranche[0].id).toMatch(/^iati-flow:[0-9a-f]{16}$/);
    // No receiver-org: spent within the activity itself.
    expect(flow('QQ-ORGA', 'QQ-ORGA-ACT1', 15000)[0]).toMatchObject({ id: 'iati-tx:QQ-ORGA-ACT1:6', amount: { amount: 15000, currency: 'EUR' } });
    expect(flow('QQ-ORGA', 'QQ-ORGA-ACT1', 15000)[0].viaInitiativeId).toBeUndefined();
    // B's default currency applies where the value names none.
    expect(flow('QQ-ORGB', 'QQ-COOP', 120000)[0]).toMatchObject({ amount: { currency: 'USD' }, viaInitiativeId: 'QQ-ORGB-ACT1' });
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
    const trancheId = values(together.rows, 'relationships').find((l) => (l.amount as Value | undefined)?.amount === 200000)!.id as string;
    expect(shared).toContain(trancheId);
    expect(byId(bOnly.rows, trancheId)!.value).toMatchObject({
      fromId: 'iati-org-org-a',
      toId: 'QQ-ORGB',
      instrument: 'Incoming Funds',
      viaInitiativeId: 'QQ-ORGB-ACT1',
    });
  });
});

describe('IATI rows from unusual files', () => {
  it('falls back to the reporting org and the activity, and skips types that are not flows', () => {
    const { rows, problems } = iatiRows([
      {
        file: 'fallbacks.xml',
        xml: activity(`
          <transaction><transaction-type code="1"/><value value-date="2020-01-01">10</value></transaction>
          <transaction><transaction-type code="4"/><value>5</value></transaction>
          <transaction><transaction-type code="3"/><value currency="USD">7.456</value>
            <receiver-org type="23"><narrative>Comité de l'Eau</narrative></receiver-org></transaction>
          <transaction><transaction-type code="2"/><value>-3</value><provider-org ref="XX-1"/><receiver-org ref="XX-1"/></transaction>`),
      },
    ]);
    expect(problems).toEqual([]);
    const funds = values(rows, 'relationships').filter((link) => link.type === 'FUNDS');
    expect(funds.map((f) => [f.id, f.fromId, f.toId, (f.amount as Value).amount, (f.amount as Value).currency])).toEqual([
      // incoming funds of unreported origin: the publisher put them into its activity
      ['iati-tx:XX-1-A:1', 'XX-1', 'XX-1-A', 10, 'EUR'],
      ['iati-tx:XX-1-A:3', 'XX-1', 'iati-org-comite-de-l-eau', 7.46, 'USD'],
      ['iati-tx:XX-1-A:4', 'XX-1', 'XX-1-A', -3, 'EUR'],
    ]);
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
    const negative = validateRows(rows).problems;
    expect(negative).toEqual([expect.objectContaining({ file: 'fallbacks.xml', field: 'amount.amount', reason: 'amount must not be less than 0' })]);
    expect(negative[0].location).toMatch(/^line \d+ <transaction>$/);
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
