import { parse as parseCsv } from 'csv-parse/sync';
import { writeEdgesCsv } from '../../src/export/csv.format';
import { sankeyFromNetwork } from '../../src/export/sankey.format';
import { edgeProperties } from '../../src/network/network-builder';
import type { NetworkData } from '../../src/network/network.type';

/** Links as network queries return them: properties built from the stored exact amounts. */
const link = (id: string, stored: Record<string, unknown>) => ({ id, source: 'funder', target: 'ngo', type: 'FUNDS' as const, properties: edgeProperties({ id, sourceIds: ['s'], ...stored }) });

const NETWORK: NetworkData = {
  nodes: [
    { id: 'funder', label: 'Funder', type: 'Actor', kind: 'DEVELOPMENT_AGENCY', tags: [], attributes: null },
    { id: 'ngo', label: 'NGO', type: 'Actor', kind: 'NGO', tags: [], attributes: null },
  ],
  edges: [
    link('a', { amountExact: '0.1', amountValue: 0.1, currency: 'EUR' }),
    link('b', { amountExact: '0.2', amountValue: 0.2, currency: 'EUR' }),
    link('c', { amountExact: '-123456789012345.678901', amountValue: -123456789012345.678901, currency: 'USD', amountEurExact: '-0.125', amountEurValue: -0.125 }),
    link('d', { currency: null }),
  ],
  truncated: false,
};

describe('exported amounts', () => {
  it('prints every digit of the stored amount in the Amount columns, with no column of their own', () => {
    const rows = parseCsv(writeEdgesCsv(NETWORK), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).not.toContain('Amount Exact');
    expect(Object.keys(rows[0])).not.toContain('Amount Eur Exact');
    expect(rows.map((row) => [row.ID, row.Amount, row.Currency, row['Amount EUR']])).toEqual([
      ['a', '0.1', 'EUR', ''],
      ['b', '0.2', 'EUR', ''],
      ['c', '-123456789012345.678901', 'USD', '-0.125'],
      ['d', '', '', ''],
    ]);
  });

  it('sums the Sankey of a network exactly, negative amounts included', () => {
    const sankey = sankeyFromNetwork({ ...NETWORK, edges: [...NETWORK.edges, link('e', { amountExact: '-0.05', amountValue: -0.05, currency: 'EUR' })] });
    expect(sankey.links.map((l) => [l.currency, l.value, l.count])).toEqual([
      ['EUR', 0.25, 3],
      ['USD', -123456789012345.678901, 1],
      [null, 0, 1],
    ]);
  });
});
