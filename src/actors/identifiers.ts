/**
 * Identifiers of organisations in public registries, and how two ways of writing one compare.
 *
 * - IATI: organisation identifiers of the IATI standard and org-id.guide,
 *   `{registration agency}-{number in its register}` such as XM-DAC-41114 (UNDP), FR-3, GB-GOV-1,
 *   GB-COH-123456; national registry numbers written the org-id.guide way (ES-CIF-G58236803,
 *   FR-RCS-…) are this scheme too.
 * - WIKIDATA: Wikidata item ids, Q1047.
 * - LEI: ISO 17442 Legal Entity Identifiers, 20 characters ending in two check digits.
 *
 * Each is stored once, normalised, under the key `SCHEME:VALUE`; two spellings that normalise
 * to the same value are one identifier.
 */

export const IDENTIFIER_SCHEMES = ['IATI', 'WIKIDATA', 'LEI'] as const;
export type IdentifierScheme = (typeof IDENTIFIER_SCHEMES)[number];

export function isIdentifierScheme(value: unknown): value is IdentifierScheme {
  return typeof value === 'string' && (IDENTIFIER_SCHEMES as readonly string[]).includes(value);
}

/** What a malformed value should look like, for error messages. */
export const SCHEME_FORMATS: Readonly<Record<IdentifierScheme, string>> = {
  IATI: 'an organisation identifier: registration agency prefix, hyphen, number, no spaces (e.g. XM-DAC-41114)',
  WIKIDATA: 'a Wikidata item id: Q and a number (e.g. Q1047)',
  LEI: 'a Legal Entity Identifier: 20 letters or digits whose last two are its ISO 17442 check digits',
};

/** Hyphen look-alikes that copied text carries: hyphen, non-breaking hyphen, figure, en and em dashes, minus, small and full-width hyphen-minus. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/**
 * Spellings of one IATI identifier that registries or publishers changed over time, each mapped
 * to the one written today. Applied to the upper-cased value.
 */
export const IATI_VARIANTS: readonly { pattern: RegExp; canonical: (...groups: string[]) => string; why: string }[] = [
  {
    pattern: /^GB-1$/,
    canonical: () => 'GB-GOV-1',
    why: "DFID's (now FCDO's) identifier before UK government bodies moved to the GB-GOV list; FCDO's files give GB-1 as its previous reporting-org identifier",
  },
  {
    pattern: /^ES-CIF-([A-Z])-([0-9A-Z]+)$/,
    canonical: (letter, rest) => `ES-CIF-${letter}${rest}`,
    why: 'a Spanish CIF is one letter then eight characters; some publishers put a hyphen after the letter',
  },
  {
    pattern: /^XI-DUNS-(\d{1,8})$/,
    canonical: (digits) => `XI-DUNS-${digits.padStart(9, '0')}`,
    why: 'a D-U-N-S number has nine digits, and publishers drop its leading zeros (CARE is XI-DUNS-001793082 and XI-DUNS-1793082 in one USAID file)',
  },
];

const IATI_FORM = /^[A-Z]{2}-[A-Z0-9]\S*$/;

function normaliseIati(raw: string): string | null {
  // Spaces beside a hyphen are a typing slip; a space anywhere else means words, i.e. a name.
  const compact = raw.trim().replace(DASHES, '-').replace(/\s*-\s*/g, '-');
  if (/\s/.test(compact)) return null;
  const value = compact.toUpperCase();
  if (!IATI_FORM.test(value)) return null;
  for (const variant of IATI_VARIANTS) {
    const match = variant.pattern.exec(value);
    if (match) return variant.canonical(...match.slice(1));
  }
  return value;
}

function normaliseWikidata(raw: string): string | null {
  const value = raw.replace(/\s+/g, '').toUpperCase();
  return /^Q[1-9][0-9]*$/.test(value) ? value : null;
}

/** ISO 17442 check digits: the LEI read as a base-36 number is 1 modulo 97 (ISO 7064 MOD 97-10). */
function leiChecksumHolds(lei: string): boolean {
  let remainder = 0;
  for (const char of lei) {
    const digits = Number.parseInt(char, 36).toString();
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function normaliseLei(raw: string): string | null {
  const value = raw.replace(/\s+/g, '').replace(DASHES, '').replace(/-/g, '').toUpperCase();
  return /^[A-Z0-9]{18}[0-9]{2}$/.test(value) && leiChecksumHolds(value) ? value : null;
}

const NORMALISERS: Readonly<Record<IdentifierScheme, (raw: string) => string | null>> = {
  IATI: normaliseIati,
  WIKIDATA: normaliseWikidata,
  LEI: normaliseLei,
};

/**
 * The value as stored and compared: trimmed, upper-cased, without spaces, one kind of hyphen,
 * the registry's current spelling (IATI_VARIANTS). Null when it is no identifier of the scheme:
 * placeholders ("Not available", "Excluded", "N/A", "-", "0", ""), bare numbers ("46004"),
 * bare codes ("AU") and names are not.
 */
export function normaliseIdentifier(scheme: IdentifierScheme, value: string): string | null {
  return NORMALISERS[scheme](value);
}

/** The stored key of an identifier, `SCHEME:VALUE`, or null when the value is malformed for its scheme. */
export function identifierKey(scheme: IdentifierScheme, value: string): string | null {
  const normalised = normaliseIdentifier(scheme, value);
  return normalised === null ? null : `${scheme}:${normalised}`;
}

/**
 * Whether an IATI `ref` is an organisation identifier: `{agency}-{number}`, such as
 * GB-COH-123456, XM-DAC-46004 or the older GB-1. Placeholders, names, bare numbers ("46004")
 * and bare codes ("AU") are not.
 */
export function isIatiOrgIdentifier(ref: string): boolean {
  return normaliseIati(ref) !== null;
}

/** "IATI XM-DAC-41114" for the key "IATI:XM-DAC-41114", as messages name an identifier. */
export function describeKey(key: string): string {
  const colon = key.indexOf(':');
  return `${key.slice(0, colon)} ${key.slice(colon + 1)}`;
}

export function keyValue(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

/**
 * The keys a client's text may mean: `SCHEME:VALUE` names its scheme; a bare value is tried in
 * every scheme it is well-formed in ("XM-DAC-41114" is an IATI identifier, "Q1047" a Wikidata one).
 */
export function keysForText(text: string): string[] {
  const named = /^\s*([A-Za-z]+)\s*:(.*)$/s.exec(text);
  if (named && isIdentifierScheme(named[1].toUpperCase())) {
    const key = identifierKey(named[1].toUpperCase() as IdentifierScheme, named[2]);
    return key ? [key] : [];
  }
  return IDENTIFIER_SCHEMES.flatMap((scheme) => identifierKey(scheme, text) ?? []);
}

export interface IdentifierGiven {
  scheme: string;
  value: string;
  sourceIds?: string[] | null;
}

/** One identifier as it is written: its key, scheme, normalised value and the sources that back it. */
export interface IdentifierRow {
  key: string;
  scheme: IdentifierScheme;
  value: string;
  sourceIds: string[];
}

/** The identifiers given with a known scheme and a value that normalises, each with its key. */
export function keyedIdentifiers<T extends { scheme: string; value: string }>(given: readonly T[] | null | undefined): { given: T; scheme: IdentifierScheme; key: string }[] {
  return (given ?? []).flatMap((identifier) => {
    if (!isIdentifierScheme(identifier.scheme)) return [];
    const key = identifierKey(identifier.scheme, identifier.value);
    return key ? [{ given: identifier, scheme: identifier.scheme, key }] : [];
  });
}

/**
 * The identifiers an actor input gives, one per key, in key order. One without sourceIds of its
 * own cites the actor's. Malformed ones are left out: validation refuses them before this runs.
 */
export function identifierRowsOf(input: { identifiers?: readonly IdentifierGiven[] | null; sourceIds?: readonly string[] | null }): IdentifierRow[] {
  const byKey = new Map<string, IdentifierRow>();
  for (const { given, scheme, key } of keyedIdentifiers(input.identifiers)) {
    const sourceIds = given.sourceIds?.length ? given.sourceIds : (input.sourceIds ?? []);
    const seen = byKey.get(key);
    if (seen) seen.sourceIds = [...new Set([...seen.sourceIds, ...sourceIds])];
    else byKey.set(key, { key, scheme, value: keyValue(key), sourceIds: [...new Set(sourceIds)] });
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
