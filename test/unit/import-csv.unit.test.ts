import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  convertCell,
  isEdgesHeader,
  normaliseHeader,
  readCsvRows,
  sniffDelimiter,
} from '../../src/import/csv.reader';
import { checkReferences, deriveRelationshipIds, KnownIds, validateRows } from '../../src/import/import.validator';
import { FIXTURES } from '../fixtures/prepare';

const csv = (name: string) => path.join(FIXTURES, 'csv', name);
const nobodyKnown: KnownIds = { labelOf: () => undefined, sourceExists: () => false };

const tempDirs: string[] = [];

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gg-csv-'));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('CSV columns', () => {
  it('matches headers case-insensitively, ignoring spaces, underscores, hyphens and dots', () => {
    expect(['Source IDs', 'source_ids', 'sourceIds', 'SOURCE-IDS', 'source.ids'].map(normaliseHeader)).toEqual(
      Array(5).fill('sourceids'),
    );
  });

  it('tells an edges file by its From and To columns', () => {
    expect(isEdgesHeader(['Type', 'From', 'To'])).toBe(true);
    expect(isEdgesHeader(['type', 'from_id', 'To Id'])).toBe(true);
    expect(isEdgesHeader(['Id', 'Label', 'Name'])).toBe(false);
    expect(isEdgesHeader(['Id', 'From'])).toBe(false);
  });

  it('converts cells to the input shapes and leaves what it cannot read to the validator', () => {
    expect(convertCell('PNUD| UNDP |', 'list')).toEqual(['PNUD', 'UNDP']);
    expect(convertCell('250 000', 'number')).toBe(250000);
    expect(convertCell('-500', 'number')).toBe(-500);
    expect(convertCell('1e3', 'number')).toBe(1000);
    expect(convertCell('12,5', 'number')).toBe('12,5');
    expect(convertCell('Oui', 'boolean')).toBe(true);
    expect(convertCell('no', 'boolean')).toBe(false);
    expect(convertCell('maybe', 'boolean')).toBe('maybe');
    expect(convertCell('partners with', 'type')).toBe('PARTNERS_WITH');
    expect(convertCell('Participates-in', 'type')).toBe('PARTICIPATES_IN');
  });

  it('picks the delimiter the header line uses', () => {
    expect(sniffDelimiter('Id,Label,Name')).toBe(',');
    expect(sniffDelimiter('Id;Label;"Name, full"')).toBe(';');
    expect(sniffDelimiter('Id\tLabel\tName')).toBe('\t');
    expect(sniffDelimiter('Id')).toBe(',');
  });
});

describe('readCsvRows', () => {
  it('reads a nodes file into rows of each label, located by the line where each record starts', async () => {
    const { rows, problems, kind } = await readCsvRows(csv('nodes.csv'));
    expect(kind).toBe('nodes');
    expect(problems).toEqual([]);
    expect(rows.map((row) => [row.section, row.location])).toEqual([
      ['sources', 'line 2'],
      ['actors', 'line 3'],
      ['actors', 'line 4'],
      ['actors', 'line 5'],
      // line 5's description spans two lines, so the project starts on line 7
      ['initiatives', 'line 7'],
      ['territories', 'line 8'],
      ['territories', 'line 9'],
    ]);
    expect(rows[0].value).toEqual({
      id: 'csvfx-src',
      title: 'Partners spreadsheet, 2024',
      kind: 'DATASET',
      publisher: 'CSV fixture team',
      date: '2024-05',
      language: 'en',
    });
    expect(rows[1].value).toMatchObject({ aliases: ['PNUD', 'UNDP'], acronym: 'UNDP', sse: false, scale: 'INTERNATIONAL', sourceIds: ['csvfx-src'] });
    expect(rows[3].value).toMatchObject({ sse: true, description: 'Local NGO working on water,\nwatersheds and eco-parks' });
    expect(rows[4].value).toEqual({
      id: 'csvfx-proj',
      name: 'Ecoparque del Cusco',
      kind: 'PROJECT',
      scale: 'LOCAL',
      startDate: '2013',
      endDate: '2016-06',
      budget: { amount: 250000, currency: 'EUR' },
      sourceIds: ['csvfx-src'],
      description: 'An eco-park run with the cooperative',
    });
    expect(rows[6].value).toEqual({ id: 'csvfx-cusco', name: 'Cusco', level: 'REGION', parentId: 'csvfx-peru', sourceIds: ['csvfx-src'] });
    expect(validateRows(rows).problems).toEqual([]);
  });

  it('reads an edges file with types, money and dates in the input shape', async () => {
    const { rows, problems, kind } = await readCsvRows(csv('edges.csv'));
    expect(kind).toBe('edges');
    expect(problems).toEqual([]);
    expect(rows.map((row) => (row.value as { type: string }).type)).toEqual([
      'FUNDS',
      'FUNDS',
      'PARTNERS_WITH',
      'PARTICIPATES_IN',
      'LEADS',
      'ACTS_IN',
      'ARTICULATES',
    ]);
    expect(rows[1].value).toEqual({
      type: 'FUNDS',
      fromId: 'csvfx-ngo',
      toId: 'csvfx-proj',
      sourceIds: ['csvfx-src'],
      amount: { amount: 50000.5, currency: 'EUR' },
      startDate: '2014-03',
    });
    expect(rows[6].value).toMatchObject({ level: 'INTERNATIONAL' });
    const nodes = await readCsvRows(csv('nodes.csv'));
    const { valid, problems: invalid } = validateRows([...nodes.rows, ...rows]);
    expect(invalid).toEqual([]);
    expect(checkReferences(valid, nobodyKnown)).toEqual([]);
  });

  it('reports each of the five bad edges with its line, field and reason', async () => {
    const nodes = await readCsvRows(csv('nodes.csv'));
    const edges = await readCsvRows(csv('bad-edges.csv'));
    expect(edges.problems).toEqual([]);
    const { valid, problems } = validateRows([...nodes.rows, ...edges.rows]);
    problems.push(...checkReferences(valid, nobodyKnown));
    const byLine = problems.map((p) => [p.file, p.location, p.field]);
    expect(byLine).toEqual(
      expect.arrayContaining([
        ['bad-edges.csv', 'line 3', 'toId'],
        ['bad-edges.csv', 'line 4', 'type'],
        ['bad-edges.csv', 'line 5', 'startDate'],
        ['bad-edges.csv', 'line 6', 'amount.amount'],
        ['bad-edges.csv', 'line 7', 'sourceIds'],
      ]),
    );
    expect(new Set(problems.map((p) => p.location))).toEqual(new Set(['line 3', 'line 4', 'line 5', 'line 6', 'line 7']));
    const reason = (line: string) => problems.find((p) => p.location === line)!.reason;
    expect(reason('line 3')).toBe('no actor, initiative or territory has id "csvfx-nowhere"');
    expect(reason('line 4')).toMatch(/^type must be one of the following values/);
    expect(reason('line 5')).toBe('startDate must be a date: YYYY, YYYY-MM or YYYY-MM-DD');
    expect(reason('line 6')).toBe('amount must be between -1000000000000000 and 1000000000000000');
    expect(reason('line 7')).toBe('sourceIds must name at least one source');
  });

  it('reads semicolons and CRLF line ends, and reports unknown labels, kinds, booleans and columns', async () => {
    const { rows, problems } = await readCsvRows(csv('bad-nodes.csv'));
    expect(problems).toEqual([
      { file: 'bad-nodes.csv', location: 'line 3', field: 'Label', reason: '"Organisation" is not one of Actor, Initiative, Territory, Source' },
    ]);
    expect(rows.find((row) => row.location === 'line 5')!.value).toMatchObject({ name: 'Odd; flag', sse: 'maybe' });
    const invalid = validateRows(rows).problems.map((p) => [p.location, p.field]);
    expect(invalid).toEqual([
      ['line 4', 'kind'],
      ['line 5', 'sse'],
      ['line 6', 'Colour'],
      ['line 7', 'name'],
    ]);
  });

  it('reads Tags as a list on nodes and links, and Kumu\u2019s Direction words as the link direction', async () => {
    const nodes = await readCsvRows(tempFile('nodes.csv', 'Id,Label,Name,Kind,Tags\np1,Actor,Ana,PERSON,board | mayor\nt1,Territory,Tunis,REGION,\n'));
    expect(nodes.rows[0].value).toMatchObject({ id: 'p1', name: 'Ana', kind: 'PERSON', tags: ['board', 'mayor'] });
    const edges = await readCsvRows(
      tempFile('edges.csv', 'From,To,Type,Direction,Tags,Kind,Source IDs\np1,t1,Related to,undirected,informal,Knows,s\np1,t1,Related to,Mutual,,,s\n'),
    );
    expect(edges.rows.map((row) => row.value)).toEqual([
      { fromId: 'p1', toId: 't1', type: 'RELATED_TO', direction: 'UNDIRECTED', tags: ['informal'], kind: 'Knows', sourceIds: ['s'] },
      { fromId: 'p1', toId: 't1', type: 'RELATED_TO', direction: 'MUTUAL', sourceIds: ['s'] },
    ]);
    expect(validateRows([...nodes.rows, ...edges.rows]).problems).toEqual([]);
  });

  it('reports broken quoting and extra cells on their lines, and goes on reading', async () => {
    const file = tempFile(
      'edges.csv',
      'Type,From,To,Source IDs\nFUNDS,a,b,s\nFUNDS,"a"x,b,s\nLEADS,a,b,s,,\nLEADS,a,b,s,extra\nLEADS,c,d,s\nLEADS,"e,f,s\n',
    );
    const { rows, problems } = await readCsvRows(file);
    expect(problems.map((p) => [p.location, p.section, p.reason])).toEqual([
      ['line 5', 'relationships', 'has 5 cells, but the header has 4 columns'],
      ['line 7', 'relationships', expect.stringMatching(/^is not valid CSV: Quote Not Closed/)],
    ]);
    expect(rows.map((row) => row.location)).toEqual(['line 2', 'line 3', 'line 4', 'line 6']);
    expect(validateRows(rows).problems.map((p) => [p.location, p.field])).toEqual([['line 3', 'fromId']]);
  });

  it('says which columns disagree when two spellings of one field differ', async () => {
    const file = tempFile('nodes.csv', 'Id,Label,Name,Kind,Type\nx1,Actor,X,NGO,NGO\nx2,Actor,Y,NGO,OTHER\n');
    const { rows, problems } = await readCsvRows(file);
    expect(rows.map((row) => row.location)).toEqual(['line 2']);
    expect(problems).toEqual([
      { file: 'nodes.csv', location: 'line 3', section: 'actors', field: 'Type', reason: 'gives kind a different value than column "Kind"' },
    ]);
  });

  it('streams a large file record by record', async () => {
    const lines = ['From,To,Type,Source IDs'];
    for (let i = 0; i < 50_000; i++) lines.push(`a${i},b${i},MEMBER_OF,s`);
    const file = tempFile('big-edges.csv', `${lines.join('\n')}\n`);
    const seen: number[] = [];
    const { rows, problems } = await readCsvRows(file, { onRecords: (n) => seen.push(n) });
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(50_000);
    expect(rows[49_999]).toMatchObject({ location: 'line 50001', value: { fromId: 'a49999', toId: 'b49999' } });
    expect(seen.length).toBeGreaterThan(5);
  });

  it('reports a second link of one type between the same nodes when neither has an id', async () => {
    const file = tempFile(
      'edges.csv',
      'Id,Type,From,To,Source IDs,Amount,Currency\n,FUNDS,a,b,s,10,EUR\n,FUNDS,a,b,s,20,EUR\ng1,FUNDS,a,b,s,30,EUR\ng2,FUNDS,a,b,s,40,EUR\n',
    );
    const { valid } = validateRows((await readCsvRows(file)).rows);
    const derived = deriveRelationshipIds(valid);
    expect(valid.relationships.map((row) => row.value.id)).toEqual(['funds:a:b', 'funds:a:b', 'g1', 'g2']);
    const known: KnownIds = { labelOf: () => 'Actor', sourceExists: () => true };
    expect(checkReferences(valid, known, derived)).toEqual([
      {
        file: 'edges.csv',
        location: 'line 3',
        field: 'id',
        reason: 'links without an id are told apart by type, from and to, and the row at edges.csv line 2 has the same: give both an id to keep both',
      },
    ]);
  });

  it('refuses an empty file', async () => {
    await expect(readCsvRows(tempFile('empty.csv', ''))).rejects.toThrow('empty.csv is empty');
  });
});
