import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { jsonDocumentRows, readJsonRows } from '../../src/import/json.reader';
import { ConfigError, loadConfig } from '../../src/config';

function refusal(work: () => unknown): { field: unknown; reason: unknown } {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    const { code, field, reason } = (error as GraphQLError).extensions;
    expect(code).toBe('BAD_USER_INPUT');
    return { field, reason };
  }
  throw new Error('expected a refusal');
}

describe('jsonDocumentRows', () => {
  it('gives each row its section and JSON pointer, sections in import order whatever the key order', () => {
    const rows = jsonDocumentRows(
      { relationships: [{ type: 'FUNDS' }], actors: [{ id: 'a' }, { id: 'b' }], sources: [{ id: 's' }], territories: [] },
      'data',
    );
    expect(rows.map(({ section, location, file }) => [section, location, file])).toEqual([
      ['sources', '/sources/0', 'data'],
      ['actors', '/actors/0', 'data'],
      ['actors', '/actors/1', 'data'],
      ['relationships', '/relationships/0', 'data'],
    ]);
    expect(rows[2].value).toEqual({ id: 'b' });
  });

  it('takes an empty document, and rows it will not judge (that is the validator\'s job)', () => {
    expect(jsonDocumentRows({}, 'data')).toEqual([]);
    expect(jsonDocumentRows({ actors: [null, 1] }, 'data').map((row) => row.value)).toEqual([null, 1]);
  });

  it.each([
    ['null', null, 'data', /must hold an object/],
    ['an array', [{ actors: [] }], 'data', /must hold an object/],
    ['a number', 3, 'data', /must hold an object/],
    ['unknown sections', { actors: [], people: [], things: [] }, 'data', /unknown section\(s\): people, things/],
    ['a section that is not an array', { sources: [], actors: { id: 'a' } }, 'data/actors', /must be an array/],
  ])('refuses %s, naming the document', (_what, document, field, reason) => {
    const refused = refusal(() => jsonDocumentRows(document, 'data'));
    expect(refused.field).toBe(field);
    expect(refused.reason).toMatch(reason);
  });
});

describe('readJsonRows', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gg-json-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('goes through jsonDocumentRows, with the file name standing for the document', async () => {
    const file = path.join(dir, 'people.json');
    writeFileSync(file, JSON.stringify({ actors: [{ id: 'a' }] }));
    expect(await readJsonRows(file)).toEqual([{ section: 'actors', value: { id: 'a' }, file: 'people.json', location: '/actors/0' }]);
    writeFileSync(file, JSON.stringify({ people: [] }));
    await expect(readJsonRows(file)).rejects.toMatchObject({ extensions: { field: 'people.json' } });
    writeFileSync(file, '{ "actors": [');
    await expect(readJsonRows(file)).rejects.toMatchObject({ extensions: { field: 'people.json', reason: expect.stringMatching(/^is not valid JSON/) } });
  });
});

describe('IMPORT_MAX_ROWS', () => {
  it('caps importGraph at 5000 rows unless set', () => {
    expect(loadConfig({}).limits.importMaxRows).toBe(5000);
    expect(loadConfig({ IMPORT_MAX_ROWS: '20000' }).limits.importMaxRows).toBe(20000);
  });

  it.each(['0', '-1', 'many', '20001'])('refuses %s', (value) => {
    expect(() => loadConfig({ IMPORT_MAX_ROWS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ IMPORT_MAX_ROWS: value })).toThrow(/^Invalid configuration: IMPORT_MAX_ROWS /);
  });
});
