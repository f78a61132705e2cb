import { compareNames, foldText, nameTexts, statedAcronyms, variantOf, withoutMarkup, wordSimilarity } from '../../src/duplicates/duplicate-names';
import { compareIdentifiers, identifierOfOrgRef, identifiersOf, registerCountry } from '../../src/duplicates/duplicate-identifiers';
import { ActorRecord, Blocks, blockingKeys, NameStatistics, profileOf } from '../../src/duplicates/duplicate-blocking';
import { combine, DEFAULT_MIN_SCORE, DuplicateIndex, neighbourEvidence, scorePair, specificity, WEIGHTS } from '../../src/duplicates/duplicate.service';

function actor(id: string, name: string, more: Partial<ActorRecord> = {}): ActorRecord {
  return { id, name, originalName: null, aliases: [], acronym: null, kind: 'NGO', countryCode: null, orgRef: null, identifiers: [], ...more };
}

/** Scores a pair among some other actors, which set how common each word is. */
function score(a: ActorRecord, b: ActorRecord, others: ActorRecord[] = [], shared: Parameters<typeof scorePair>[3] = []) {
  const profiles = [a, b, ...others].map(profileOf);
  return scorePair(profiles[0], profiles[1], new NameStatistics(profiles), shared);
}

const BACKGROUND = [
  actor('o1', 'World Vision Germany'),
  actor('o2', 'International Rescue Committee'),
  actor('o3', 'Norwegian Refugee Council'),
  actor('o4', 'Danish Refugee Council'),
  actor('o5', 'Fundación Educación y Cooperación'),
  actor('o6', 'Ministry of Health'),
];

describe('names, compared accent-, case- and markup-insensitively', () => {
  it('decodes the character references and strips the markup IATI files keep in names', () => {
    expect(withoutMarkup('Oxfam Interm&#xF3;n')).toBe('Oxfam Intermón');
    expect(withoutMarkup('Handicap International UK <i> (Atlas Logistique) </i>')).toBe('Handicap International UK (Atlas Logistique)');
    expect(withoutMarkup('Humanitarian Aid &amp; Civil Protection')).toBe('Humanitarian Aid & Civil Protection');
    expect(foldText('FUNDACIÓN OXFAM INTERMÓN')).toBe('fundacion oxfam intermon');
    expect(foldText('U.S. Government - Department of Agriculture')).toBe('us government department of agriculture');
    expect(foldText('Ørsted Fonden Straße')).toBe('orsted fonden strasse');
  });

  it('reads the parts of a name: without and inside parentheses; a list of one body is that body, of several their grouping', () => {
    expect(nameTexts(['GIZ (Gesellschaft für Internationale Zusammenarbeit)'])).toEqual([
      'GIZ (Gesellschaft für Internationale Zusammenarbeit)',
      'GIZ',
      'Gesellschaft für Internationale Zusammenarbeit',
    ]);
    expect(nameTexts(['Ministry of Finance;Ministry of Finance'])).toEqual(['Ministry of Finance']);
    expect(nameTexts(['Ministry of Health;Ministry of Finance'])).toEqual(['Ministry of Health; Ministry of Finance']);
  });

  it('finds the acronyms an actor states, not capitalised words that name someone else', () => {
    expect(statedAcronyms(['United Nations Development Programme (UNDP)'], null)).toEqual(['undp']);
    expect(statedAcronyms(['KfW Bankengruppe (KfW)'], null)).toEqual(['kfw']);
    expect(statedAcronyms(['CEOSS'], 'AFD')).toEqual(['afd', 'ceoss']);
    expect(statedAcronyms(['Comité LESD CGLU', 'CARE International UK'], null)).toEqual([]);
    expect(variantOf('Kreditanstalt für Wiederaufbau')!.initials).toEqual(['kfw']);
    expect(variantOf('United Nations Development Programme')!.initials).toEqual(['undp']);
  });

  it('counts spelling variants as nearly the same word, and nothing else', () => {
    expect(wordSimilarity('organisation', 'organization')).toBeGreaterThan(0.9);
    expect(wordSimilarity('program', 'programme')).toBe(0.9);
    expect(wordSimilarity('danmark', 'denmark')).toBeGreaterThan(0.85);
    expect(wordSimilarity('germany', 'denmark')).toBe(0);
    expect(wordSimilarity('india', 'indie')).toBe(0.8);
    expect(wordSimilarity('uk', 'us')).toBe(0);
  });

  it('weighs shared words by rarity: a rare word only one name has pulls the similarity down', () => {
    const statistics = new NameStatistics([...BACKGROUND, actor('x', 'World Vision India')].map(profileOf));
    const similarity = (a: string, b: string) => compareNames(variantOf(a)!, variantOf(b)!, statistics.wordWeight).similarity;
    expect(similarity('Fonden Augustinus', 'Augustinus Fonden')).toBe(1);
    expect(similarity('United Nations Peace Building Fund', 'United Nations Peacebuilding Fund')).toBe(1);
    expect(similarity('World Vision India', 'World Vision Germany')).toBeLessThan(0.5);
    expect(similarity('Oxfam Intermón', 'FUNDACIÓ INTERMÓN OXFAM')).toBeGreaterThan(0.6);
  });
});

describe('identifiers', () => {
  it('reads org refs as (a)\'s IATI keys, with the bare DAC codes and Spanish CIFs publishers give, and no placeholders', () => {
    expect(identifierOfOrgRef('XM-DAC-41114')).toMatchObject({ key: 'IATI:XM-DAC-41114', register: 'XM-DAC', number: '41114', readAs: null });
    expect(identifierOfOrgRef('46004')).toMatchObject({ key: 'IATI:XM-DAC-46004', readAs: 'DAC code XM-DAC-46004' });
    expect(identifierOfOrgRef('G58236803')).toMatchObject({ key: 'IATI:ES-CIF-G58236803', register: 'ES-CIF' });
    expect(identifierOfOrgRef('ES-CIF-G-8236803')).toMatchObject({ key: 'IATI:ES-CIF-G8236803', register: 'ES-CIF', number: 'G8236803' });
    expect(identifierOfOrgRef('XI-DUNS-1793082')!.key).toBe(identifierOfOrgRef('XI-DUNS-001793082')!.key);
    expect(identifierOfOrgRef('DE-1')).toMatchObject({ register: 'DE', number: '1' });
    for (const junk of ['Not available', 'Excluded', 'ADRA Danmark', 'AU', '', null]) expect(identifierOfOrgRef(junk)).toBeNull();
    expect(identifiersOf([{ key: 'IATI:XM-DAC-41114', scheme: 'IATI', value: 'XM-DAC-41114' }], 'XM-DAC-41114')).toHaveLength(1);
    expect(registerCountry('GB-CHC')).toBe('GB');
    expect(registerCountry('XM-DAC')).toBeNull();
    expect(registerCountry('WIKIDATA')).toBeNull();
  });

  it('tells the same identifier, a mistyped one, a sub-code, two organisations and two countries apart', () => {
    const ids = (...refs: string[]) => refs.map((ref) => identifierOfOrgRef(ref)!);
    expect(compareIdentifiers(ids('46004'), ids('XM-DAC-46004')).same).toHaveLength(1);
    expect(compareIdentifiers(ids('ES-CIF-G-8236803'), ids('G58236803')).near).toHaveLength(1);
    expect(compareIdentifiers(ids('XM-DAC-3'), ids('XM-DAC-3-1')).nested).toHaveLength(1);
    expect(compareIdentifiers(ids('GB-COH-213890'), ids('GB-COH-03732267')).conflicting).toHaveLength(1);
    expect(compareIdentifiers(ids('GB-CHC-1082565'), ids('FR-RCS-519655997')).countries).toEqual({ a: ['GB'], b: ['FR'] });
    // An international register next to a national one says nothing: Fondo Mujeres del Sur has both.
    expect(compareIdentifiers(ids('AR-CENOC-16969-A'), ids('XI-IATI-359A08'))).toEqual({ same: [], near: [], nested: [], conflicting: [], countries: null });
  });
});

describe('the score', () => {
  it('stays in [0, 1], evidence for raising it and evidence against lowering it', () => {
    expect(combine({ for: [], against: [] })).toBe(0);
    expect(combine({ for: [{ strength: 1, reason: '' }, { strength: 0.9, reason: '' }], against: [] })).toBe(1);
    expect(combine({ for: [{ strength: 0.9, reason: '' }], against: [{ strength: 0.6, reason: '' }] })).toBe(0.36);
    expect(specificity(2)).toBe(1);
    expect(specificity(8)).toBe(0.5);
  });

  it('trusts an identifier written two ways', () => {
    const { score: value, reasons } = score(actor('a', 'Asian Development Bank', { orgRef: '46004' }), actor('b', 'ADB', { orgRef: 'XM-DAC-46004' }), BACKGROUND);
    expect(value).toBeGreaterThanOrEqual(WEIGHTS.sameIdentifier);
    expect(reasons[0]).toBe('same identifier IATI XM-DAC-46004: "46004" (read as the DAC code XM-DAC-46004) and "XM-DAC-46004"');
  });

  it('pairs an acronym with the name it spells', () => {
    const { score: value, reasons } = score(actor('a', 'UNDP'), actor('b', 'United Nations Development Programme'), BACKGROUND);
    expect(value).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
    expect(reasons).toContain('names "UNDP" and "United Nations Development Programme": acronym of the other');
  });

  it('finds Oxfam Intermón under its two refs, one of them mistyped', () => {
    const { score: value, reasons } = score(
      actor('a', 'Oxfam Interm&#xF3;n', { orgRef: 'ES-CIF-G-8236803' }),
      actor('b', 'FUNDACIO INTERMON OXFAM', { orgRef: 'G58236803', kind: 'OTHER' }),
      BACKGROUND,
    );
    expect(value).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
    expect(reasons[0]).toMatch(/^name similarity 0\.\d\d \("Oxfam Intermón" ~ "FUNDACIO INTERMON OXFAM"\)$/);
    expect(reasons[1]).toMatch(/differ by one character \(the same ES-CIF number mistyped\?\)$/);
  });

  it('keeps two registered organisations apart, however alike their names', () => {
    const uk = actor('a', 'Save the Children UK', { orgRef: 'GB-COH-213890' });
    const international = actor('b', 'Save the Children International', { orgRef: 'GB-COH-03732267' });
    const { score: value, reasons } = score(uk, international, BACKGROUND);
    expect(value).toBeLessThan(DEFAULT_MIN_SCORE);
    expect(reasons).toContain('against: different identifiers in one register (GB-COH), "GB-COH-213890" and "GB-COH-03732267": two registered organisations');
    const echo = actor('c', 'European Commission - Humanitarian Aid & Civil Protection', { orgRef: 'XI-IATI-EC_ECHO' });
    const devco = actor('d', 'European Commission - Humanitarian Aid &amp; Civil Protection', { orgRef: 'XI-IATI-EC_DEVCO' });
    expect(score(echo, devco, BACKGROUND).score).toBeLessThan(DEFAULT_MIN_SCORE);
  });

  it('counts different countries, a negation and a generic name against; the same country and kind a little for', () => {
    const elsewhere = score(actor('a', 'Coopérative Sol Vamar', { countryCode: 'PE' }), actor('b', 'Cooperative Sol Vamar', { countryCode: 'FR' }), BACKGROUND);
    expect(elsewhere.reasons).toContain('against: different countries PE and FR');
    expect(elsewhere.score).toBeLessThan(DEFAULT_MIN_SCORE + 0.05);
    const here = score(actor('a', 'Coopérative Sol Vamar', { countryCode: 'PE' }), actor('b', 'Cooperative Sol Vamar', { countryCode: 'PE' }), BACKGROUND);
    expect(here.reasons).toEqual(['same name: "Coopérative Sol Vamar" and "Cooperative Sol Vamar"', 'same country PE and kind NGO']);
    const negated = score(actor('a', 'Enterprise - Non United States Other'), actor('b', 'Enterprise - United States Other'), BACKGROUND);
    expect(negated.score).toBeLessThan(DEFAULT_MIN_SCORE);
    expect(negated.reasons).toContain('against: "non" in only one of "Enterprise - Non United States Other" and "Enterprise - United States Other"');
    const countries = ['Kenya', 'Peru', 'Chile', 'Laos', 'Nepal', 'Fiji', 'Mali', 'Togo', 'Benin', 'Niger', 'Ghana', 'Samoa'];
    const ministries = countries.map((country, i) => actor(`m${i}`, `Ministry of Finance and Planning, ${country}`));
    const generic = score(actor('a', 'Ministry of Finance'), actor('b', 'Ministry of Finance;Ministry of Finance'), [...BACKGROUND, ...ministries]);
    expect(generic.score).toBeLessThan(DEFAULT_MIN_SCORE);
    expect(generic.reasons[0]).toMatch(/^same name "Ministry of Finance", but the words they share \(finance ministry\) are in 13 different names$/);
  });

  it('adds shared partners, each the less the more links it has, up to a cap', () => {
    expect(neighbourEvidence([])).toBeNull();
    const few = neighbourEvidence([{ id: 'p', name: 'Danish Refugee Council', degree: 2 }])!;
    const hub = neighbourEvidence([{ id: 'h', name: 'USAID', degree: 5000 }])!;
    expect(few.strength).toBeGreaterThan(hub.strength);
    expect(few.reason).toBe('1 shared partner or funder ("Danish Refugee Council")');
    const many = neighbourEvidence(Array.from({ length: 10 }, (_, i) => ({ id: `n${i}`, name: `N${i}`, degree: 2 })))!;
    expect(many.strength).toBe(WEIGHTS.sharedNeighboursCap);
    expect(many.reason).toBe('10 shared partners or funders ("N0", "N1", "N2" and 7 more)');
    const pair = [actor('a', 'Ground Truth Solutions'), actor('b', 'Ground Truth Solutions (GTS)')] as const;
    expect(score(...pair, BACKGROUND, [{ id: 'p', name: 'Danish Refugee Council', degree: 3 }]).score).toBeGreaterThan(score(...pair, BACKGROUND).score);
  });
});

describe('blocking', () => {
  it('compares only actors that share a rare key, never all pairs', () => {
    const records = [
      actor('a', 'Oxfam Intermón'),
      actor('b', 'FUNDACIÓ INTERMÓN OXFAM'),
      actor('c', 'Danish Refugee Council'),
      actor('d', 'UNDP'),
      actor('e', 'United Nations Development Programme'),
      actor('f', 'Pact World', { orgRef: 'US-EIN-13-2702768' }),
      actor('g', 'PACT', { orgRef: 'US-EIN-13-2702768' }),
    ];
    const profiles = records.map(profileOf);
    expect(blockingKeys(profiles[5])).toEqual(expect.arrayContaining(['w:pact', 'w:world', 'n:pactworld', 'i:IATI:US-EIN-13-2702768']));
    const pairs = new Blocks(profiles, { maxBlockSize: 25, maxPairs: 1000 }).pairs().map(([i, j]) => `${records[i].id}${records[j].id}`);
    expect(pairs.sort()).toEqual(['ab', 'de', 'fg']);
  });

  it('drops keys more actors share than the block size, and stops at the pair budget, rarest keys first', () => {
    // Thirty actors named alike share every key with 29 others: too common to pair on.
    const records = Array.from({ length: 30 }, (_, i) => actor(`n${i}`, 'Association Solidarité'));
    records.push(actor('twin-1', 'Association Zyxwv'), actor('twin-2', 'Zyxwv Association'));
    const profiles = records.map(profileOf);
    const pairs = new Blocks(profiles, { maxBlockSize: 25, maxPairs: 1000 }).pairs();
    expect(pairs.map(([i, j]) => [records[i].id, records[j].id])).toEqual([['twin-1', 'twin-2']]);
    const tight = new Blocks(profiles, { maxBlockSize: 40, maxPairs: 3 }).pairs();
    expect(tight).toHaveLength(3);
    expect(tight.map(([i, j]) => [records[i].id, records[j].id])).toContainEqual(['twin-1', 'twin-2']);
  });

  it('with one actor, gives only its pairs, best first', () => {
    const index = new DuplicateIndex([
      actor('undp', 'United Nations Development Programme', { acronym: 'UNDP', aliases: ['PNUD'] }),
      actor('x', 'United Nations Development Programme (UNDP)', { orgRef: 'XM-DAC-41114' }),
      actor('y', 'UNDP'),
      actor('z', 'United Nations Capital Development Fund', { orgRef: 'XM-DAC-41111' }),
      ...BACKGROUND,
    ]);
    const pairs = index.pairsOf(index.indexOf('y')!);
    expect(pairs.every((pair) => index.profiles[pair.a].record.id === 'y' || index.profiles[pair.b].record.id === 'y')).toBe(true);
    expect(pairs.map((pair) => pair.base)).toEqual([...pairs.map((pair) => pair.base)].sort((p, q) => q - p));
    expect(index.ranked[0].base).toBeGreaterThanOrEqual(DEFAULT_MIN_SCORE);
    expect(index.indexOf('nobody')).toBeUndefined();
  });
});
