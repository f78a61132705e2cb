import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ActorInput } from '../../src/actors/actor.input';
import { RelationshipInput } from '../../src/relationships/relationship.input';
import { SourceInput } from '../../src/sources/source.input';
import { flattenValidationErrors } from '../../src/common/validation-errors';
import { attributesOf, storedAttributes, storedTags, withTagsAndAttributes } from '../../src/common/free-attributes';
import { toWrite } from '../../src/relationships/relationship.service';
import { ALLOWED_ENDPOINTS, endpointsAllowed, NODE_LABELS } from '../../src/relationships/relationship-kinds';

/** The problems of an input as the API and the importers see them (the importers' options). */
function problemsOf<T extends object>(cls: new () => T, value: Record<string, unknown>): string[] {
  const instance = plainToInstance(cls, value);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
  return flattenValidationErrors(errors).flatMap((error) => error.reasons.map((reason) => `${error.field}: ${reason}`));
}

const actor = (extra: Record<string, unknown>) => problemsOf(ActorInput, { name: 'Ana Pérez', kind: 'PERSON', ...extra });

describe('IsFlatAttributes', () => {
  it('accepts strings, finite numbers, booleans and lists of one of those, under any file column name', () => {
    expect(
      actor({
        attributes: {
          'Board seat': 'Vice-présidente',
          'Year joined': 2019,
          Weight: -0.5,
          Active: true,
          'Also known as': ['Ana', 'A. Pérez'],
          Scores: [1, 2.5],
          Flags: [true, false],
          Nothing: [],
          Long: 'x'.repeat(5000),
        },
      }),
    ).toEqual([]);
  });

  it('refuses a nested object, naming the key', () => {
    const [problem, ...rest] = actor({ attributes: { Name: 'ok', Address: { city: 'Tunis' } } });
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^attributes: attributes key "Address" is an object; each value must be a string, a finite number, a boolean or a list/);
  });

  it('refuses lists inside lists, mixed lists, null values and lists over 100 items, naming the key', () => {
    expect(actor({ attributes: { Grid: [[1, 2]] } })).toEqual([expect.stringContaining('key "Grid" holds a list inside a list')]);
    expect(actor({ attributes: { Mixed: ['a', 1] } })).toEqual([expect.stringContaining('key "Mixed" is a list that mixes number and string items')]);
    expect(actor({ attributes: { Empty: null } })).toEqual([expect.stringContaining('key "Empty" is null')]);
    expect(actor({ attributes: { Many: Array.from({ length: 101 }, (_, i) => i) } })).toEqual([
      expect.stringContaining('key "Many" is a list of 101 items, more than 100'),
    ]);
    expect(actor({ attributes: { Items: ['ok', 'y'.repeat(5001)] } })).toEqual([expect.stringContaining('key "Items" item 1 is 5001 characters long')]);
  });

  it('refuses more than 200 keys', () => {
    const attributes = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`column ${i}`, i]));
    expect(actor({ attributes })).toEqual([expect.stringContaining('has 201 keys, more than 200')]);
    expect(actor({ attributes: Object.fromEntries(Object.entries(attributes).slice(0, 200)) })).toEqual([]);
  });

  it('refuses a string over 5000 characters, an empty or a too long key, and something not an object', () => {
    expect(actor({ attributes: { Notes: 'n'.repeat(5001) } })).toEqual([expect.stringContaining('key "Notes" is 5001 characters long, more than 5000')]);
    expect(actor({ attributes: { '': 1 } })).toEqual([expect.stringContaining('has an empty key')]);
    expect(actor({ attributes: { ['k'.repeat(101)]: 1 } })).toEqual([expect.stringContaining('is 101 characters long, more than 100')]);
    expect(actor({ attributes: ['a'] })).toEqual([expect.stringContaining('must be an object of attribute names to values')]);
    expect(actor({ attributes: { Ratio: Number.NaN } })).toEqual([expect.stringContaining('key "Ratio" is not a finite number')]);
  });

  it('applies to links too', () => {
    const link = { type: 'RELATED_TO', fromId: 'a', toId: 'b', sourceIds: ['s'], kind: 'Knows', direction: 'UNDIRECTED' };
    expect(problemsOf(RelationshipInput, { ...link, attributes: { Strength: 3 }, tags: ['informal'] })).toEqual([]);
    expect(problemsOf(RelationshipInput, { ...link, attributes: { Since: { year: 2019 } } })).toEqual([expect.stringContaining('key "Since" is an object')]);
    expect(problemsOf(RelationshipInput, { ...link, direction: 'SIDEWAYS' })).toEqual([expect.stringMatching(/^direction: /)]);
  });
});

describe('IsTags', () => {
  it('takes up to 100 tags of 1-100 characters once trimmed', () => {
    expect(actor({ tags: ['  board  ', 'mayor'] })).toEqual([]);
    expect(actor({ tags: Array.from({ length: 100 }, (_, i) => `t${i}`) })).toEqual([]);
    expect(actor({ tags: Array.from({ length: 101 }, (_, i) => `t${i}`) })).toEqual([expect.stringMatching(/^tags: tags must contain no more than 100 elements/)]);
    expect(actor({ tags: ['   '] })).toEqual(['tags: tags must each be 1-100 characters once trimmed']);
    expect(actor({ tags: [` ${'t'.repeat(100)} `] })).toEqual([]);
    expect(actor({ tags: ['t'.repeat(101)] })).toEqual(['tags: tags must each be 1-100 characters once trimmed']);
    expect(actor({ tags: [3] })).toEqual([expect.stringContaining('each value in tags must be a string')]);
  });
});

describe('Source checksum', () => {
  const source = (checksum: unknown) => problemsOf(SourceInput, { title: 'kumu-export.xlsx', checksum });
  it('is a sha256 in lowercase hex', () => {
    expect(source('a'.repeat(64))).toEqual([]);
    expect(source('A'.repeat(64))).toEqual(['checksum: checksum must be a sha256: 64 lowercase hexadecimal characters']);
    expect(source('a'.repeat(63))).toHaveLength(1);
    expect(source('g'.repeat(64))).toHaveLength(1);
  });
});

describe('stored tags and attributes', () => {
  it('stores attributes as one JSON text with sorted keys, read back as the same object', () => {
    const text = storedAttributes({ b: 1, a: ['x'], 'Z col': true });
    expect(text).toBe('{"Z col":true,"a":["x"],"b":1}');
    expect(storedAttributes({ 'Z col': true, b: 1, a: ['x'] })).toBe(text);
    expect(attributesOf(text)).toEqual({ b: 1, a: ['x'], 'Z col': true });
    expect(attributesOf(undefined)).toBeNull();
  });

  it('stores tags trimmed and each once; leaves absent fields absent and keeps null (which removes them)', () => {
    expect(storedTags([' a ', 'b', 'a'])).toEqual(['a', 'b']);
    expect(withTagsAndAttributes({ name: 'x' })).toEqual({ name: 'x' });
    expect(withTagsAndAttributes({ tags: null, attributes: null })).toEqual({ tags: null, attributes: null });
    expect(withTagsAndAttributes({ tags: [' t '], attributes: { k: 1 } })).toEqual({ tags: ['t'], attributes: '{"k":1}' });
  });

  it('writes a link\u2019s direction only when given, and its attributes as JSON text', () => {
    const base = { type: 'RELATED_TO' as const, fromId: 'a', toId: 't', sourceIds: ['s'] };
    expect(toWrite(Object.assign(new RelationshipInput(), base), 'Actor', 'Territory').props).not.toHaveProperty('direction');
    const write = toWrite(
      Object.assign(new RelationshipInput(), { ...base, kind: 'Knows', direction: 'UNDIRECTED', tags: ['x '], attributes: { w: 2 } }),
      'Actor',
      'Territory',
    );
    expect(write.props).toMatchObject({ kind: 'Knows', direction: 'UNDIRECTED', tags: ['x'], attributes: '{"w":2}' });
  });
});

describe('RELATED_TO', () => {
  it('joins every ordered pair of actors, initiatives and territories', () => {
    expect(ALLOWED_ENDPOINTS.RELATED_TO).toHaveLength(9);
    for (const from of NODE_LABELS) for (const to of NODE_LABELS) expect(endpointsAllowed('RELATED_TO', from, to)).toBe(true);
  });
});
