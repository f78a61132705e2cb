import { distance } from 'fastest-levenshtein';
import { identifierKey, keyValue } from '../actors/identifiers';

/**
 * Identifiers as duplicate evidence. They come from two places: the Identifier nodes an actor is
 * IDENTIFIED_BY (key = scheme + ':' + normalised value, src/actors/identifiers.ts), and the IATI
 * `orgRef` as published, normalised the same way, for actors imported before identifiers existed.
 */
export interface ActorIdentifier {
  /** scheme + ':' + normalised value: equal keys mean the same registered organisation. */
  key: string;
  /** The register the value is a number of: the IATI registration agency (GB-CHC, XM-DAC), else the scheme (WIKIDATA, LEI). */
  register: string;
  /** The number within that register. */
  number: string;
  /** As the source gave it, for the reasons. */
  shown: string;
  /** Why it was read as this identifier, when the source did not write it so. */
  readAs: string | null;
}

export interface StoredIdentifier {
  key: string;
  scheme: string;
  value: string;
}

// IATI identifiers are {registration agency}-{number}; agencies are a country (or X for
// international) and a code: GB-CHC, XM-DAC, XI-IATI, US-EIN, DK-CVR. Older donor ids are a
// country and a number (DE-1, SE-0): their register is the country's list.
const AGENCY_PREFIX = /^([A-Z]{2}-[A-Z0-9]*[A-Z][A-Z0-9]*)-(.+)$/;
const LEGACY_DONOR = /^([A-Z]{2})-(\d+)$/;

/** Refs some publishers give without their agency prefix, which a reader still recognises. */
const BARE_REFS: readonly { pattern: RegExp; agency: string; what: string }[] = [
  // A bare DAC code: "46004" is the Asian Development Bank's XM-DAC-46004.
  { pattern: /^\d{5}$/, agency: 'XM-DAC', what: 'DAC code' },
  // A bare Spanish tax code (CIF), as Spain's AECID publishes its grantees: G58236803.
  { pattern: /^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/, agency: 'ES-CIF', what: 'Spanish CIF' },
];

function registerOf(scheme: string, value: string): { register: string; number: string } {
  if (scheme !== 'IATI') return { register: scheme, number: value };
  const agency = AGENCY_PREFIX.exec(value) ?? LEGACY_DONOR.exec(value);
  return agency ? { register: agency[1], number: agency[2] } : { register: 'IATI', number: value };
}

function identifier(key: string, shown: string, readAs: string | null): ActorIdentifier {
  const scheme = key.slice(0, key.indexOf(':'));
  return { key, ...registerOf(scheme, keyValue(key)), shown, readAs };
}

/**
 * An IATI org ref read as an identifier, or null for what is not one: placeholders ("Not
 * available", "Excluded"), names given as refs ("ADRA Danmark"), bare country codes ("AU").
 */
export function identifierOfOrgRef(orgRef: string | null | undefined): ActorIdentifier | null {
  const shown = orgRef?.trim() ?? '';
  if (!shown) return null;
  const key = identifierKey('IATI', shown);
  if (key) return identifier(key, shown, null);
  for (const bare of BARE_REFS) {
    if (!bare.pattern.test(shown.toUpperCase())) continue;
    const prefixed = identifierKey('IATI', `${bare.agency}-${shown}`);
    if (prefixed) return identifier(prefixed, shown, `${bare.what} ${keyValue(prefixed)}`);
  }
  return null;
}

/** Both sources of an actor's identifiers, one entry per key. */
export function identifiersOf(stored: readonly StoredIdentifier[], orgRef: string | null): ActorIdentifier[] {
  const byKey = new Map<string, ActorIdentifier>();
  for (const entry of stored) if (entry.key?.includes(':')) byKey.set(entry.key, identifier(entry.key, entry.value, null));
  const fromRef = identifierOfOrgRef(orgRef);
  // The ref as published says more in a reason than its normalised value ("ES-CIF-G-8236803").
  if (fromRef) byKey.set(fromRef.key, fromRef);
  return [...byKey.values()];
}

/** The country of a national register (GB-CHC: GB); null for international ones (XM-DAC, XI-IATI) and other schemes. */
export function registerCountry(register: string): string | null {
  return /^[A-WYZ][A-Z](-|$)/.test(register) ? register.slice(0, 2) : null;
}

export interface IdentifierPair {
  a: ActorIdentifier;
  b: ActorIdentifier;
}

export interface IdentifierComparison {
  same: IdentifierPair[];
  /** Same register, numbers one character apart: the same number, mistyped. */
  near: IdentifierPair[];
  /** Same register, one number a sub-code of the other (XM-DAC-3 and XM-DAC-3-1): not two organisations. */
  nested: IdentifierPair[];
  /** Same register, different numbers: two registered organisations. */
  conflicting: IdentifierPair[];
  /** Only national registers, of different countries, and nothing shared: registered in two countries. */
  countries: { a: string[]; b: string[] } | null;
}

const NEAR_NUMBER_MIN_LENGTH = 6;

function isSubCode(x: string, y: string): boolean {
  return x.startsWith(`${y}-`) || y.startsWith(`${x}-`);
}

export function compareIdentifiers(a: readonly ActorIdentifier[], b: readonly ActorIdentifier[]): IdentifierComparison {
  const result: IdentifierComparison = { same: [], near: [], nested: [], conflicting: [], countries: null };
  for (const x of a) for (const y of b) if (x.key === y.key) result.same.push({ a: x, b: y });
  if (result.same.length > 0) return result;
  for (const x of a) {
    for (const y of b) {
      if (x.register !== y.register) continue;
      if (Math.min(x.number.length, y.number.length) >= NEAR_NUMBER_MIN_LENGTH && distance(x.number, y.number) === 1) result.near.push({ a: x, b: y });
      else if (isSubCode(x.number, y.number)) result.nested.push({ a: x, b: y });
      else result.conflicting.push({ a: x, b: y });
    }
  }
  if (result.near.length + result.nested.length + result.conflicting.length > 0) return result;
  const countriesOf = (ids: readonly ActorIdentifier[]) => ids.map((id) => registerCountry(id.register));
  const countriesA = countriesOf(a);
  const countriesB = countriesOf(b);
  const national = (countries: (string | null)[]) => countries.length > 0 && countries.every((country) => country !== null);
  if (national(countriesA) && national(countriesB) && !countriesA.some((country) => countriesB.includes(country))) {
    result.countries = { a: [...new Set(countriesA as string[])], b: [...new Set(countriesB as string[])] };
  }
  return result;
}
