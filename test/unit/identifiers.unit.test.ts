import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  describeKey,
  IATI_VARIANTS,
  identifierKey,
  identifierRowsOf,
  isIatiOrgIdentifier,
  keysForText,
  normaliseIdentifier,
} from '../../src/actors/identifiers';
import { isIatiOrgIdentifier as fromIatiIds } from '../../src/import/iati/ids';
import { ActorFilter, ActorInput } from '../../src/actors/actor.input';
import { cleanName, hasMarkup, withCleanNames } from '../../src/common/names';
import { flattenValidationErrors, INPUT_VALIDATION } from '../../src/common/validation-errors';
import { identifierKeysOf, resolveIdentities } from '../../src/import/identity-resolution';
import type { IdentifierHolder } from '../../src/actors/identifier.repository';
import { RawRow, validateRows } from '../../src/import/import.validator';
import type { ValidRows } from '../../src/import/import.document';
import { iatiRows } from '../../src/import/iati.reader';

describe('identifier normalisation', () => {
  it.each([
    ['XM-DAC-41114', 'XM-DAC-41114'],
    ['  xm-dac-41114 ', 'XM-DAC-41114'],
    ['XM\u2013DAC\u201341114', 'XM-DAC-41114'], // en dashes from a word processor
    ['XM-DAC - 41114', 'XM-DAC-41114'],
    ['XM\uFF0DDAC\u221241114', 'XM-DAC-41114'], // full-width hyphen, minus sign
    ['FR-3', 'FR-3'],
    ['GB-GOV-1', 'GB-GOV-1'],
    ['DE-CR-BonnVR8726', 'DE-CR-BONNVR8726'],
    ['KE-NCB-OP/218/051/924/84-NAG', 'KE-NCB-OP/218/051/924/84-NAG'],
  ])('IATI %j is %s', (given, expected) => {
    expect(normaliseIdentifier('IATI', given)).toBe(expected);
  });

  it('maps the known variants of a registry to the spelling used today', () => {
    expect(normaliseIdentifier('IATI', 'GB-1')).toBe('GB-GOV-1');
    expect(normaliseIdentifier('IATI', 'gb-1')).toBe('GB-GOV-1');
    expect(normaliseIdentifier('IATI', 'ES-CIF-G-58236803')).toBe('ES-CIF-G58236803');
    expect(normaliseIdentifier('IATI', 'ES-CIF-G58236803')).toBe('ES-CIF-G58236803');
    expect(normaliseIdentifier('IATI', 'XI-DUNS-1793082')).toBe('XI-DUNS-001793082');
    expect(normaliseIdentifier('IATI', 'XI-DUNS-001793082')).toBe('XI-DUNS-001793082');
    // Only the whole old identifier moved: GB-1's activity ids and other GB numbers are left as they are.
    expect(normaliseIdentifier('IATI', 'GB-1-204805')).toBe('GB-1-204805');
    expect(normaliseIdentifier('IATI', 'GB-13')).toBe('GB-13');
    for (const variant of IATI_VARIANTS) expect(variant.why.length).toBeGreaterThan(20);
  });

  it.each(['Not available', 'Excluded', 'N/A', '-', '0', '', '   ', '46004', 'AU', 'ADRA Denmark', 'Denmark - Ministry of Foreign Affairs', 'UN - Habitat agency', 'XM-'])(
    'never takes the junk ref %j for an IATI identifier',
    (ref) => {
      expect(normaliseIdentifier('IATI', ref)).toBeNull();
      expect(isIatiOrgIdentifier(ref)).toBe(false);
    },
  );

  it('keeps the IATI reader\'s old import of isIatiOrgIdentifier working', () => {
    expect(fromIatiIds).toBe(isIatiOrgIdentifier);
    expect(fromIatiIds('XM-DAC-46004')).toBe(true);
    expect(fromIatiIds('46004')).toBe(false);
  });

  it('normalises Wikidata ids and LEIs, checking the LEI check digits', () => {
    expect(normaliseIdentifier('WIKIDATA', ' q1047 ')).toBe('Q1047');
    expect(normaliseIdentifier('WIKIDATA', 'Q0')).toBeNull();
    expect(normaliseIdentifier('WIKIDATA', 'XM-DAC-41114')).toBeNull();
    expect(normaliseIdentifier('LEI', '5493 001K JTII GC8Y 1R12')).toBe('5493001KJTIIGC8Y1R12');
    expect(normaliseIdentifier('LEI', 'hwupkr0mpou8fgxbt394')).toBe('HWUPKR0MPOU8FGXBT394');
    expect(normaliseIdentifier('LEI', '5493001KJTIIGC8Y1R13')).toBeNull(); // wrong check digits
    expect(normaliseIdentifier('LEI', '5493001KJTIIGC8Y1R1')).toBeNull(); // 19 characters
  });

  it('keys identifiers by scheme and normalised value, and reads a filter\'s text in any scheme', () => {
    expect(identifierKey('IATI', 'gb-1')).toBe('IATI:GB-GOV-1');
    expect(identifierKey('IATI', 'Not available')).toBeNull();
    expect(describeKey('IATI:XM-DAC-41114')).toBe('IATI XM-DAC-41114');
    expect(keysForText('XM-DAC-41114')).toEqual(['IATI:XM-DAC-41114']);
    expect(keysForText('IATI:xm-dac-41114')).toEqual(['IATI:XM-DAC-41114']);
    expect(keysForText('wikidata:Q1047')).toEqual(['WIKIDATA:Q1047']);
    expect(keysForText('Q1047')).toEqual(['WIKIDATA:Q1047']);
    expect(keysForText('LEI:XM-DAC-41114')).toEqual([]);
    expect(keysForText('Not available')).toEqual([]);
  });

  it('gives one row per identifier of an input, citing the actor\'s sources when it names none', () => {
    const rows = identifierRowsOf({
      sourceIds: ['doc'],
      identifiers: [
        { scheme: 'IATI', value: 'gb-1' },
        { scheme: 'IATI', value: 'GB-GOV-1', sourceIds: ['registry'] },
        { scheme: 'WIKIDATA', value: 'Q1047', sourceIds: ['wd'] },
      ],
    });
    expect(rows).toEqual([
      { key: 'IATI:GB-GOV-1', scheme: 'IATI', value: 'GB-GOV-1', sourceIds: ['doc', 'registry'] },
      { key: 'WIKIDATA:Q1047', scheme: 'WIKIDATA', value: 'Q1047', sourceIds: ['wd'] },
    ]);
  });
});

describe('identifier input validation', () => {
  const errorsOf = (input: object, type: new () => object = ActorInput) =>
    flattenValidationErrors(validateSync(plainToInstance(type, input), INPUT_VALIDATION)).map((error) => error.field);

  it('names the field of an unknown scheme or a malformed value', () => {
    const base = { name: 'X', kind: 'NGO' };
    expect(errorsOf({ ...base, identifiers: [{ scheme: 'IATI', value: 'XM-DAC-41114' }] })).toEqual([]);
    expect(errorsOf({ ...base, identifiers: [{ scheme: 'DUNS', value: '001793082' }] })).toEqual(['identifiers.0.scheme']);
    expect(errorsOf({ ...base, identifiers: [{ scheme: 'IATI', value: 'XM-DAC-41114' }, { scheme: 'IATI', value: 'Not available' }] })).toEqual([
      'identifiers.1.value',
    ]);
    expect(errorsOf({ ...base, identifiers: [{ scheme: 'LEI', value: 'ABC' }] })).toEqual(['identifiers.0.value']);
    expect(errorsOf({ identifier: 'Not available' }, ActorFilter)).toEqual(['identifier']);
    expect(errorsOf({ identifier: 'IATI:XM-DAC-41114' }, ActorFilter)).toEqual([]);
  });

  it('refuses a name that is nothing but markup and spaces', () => {
    expect(errorsOf({ name: '<b> </b>', kind: 'NGO' })).toEqual(['name']);
    expect(errorsOf({ name: '<b>ONG</b>', kind: 'NGO' })).toEqual([]);
  });
});

describe('name cleaning', () => {
  it.each([
    ['Handicap International UK <i> (Atlas Logistique) </i>', 'Handicap International UK (Atlas Logistique)'],
    ['Partner <b>Two</b>', 'Partner Two'],
    ['Un<i>ited</i> Nations', 'United Nations'],
    ['Line one<br/>line two', 'Line one line two'],
    ['<p>First</p><p>Second</p>', 'First Second'],
    ['Tom &amp; Jerry &lt;Ltd&gt; &quot;quoted&quot; l&#39;ONG&nbsp;ici', 'Tom & Jerry <Ltd> "quoted" l\'ONG ici'],
    ['Oxfam Interm&#xF3;n', 'Oxfam Intermón'],
    ['  Coopérative\n  "La Fabrique",\tTunis  ', 'Coopérative "La Fabrique", Tunis'],
    ['a < b and c > d', 'a < b and c > d'],
    ['written &lt;i&gt;escaped&lt;/i&gt; on purpose', 'written <i>escaped</i> on purpose'],
    ['&unknown; stays', '&unknown; stays'],
  ])('%j is stored as %j', (given, stored) => {
    expect(cleanName(given)).toBe(stored);
  });

  it('tells markup apart from angle brackets in text', () => {
    expect(hasMarkup('UK <i> (Atlas Logistique) </i>')).toBe(true);
    expect(hasMarkup('a < b and c > d')).toBe(false);
    expect(hasMarkup(undefined)).toBe(false);
  });

  it('keeps the name as given in originalName only when cleaning changed it, and cleans aliases', () => {
    expect(withCleanNames({ name: 'Partner <b>Two</b>', aliases: ['P&amp;T', ' P2 ', '<i></i>', 'P2'] })).toEqual({
      name: 'Partner Two',
      originalName: 'Partner <b>Two</b>',
      aliases: ['P&T', 'P2'],
    });
    expect(withCleanNames({ name: 'Partner Two' })).toEqual({ name: 'Partner Two', originalName: null });
    expect(withCleanNames({ kind: 'NGO' })).toEqual({ kind: 'NGO' });
  });
});

describe('the IATI reader', () => {
  it('gives an org with a well-formed ref its IATI identifier, and none to a junk ref', () => {
    const xml = `<?xml version="1.0"?>
<iati-activities version="2.03">
 <iati-activity default-currency="EUR">
  <iati-identifier>XX-1-A</iati-identifier>
  <reporting-org ref="XX-1" type="21"><narrative>Reporter</narrative></reporting-org>
  <title><narrative>Title</narrative></title>
  <participating-org ref="XM-DAC-41114" role="4" type="40"><narrative>UNDP</narrative></participating-org>
  <participating-org ref="Not available" role="4"><narrative>Someone</narrative></participating-org>
  <participating-org ref="46004" role="1"><narrative>AsDB</narrative></participating-org>
 </iati-activity>
</iati-activities>`;
    const { rows } = iatiRows([{ file: 'ids.xml', xml }]);
    const actors = Object.fromEntries(rows.filter((r) => r.section === 'actors').map((r) => [(r.value as { id: string }).id, r.value as Record<string, unknown>]));
    expect(actors['XM-DAC-41114'].identifiers).toEqual([{ scheme: 'IATI', value: 'XM-DAC-41114' }]);
    expect(actors['XX-1'].identifiers).toEqual([{ scheme: 'IATI', value: 'XX-1' }]);
    expect(actors['Not-available'].identifiers).toBeUndefined();
    expect(actors['46004'].identifiers).toBeUndefined();
  });
});

describe('import resolution by identifier', () => {
  const row = (location: string, value: object): RawRow => ({ section: 'actors', file: 'rows.json', location, value });
  const link = (location: string, value: object): RawRow => ({ section: 'relationships', file: 'rows.json', location, value });
  const validOf = (rows: RawRow[]): ValidRows => {
    const { valid, problems } = validateRows(rows);
    expect(problems).toEqual([]);
    return valid;
  };
  const undp: IdentifierHolder = { actorId: 'undp', name: 'United Nations Development Programme', originalName: null, kind: 'INTERNATIONAL_ORGANISATION' };

  it('resolves a row to the actor holding its identifier, whatever its id, and points the links at it', () => {
    const valid = validOf([
      row('/actors/0', { id: 'XM-DAC-41114', name: 'UNDP', kind: 'OTHER', orgRef: 'XM-DAC-41114', sourceIds: ['iati-file'] }),
      row('/actors/1', { id: 'US-GOV-1', name: 'USAID', kind: 'PUBLIC_AUTHORITY', identifiers: [{ scheme: 'IATI', value: 'US-GOV-1' }] }),
      link('/relationships/0', { type: 'FUNDS', fromId: 'US-GOV-1', toId: 'XM-DAC-41114', reportingOrgId: 'XM-DAC-41114', sourceIds: ['iati-file'] }),
    ]);
    expect(identifierKeysOf(valid.actors).sort()).toEqual(['IATI:US-GOV-1', 'IATI:XM-DAC-41114']);
    const resolved = resolveIdentities(valid, new Map([['IATI:XM-DAC-41114', undp]]));
    expect(resolved.problems).toEqual([]);
    expect(resolved.warnings).toEqual([
      { file: 'rows.json', location: '/actors/0', field: 'id', reason: 'resolved to existing actor "undp" by identifier IATI XM-DAC-41114' },
    ]);
    // The existing actor keeps its name, kind and sources; it gains the identifier, citing the row's source.
    expect(resolved.valid.actors.map((r) => ({ ...r.value }))).toEqual([
      {
        id: 'undp',
        name: 'United Nations Development Programme',
        kind: 'INTERNATIONAL_ORGANISATION',
        identifiers: [expect.objectContaining({ scheme: 'IATI', value: 'XM-DAC-41114', sourceIds: ['iati-file'] })],
      },
      expect.objectContaining({ id: 'US-GOV-1', name: 'USAID' }),
    ]);
    expect(resolved.valid.relationships[0].value).toMatchObject({ fromId: 'US-GOV-1', toId: 'undp', reportingOrgId: 'undp' });
  });

  it('makes two rows of one import that share an identifier one actor: the row whose id is the identifier', () => {
    const valid = validOf([
      row('/actors/0', { id: 'GB-1', name: 'DFID', kind: 'PUBLIC_AUTHORITY', orgRef: 'GB-1', aliases: ['UK aid'], sourceIds: ['a'] }),
      row('/actors/1', { id: 'GB-GOV-1', name: 'FCDO', kind: 'PUBLIC_AUTHORITY', identifiers: [{ scheme: 'IATI', value: 'GB-GOV-1' }], sourceIds: ['b'] }),
      link('/relationships/0', { type: 'FUNDS', fromId: 'GB-1', toId: 'GB-GOV-1', sourceIds: ['a'] }),
    ]);
    identifierKeysOf(valid.actors);
    const resolved = resolveIdentities(valid, new Map());
    expect(resolved.warnings).toEqual([
      {
        file: 'rows.json',
        location: '/actors/0',
        field: 'id',
        reason: 'resolved to actor "GB-GOV-1" of the row at rows.json /actors/1 by identifier IATI GB-GOV-1',
      },
    ]);
    expect(resolved.valid.actors).toHaveLength(1);
    expect(resolved.valid.actors[0].value).toMatchObject({ id: 'GB-GOV-1', name: 'FCDO', aliases: ['UK aid', 'DFID'], sourceIds: ['b', 'a'], orgRef: 'GB-1' });
    expect(identifierRowsOf(resolved.valid.actors[0].value)).toEqual([{ key: 'IATI:GB-GOV-1', scheme: 'IATI', value: 'GB-GOV-1', sourceIds: ['b', 'a'] }]);
    expect(resolved.valid.relationships[0].value).toMatchObject({ fromId: 'GB-GOV-1', toId: 'GB-GOV-1' });
  });

  it('leaves rows alone that hold their own identifiers or none, and refuses a row that two actors claim', () => {
    const valid = validOf([
      row('/actors/0', { id: 'undp', name: 'UNDP', kind: 'INTERNATIONAL_ORGANISATION', identifiers: [{ scheme: 'IATI', value: 'XM-DAC-41114' }] }),
      row('/actors/1', { id: 'plain', name: 'Plain', kind: 'NGO', orgRef: 'Not available' }),
      row('/actors/2', { id: 'both', name: 'Both', kind: 'NGO', identifiers: [{ scheme: 'IATI', value: 'FR-3' }, { scheme: 'WIKIDATA', value: 'Q1' }] }),
    ]);
    identifierKeysOf(valid.actors);
    const afd: IdentifierHolder = { actorId: 'afd', name: 'AFD', originalName: null, kind: 'DEVELOPMENT_AGENCY' };
    const other: IdentifierHolder = { actorId: 'other', name: 'Other', originalName: null, kind: 'OTHER' };
    const resolved = resolveIdentities(valid, new Map([['IATI:XM-DAC-41114', undp], ['IATI:FR-3', afd], ['WIKIDATA:Q1', other]]));
    expect(resolved.warnings).toEqual([]);
    expect(resolved.problems).toEqual([
      {
        file: 'rows.json',
        location: '/actors/2',
        field: 'identifiers',
        reason: 'IATI FR-3 identifies actor "afd" and WIKIDATA Q1 identifies actor "other": merge those actors first',
      },
    ]);
    expect(resolved.valid.actors.map((r) => r.value.id)).toEqual(['undp', 'plain', 'both']);
    expect(resolved.valid.actors[1].value.identifiers).toBeUndefined();
  });
});
