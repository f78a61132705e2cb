import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { ARRAY_DELIMITER, BulkCsvError, encodeValue, header, propertyColumns, writeCsv } from '../../src/import/bulk-csv.writer';
import { toWrite } from '../../src/relationships/relationship.service';
import type { RelationshipInput } from '../../src/relationships/relationship.input';

describe('bulk import CSV files', () => {
  it('types each column from every row, and leaves out keys that only ever hold nothing', () => {
    const columns = propertyColumns(
      [
        { name: 'AFD', amountExact: '1.5', amountValue: 1.5, sourceIds: ['a'], active: true, none: null, empty: [] },
        { name: 'UNDP', amountExact: null, amountValue: null, sourceIds: [], at: new Date('2026-01-01T00:00:00Z') },
      ],
      'Actor',
    );
    expect(header(['id:ID(Node)'], columns)).toEqual([
      'id:ID(Node)',
      'name:string',
      'amountExact:string',
      'amountValue:double',
      'sourceIds:string[]',
      'active:boolean',
      'at:datetime',
    ]);
  });

  it('writes money as the exact decimal string and the float beside it, as the transactional importer stores them', () => {
    const input = { type: 'FUNDS', fromId: 'a', toId: 'b', sourceIds: ['s'], amount: { amount: '-1234.5670', currency: 'EUR', amountEur: 0.125 } };
    const { props } = toWrite(input as unknown as RelationshipInput, 'Actor', 'Actor');
    const columns = propertyColumns([props], 'relationship');
    expect(columns.filter((column) => /amount|currency/i.test(column.name))).toEqual([
      { name: 'amountExact', type: 'string' },
      { name: 'amountValue', type: 'double' },
      { name: 'currency', type: 'string' },
      { name: 'amountEurExact', type: 'string' },
      { name: 'amountEurValue', type: 'double' },
    ]);
    expect(columns.map((column) => encodeValue(props[column.name], column.type)).filter((_, i) => /amount/.test(columns[i].name))).toEqual([
      '-1234.567',
      '-1234.567',
      '0.125',
      '0.125',
    ]);
  });

  it('refuses a column whose values have different types, naming it', () => {
    expect(() => propertyColumns([{ level: 'LOCAL' }, { level: 3 }], 'Territory')).toThrow(
      new BulkCsvError('Territory.level holds both string and double values'),
    );
    expect(() => propertyColumns([{ nested: { a: 1 } }], 'Actor')).toThrow(/Actor\.nested holds a value that a property cannot store/);
  });

  it('encodes lists with the control-character delimiter, dates in ISO form, and nothing as an empty field', () => {
    expect(encodeValue(['a;b', 'c,d'], 'string[]')).toBe(`a;b${ARRAY_DELIMITER}c,d`);
    expect(encodeValue([], 'string[]')).toBeNull();
    expect(encodeValue(null, 'string')).toBeNull();
    expect(encodeValue('', 'string')).toBe('');
    expect(encodeValue(new Date('2026-11-25T10:00:00Z'), 'datetime')).toBe('2026-11-25T10:00:00.000Z');
    expect(() => encodeValue([`x${ARRAY_DELIMITER}y`], 'string[]')).toThrow(BulkCsvError);
  });

  it('writes quotes, commas and line breaks so that a CSV reader gets them back, and tells "" from nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bulk-csv-'));
    try {
      const file = path.join(dir, 'nodes.csv');
      await writeCsv(file, ['id:ID', 'name:string', 'note:string'], [
        ['a', 'Coopérative "La Fabrique", Tunis\nligne 2', ''],
        ['b', 'plain', null],
      ]);
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n')[0]).toBe('id:ID,name:string,note:string');
      expect(text).toContain('a,"Coopérative ""La Fabrique"", Tunis\nligne 2",""\n');
      expect(text).toContain('b,plain,\n');
      expect(parse(text, { columns: true })).toEqual([
        { 'id:ID': 'a', 'name:string': 'Coopérative "La Fabrique", Tunis\nligne 2', 'note:string': '' },
        { 'id:ID': 'b', 'name:string': 'plain', 'note:string': '' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
