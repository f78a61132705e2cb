import { distance } from 'fastest-levenshtein';

/**
 * How names are compared when looking for duplicates: accent-, case- and markup-insensitively,
 * word by word. Pure functions, so the rules unit-test without Neo4j.
 */

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * IATI files publish names with their markup and their character references still escaped
 * ("Interm&#xF3;n", "<i> (Atlas Logistique) </i>"), and the import keeps them as published.
 */
export function withoutMarkup(text: string): string {
  if (!/[&<]/.test(text)) return text.replace(/\s+/g, ' ').trim();
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&([a-z]+);/gi, (whole, name: string) => NAMED_ENTITIES[name.toLowerCase()] ?? whole)
    .replace(/<[^<>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Letters that NFKD does not split into a base letter and an accent.
const UNSPLIT_LETTERS: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** Lower case, no accents, no markup; dots dropped so that "U.S." and "e.V." stay one word. */
export function foldText(text: string): string {
  return foldClean(withoutMarkup(text));
}

function withoutAccents(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[øæœßłđðþı]/g, (letter) => UNSPLIT_LETTERS[letter]);
}

function foldClean(clean: string): string {
  return withoutAccents(clean)
    .replace(/\./g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Words that carry no identity in the languages of the data (English, French, Spanish, German,
 * Danish, Italian). Words such as "international", "foundation" or "united" are kept: they tell
 * "World Vision International" from "World Vision Germany", and how common they are is weighed
 * by their frequency in the graph instead (see NameStatistics).
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'the', 'of', 'for', 'and', 'in', 'on', 'at', 'to', 'by', 'with', 'an',
  'de', 'del', 'della', 'di', 'da', 'do', 'dos', 'das', 'du', 'des', 'la', 'le', 'les', 'el', 'los', 'las',
  'et', 'en', 'pour', 'par', 'sur', 'aux', 'au', 'por', 'para', 'con', 'al', 'y',
  'und', 'fur', 'fuer', 'der', 'die', 'dem', 'den', 'von', 'zu', 'og', 'af', 'til', 'med',
]);

/** Legal forms: "Chemonics International, Inc." and "Chemonics International" are one name. */
export const LEGAL_FORMS: ReadonlySet<string> = new Set([
  'inc', 'ltd', 'llc', 'llp', 'plc', 'corp', 'gmbh', 'ev', 'ug', 'gemeinn', 'ag', 'sa', 'sl', 'sas', 'sarl', 'sccl', 'srl',
  'spa', 'bv', 'nv', 'npc', 'limited', 'incorporated',
]);

/** Words that turn a name into its opposite: "Enterprise - Non United States Other". */
export const NEGATING_WORDS: ReadonlySet<string> = new Set(['non', 'not', 'no', 'sans', 'sin', 'ohne', 'ikke', 'without']);

function isSignificant(word: string): boolean {
  return word.length > 1 && !FUNCTION_WORDS.has(word) && !LEGAL_FORMS.has(word);
}

/** The words of a name that say which organisation it is. */
export function nameWords(text: string): string[] {
  return foldText(text).split(' ').filter(isSignificant);
}

/** One way an actor is named: its name, an alias, a part of either, or its acronym. */
export interface NameVariant {
  /** As published (markup removed), for the reasons. */
  text: string;
  /** Significant words, in order, without repeats. */
  words: string[];
  /** The significant words run together: "Peace Building" and "Peacebuilding" meet here. */
  compact: string;
  /** First letters of the words, with and without function words ("KfW" is "Kreditanstalt für Wiederaufbau"). */
  initials: string[];
  /** Negating words it holds ("non"). */
  negations: string[];
}

const PARENTHESISED = /\(([^()]*)\)/g;
const ACRONYM_SHAPE = /^[\p{L}\d]{2,10}$/u;

/** A name variant from a text already without markup (see nameTexts). */
export function variantOf(clean: string): NameVariant | null {
  const folded = foldClean(clean).split(' ');
  const words = [...new Set(folded.filter(isSignificant))];
  if (words.length === 0) return null;
  const allWords = folded.filter((word) => word.length > 1 && !LEGAL_FORMS.has(word));
  const initials = [...new Set([words, allWords].filter((list) => list.length >= 3).map((list) => list.map((word) => word[0]).join('')))];
  return { text: clean, words, compact: words.join(''), initials, negations: folded.filter((word) => NEGATING_WORDS.has(word)) };
}

/**
 * The texts an actor's names stand for, without markup: each name and alias as a whole, without
 * and inside its parentheses ("GIZ (Gesellschaft für Internationale Zusammenarbeit)" is also
 * "GIZ" and the long form). A name that lists one body twice ("Ministry of Finance;Ministry of
 * Finance") is that body; one that lists several ("Ministry of Health;Ministry of Finance") is
 * their grouping, named only as a whole.
 */
export function nameTexts(names: readonly string[]): string[] {
  const texts = new Set<string>();
  for (const name of names) {
    const parts = [...new Set(withoutMarkup(name).split(';').map((part) => part.trim()).filter(Boolean))];
    if (parts.length !== 1) {
      if (parts.length > 1) texts.add(parts.join('; '));
      continue;
    }
    const [whole] = parts;
    texts.add(whole);
    const outside = whole.replace(PARENTHESISED, ' ').replace(/\s+/g, ' ').trim();
    if (outside) texts.add(outside);
    for (const [, inside] of whole.matchAll(PARENTHESISED)) if (inside.trim()) texts.add(inside.trim());
  }
  return [...texts];
}

/**
 * Acronyms an actor gives itself: its acronym field, a short word in parentheses ("(UNDP)",
 * "(KfW)"), and a name or alias that is one capitalised word ("PNUD", "CEOSS"). A capitalised
 * word inside a longer name is not one: "Comité LESD CGLU" names its parent, CGLU, and "CARE
 * International UK" is not CARE.
 */
export function statedAcronyms(names: readonly string[], acronym: string | null): string[] {
  const found = new Set<string>();
  const add = (word: string) => {
    const folded = foldText(word).replace(/ /g, '');
    if (folded.length >= 3 && !FUNCTION_WORDS.has(folded)) found.add(folded);
  };
  if (acronym) add(acronym);
  for (const name of names) {
    const clean = withoutMarkup(name);
    for (const [, inside] of clean.matchAll(PARENTHESISED)) if (ACRONYM_SHAPE.test(inside.trim())) add(inside.trim());
    const outside = clean.replace(PARENTHESISED, ' ').trim();
    if (/^[\p{Lu}\d&]{2,10}$/u.test(outside) && /\p{Lu}/u.test(outside)) add(outside);
  }
  return [...found];
}

/** How alike two words are: 1 when equal; spelling variants ("organisation", "programme"/"program") close to 1. */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 4 || b.length < 4) return 0;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length >= 5 && longer.startsWith(shorter)) return 0.9;
  // A ratio of 0.8 allows one edit in five letters: words further apart in length cannot reach it.
  if (longer.length - shorter.length > longer.length * 0.2) return 0;
  const ratio = 1 - distance(a, b) / longer.length;
  return ratio >= 0.8 ? ratio : 0;
}

/** Spelling ratio of the compact forms: counts only when it is this close (a typo, a space). */
const SPELLING_RATIO_FLOOR = 0.9;

export interface WordMatch {
  a: string;
  b: string;
  similarity: number;
}

/** Each word of one name paired with at most one word of the other, best pairs first. */
export function matchWords(a: readonly string[], b: readonly string[]): WordMatch[] {
  const pairs: WordMatch[] = [];
  for (const wordA of a) {
    for (const wordB of b) {
      const similarity = wordSimilarity(wordA, wordB);
      if (similarity > 0) pairs.push({ a: wordA, b: wordB, similarity });
    }
  }
  pairs.sort((x, y) => y.similarity - x.similarity || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  const usedA = new Set<string>();
  const usedB = new Set<string>();
  const matches: WordMatch[] = [];
  for (const pair of pairs) {
    if (usedA.has(pair.a) || usedB.has(pair.b)) continue;
    usedA.add(pair.a);
    usedB.add(pair.b);
    matches.push(pair);
  }
  return matches;
}

export interface NameComparison {
  /** 0..1: the weighted share of words the two names have in common, or their spelling ratio when closer. */
  similarity: number;
  matches: WordMatch[];
}

/**
 * Word-set similarity weighted by rarity: shared rare words weigh much, a shared "united" or
 * "ministry" little, and a rare word only one name has ("Germany", "Treasury") pulls the
 * similarity down. It is the weighted Jaccard index of the two word sets, with spelling
 * variants counted by their similarity.
 */
export function compareNames(a: NameVariant, b: NameVariant, weight: (word: string) => number): NameComparison {
  const matches = matchWords(a.words, b.words);
  const total = (words: readonly string[]) => words.reduce((sum, word) => sum + weight(word), 0);
  const shared = matches.reduce((sum, match) => sum + match.similarity * ((weight(match.a) + weight(match.b)) / 2), 0);
  const union = total(a.words) + total(b.words) - shared;
  const jaccard = union > 0 ? shared / union : 0;
  const longer = Math.max(a.compact.length, b.compact.length);
  const shorter = Math.min(a.compact.length, b.compact.length);
  // The spelling ratio cannot reach its floor when the lengths alone differ more than that.
  const spelling = longer > 0 && shorter >= longer * SPELLING_RATIO_FLOOR ? 1 - distance(a.compact, b.compact) / longer : 0;
  return { similarity: Math.max(jaccard, spelling >= SPELLING_RATIO_FLOOR ? spelling : 0), matches };
}

/** A negating word in one name only: "Non United States" is not "United States". */
export function negationBetween(a: NameVariant, b: NameVariant): string | null {
  return a.negations.find((word) => !b.negations.includes(word)) ?? b.negations.find((word) => !a.negations.includes(word)) ?? null;
}
