import neo4j, { Integer } from 'neo4j-driver';
import { isTemporal } from '../common/neo4j-values';
import type { Section } from '../import/import.document';
import type { NodeSection } from '../import/import.ports';
import { IdentifierRow, keyedIdentifiers, keyValue } from '../actors/identifiers';
import { isAnalysisProperty } from '../analysis/analysis.properties';
import { DumpSection, inKeyOrder, STAMP_KEYS, VERBATIM_SECTIONS, VerbatimSection, VerbatimType } from './dump.format';

/**
 * From stored records (properties as the driver returns them) to the rows of a dump, and what a
 * restore writes for a row, so that the dump can check that it gives every record back as it is.
 */

/** A value the dump cannot write so that a restore gives it back; named with the property. */
export interface ValueProblem {
  property: string;
  reason: string;
}

export interface DumpRow {
  row: Record<string, unknown>;
  problems: ValueProblem[];
}

/** Properties that the write path computes from others: a restore computes them again. */
const DERIVED: Record<Section, readonly string[]> = {
  sources: ['name'],
  territories: ['aliasesText', 'originalName'],
  actors: ['aliasesText', 'originalName'],
  initiatives: ['aliasesText', 'originalName', 'startFirst', 'endLast', 'budgetValue', 'budgetEurValue', 'indicatorSourceIds'],
  relationships: ['startFirst', 'endLast', 'amountValue', 'amountEurValue'],
};

const BOOKKEEPING = new Set(['id', ...STAMP_KEYS]);

/** Why a stored value cannot travel as JSON unchanged (an import stores JSON numbers as floats); null when it can. */
function jsonProblem(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'is not a finite number';
  if (neo4j.isInt(value)) return 'is an integer, which a restore would write back as a float';
  if (isTemporal(value)) return 'is a temporal value, which no import field holds';
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item);
      if (problem) return `holds an item that ${problem}`;
      if (Array.isArray(item)) return 'holds a list inside a list';
    }
    return null;
  }
  return 'is of a type that no import field holds';
}

/**
 * createdAt and updatedAt as Neo4j's text of the datetime (the repository reads them so), which
 * `datetime()` reads back to the same value. `areDatetimes` is false when one holds something else.
 */
function stampsOf(props: Record<string, unknown>, areDatetimes: boolean, problems: ValueProblem[]): Record<string, string> {
  if (!areDatetimes) problems.push({ property: STAMP_KEYS.join(' or '), reason: 'is not a datetime' });
  const stamps: Record<string, string> = {};
  for (const key of STAMP_KEYS) if (typeof props[key] === 'string') stamps[key] = props[key] as string;
  return stamps;
}

function copyPlain(props: Record<string, unknown>, skip: readonly string[], problems: ValueProblem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    // An analysis job's metrics are computed from the graph, not data: a new job computes them again.
    if (BOOKKEEPING.has(key) || skip.includes(key) || isAnalysisProperty(key) || value === null || value === undefined) continue;
    const problem = jsonProblem(value);
    if (problem) problems.push({ property: key, reason: problem });
    else out[key] = value;
  }
  return out;
}

/** A stored JSON text (attributes, indicators) as the value the input takes; undefined, with a problem, when it is not JSON. */
function parsedJson(text: string, property: string, problems: ValueProblem[]): unknown {
  try {
    return JSON.parse(text);
  } catch {
    problems.push({ property, reason: 'is not JSON text' });
    return undefined;
  }
}

function withNames(out: Record<string, unknown>, props: Record<string, unknown>): void {
  // The name as given: the write path cleans it into the stored name and keeps it as originalName.
  if (typeof props.originalName === 'string') out.name = props.originalName;
}

function withAttributes(out: Record<string, unknown>, problems: ValueProblem[]): void {
  if (typeof out.attributes !== 'string') return;
  const parsed = parsedJson(out.attributes, 'attributes', problems);
  if (parsed === undefined) delete out.attributes;
  else out.attributes = parsed;
}

/** Money as MoneyInput: the exact decimal strings, never the floats beside them. */
function money(exact: unknown, currency: unknown, exactEur: unknown): Record<string, unknown> | undefined {
  if (typeof exact !== 'string' || typeof currency !== 'string') return undefined;
  return typeof exactEur === 'string' ? { amount: exact, currency, amountEur: exactEur } : { amount: exact, currency };
}

interface StoredIndicator {
  name: unknown;
  value: unknown;
  unit?: unknown;
  sourceIds?: unknown;
  breakdown?: unknown;
}

function indicatorInput(stored: StoredIndicator): Record<string, unknown> {
  const input: Record<string, unknown> = { name: stored.name, value: stored.value };
  if (stored.unit !== null && stored.unit !== undefined) input.unit = stored.unit;
  if (stored.sourceIds !== undefined) input.sourceIds = stored.sourceIds;
  if (Array.isArray(stored.breakdown) && stored.breakdown.length) input.breakdown = stored.breakdown.map((part) => indicatorInput(part as StoredIndicator));
  return input;
}

/** An actor's identifiers, as IdentifierInputs in key order; a restore gives each exactly these sources (none when absent). */
function identifierInputs(identifiers: readonly Record<string, unknown>[], problems: ValueProblem[]): Record<string, unknown>[] {
  const sorted = [...identifiers].sort((a, b) => (String(a.key) < String(b.key) ? -1 : String(a.key) > String(b.key) ? 1 : 0));
  return sorted.map((identifier) => {
    for (const key of Object.keys(identifier)) {
      if (!['key', 'scheme', 'value', 'sourceIds'].includes(key)) problems.push({ property: `identifiers.${identifier.key}.${key}`, reason: 'is not a property of an identifier' });
    }
    const input: Record<string, unknown> = { scheme: identifier.scheme, value: identifier.value };
    if (Array.isArray(identifier.sourceIds)) input.sourceIds = identifier.sourceIds;
    return input;
  });
}

/** A stored node as a row of its section, with its identifiers for an actor. */
export function nodeRow(
  section: NodeSection,
  props: Record<string, unknown>,
  identifiers: readonly Record<string, unknown>[] = [],
  stampsAreDatetimes = true,
): DumpRow {
  const problems: ValueProblem[] = [];
  const out = copyPlain(props, DERIVED[section], problems);
  if (section !== 'sources') withNames(out, props);
  withAttributes(out, problems);
  if (section === 'initiatives') {
    const budget = money(out.budgetExact, out.budgetCurrency, out.budgetEurExact);
    if (budget) {
      out.budget = budget;
      for (const key of ['budgetExact', 'budgetCurrency', 'budgetEurExact']) delete out[key];
    }
    if (typeof out.indicatorsJson === 'string') {
      const parsed = parsedJson(out.indicatorsJson, 'indicatorsJson', problems);
      delete out.indicatorsJson;
      if (Array.isArray(parsed)) out.indicators = parsed.map((indicator) => indicatorInput(indicator as StoredIndicator));
      else if (parsed !== undefined) problems.push({ property: 'indicatorsJson', reason: 'is not a JSON list' });
    }
  }
  if (section === 'actors' && identifiers.length) out.identifiers = identifierInputs(identifiers, problems);
  return { row: inKeyOrder(section, { id: props.id, ...out, ...stampsOf(props, stampsAreDatetimes, problems) }), problems };
}

/** A stored link as a row of `relationships`. */
export function relationshipRow(type: string, fromId: unknown, toId: unknown, props: Record<string, unknown>, stampsAreDatetimes = true): DumpRow {
  const problems: ValueProblem[] = [];
  const out = copyPlain(props, DERIVED.relationships, problems);
  withAttributes(out, problems);
  const amount = money(out.amountExact, out.currency, out.amountEurExact);
  if (amount) {
    out.amount = amount;
    for (const key of ['amountExact', 'currency', 'amountEurExact']) delete out[key];
  }
  return { row: inKeyOrder('relationships', { id: props.id, type, fromId, toId, ...out, ...stampsOf(props, stampsAreDatetimes, problems) }), problems };
}

/**
 * A stored merge proposal or audit entry, property for property; its datetime properties come
 * as their text, and `datetimesAreDatetimes` is false when one of them holds something else.
 */
export function verbatimRow(section: VerbatimSection, props: Record<string, unknown>, datetimesAreDatetimes = true): DumpRow {
  const spec = VERBATIM_SECTIONS[section];
  const problems: ValueProblem[] = [];
  if (!datetimesAreDatetimes) problems.push({ property: '(datetimes)', reason: 'a datetime property holds something else' });
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    const type: VerbatimType | undefined = spec.properties[key];
    if (!type) {
      problems.push({ property: key, reason: `is not a property the dump knows on ${spec.label}` });
      continue;
    }
    const problem = storedTypeProblem(value, type);
    if (problem) problems.push({ property: key, reason: problem });
    else out[key] = type === 'integer' ? (value as Integer).toNumber() : value;
  }
  return { row: inKeyOrder(section, out), problems };
}

function storedTypeProblem(value: unknown, type: VerbatimType): string | null {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? null : 'is not a string';
    case 'float':
      return typeof value === 'number' ? null : neo4j.isInt(value) ? 'is an integer, not a float' : 'is not a float';
    case 'integer':
      if (!neo4j.isInt(value)) return typeof value === 'number' ? 'is a float, not an integer' : 'is not an integer';
      return (value as Integer).inSafeRange() ? null : 'is an integer too large for JSON';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'is not a boolean';
    case 'datetime':
      // Read as text by the repository, which checks the type.
      return typeof value === 'string' ? null : 'is not a datetime';
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? null : 'is not a list of strings';
  }
}

/**
 * The identifier nodes a restore writes for an actor row of a dump: exactly the sources each
 * lists, none when it lists none. (A plain import gives an identifier without sources its actor's.)
 */
export function exactIdentifierRows(input: { identifiers?: readonly { scheme: string; value: string; sourceIds?: readonly string[] | null }[] | null }): IdentifierRow[] {
  const rows: IdentifierRow[] = keyedIdentifiers(input.identifiers).map(({ given, scheme, key }) => ({ key, scheme, value: keyValue(key), sourceIds: [...(given.sourceIds ?? [])] }));
  return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** An identifier node as stored: no sourceIds property when none back it. */
export function identifierProps(row: IdentifierRow): Record<string, unknown> {
  return row.sourceIds.length ? { key: row.key, scheme: row.scheme, value: row.value, sourceIds: row.sourceIds } : { key: row.key, scheme: row.scheme, value: row.value };
}

function sameValue(expected: unknown, stored: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(stored) && stored.length === expected.length && expected.every((item, index) => sameValue(item, stored[index]));
  }
  if (typeof expected === 'number') return typeof stored === 'number' && (stored === expected || (Number.isNaN(stored) && Number.isNaN(expected)));
  return (typeof expected === 'string' || typeof expected === 'boolean') && stored === expected;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = neo4j.isInt(value) ? `integer ${String(value)}` : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Where the properties a restore would write differ from the stored ones (id and the bookkeeping
 * times aside, which a restore copies). A null expected value is no property at all.
 */
export function storedDifferences(expected: Record<string, unknown>, stored: Record<string, unknown>): ValueProblem[] {
  const keys = new Set([
    ...Object.keys(expected).filter((key) => expected[key] !== null && expected[key] !== undefined),
    ...Object.keys(stored).filter((key) => stored[key] !== null && stored[key] !== undefined),
  ]);
  const differences: ValueProblem[] = [];
  for (const key of [...keys].sort()) {
    if (BOOKKEEPING.has(key) || isAnalysisProperty(key)) continue;
    const want = expected[key] ?? undefined;
    const have = stored[key] ?? undefined;
    if (want === undefined || have === undefined || !sameValue(want, have)) {
      differences.push({ property: key, reason: `is stored as ${shown(have)}, but a restore would write ${shown(want)}` });
    }
  }
  return differences;
}

/** The label a dump section's records have, for messages. */
export const SECTION_LABELS: Record<DumpSection, string> = {
  sources: 'Source',
  territories: 'Territory',
  actors: 'Actor',
  initiatives: 'Initiative',
  relationships: 'link',
  mergeProposals: 'MergeProposal',
  maps: 'Map',
  auditEntries: 'AuditEntry',
};
