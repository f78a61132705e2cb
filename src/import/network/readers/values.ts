import { isAnalysisFileAttribute } from '../../../analysis/analysis.properties';
import { normaliseHeader } from '../../csv/headers';
import { AttributeValue, ConnectionDirection, FileLocation, FileNote, NetworkConnection, NetworkElement, NetworkFileError } from '../network-file';

/**
 * What the readers share about the values they read: the direction words and Kumu's "a|b" lists
 * of every format, and JSON-like values (Kumu JSON, Cytoscape, and the graphology attributes the
 * GEXF and GraphML readers get) with the fields among them that have a role of their own.
 */

const DIRECTIONS: Readonly<Record<string, ConnectionDirection>> = { directed: 'directed', undirected: 'undirected', mutual: 'mutual' };

/** The direction words every format uses, Kumu's and GEXF's three, whatever their case; undefined for any other word. */
export function directionNamed(text: string | undefined): ConnectionDirection | undefined {
  return text === undefined ? undefined : DIRECTIONS[text.trim().toLowerCase()];
}

/** Kumu's several values in one cell: "PayPal-Mafia|VC|Tech". */
export function kumuList(text: string): string[] {
  return text.split('|').map((item) => item.trim()).filter((item) => item !== '');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The document of a .json file; a file that is not JSON cannot be read at all. */
export function parseJsonDocument(content: Buffer, file: string): unknown {
  try {
    return JSON.parse(content.toString('utf8').replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    throw new NetworkFileError(file, '', `is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

const isString = (item: unknown): item is string => typeof item === 'string';
const isFiniteNumber = (item: unknown): item is number => typeof item === 'number' && Number.isFinite(item);
const isBoolean = (item: unknown): item is boolean => typeof item === 'boolean';

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** A JSON value as an attribute: scalars and lists of one scalar type as they are; anything nested as its JSON text. */
export function attributeValueOf(value: unknown): AttributeValue | undefined {
  if (isEmpty(value)) return undefined;
  if (isString(value) || isBoolean(value)) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const items = value.filter((item) => !isEmpty(item));
    if (items.length === 0) return undefined;
    if (items.every(isString) || items.every(isFiniteNumber) || items.every(isBoolean)) return items;
  }
  return JSON.stringify(value);
}

/** An id or an end as a string: JSON files write them as strings or numbers. */
export function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** Tags as a list, whether the file writes a list or Kumu's "a|b" text. */
export function tagsOf(value: unknown): { tags?: string[] } {
  const tags = Array.isArray(value) ? value.map(textOf).filter((tag): tag is string => tag !== undefined) : typeof value === 'string' ? kumuList(value) : [];
  return tags.length > 0 ? { tags } : {};
}

export interface NamedFields {
  /** The fields with a role, by role, under the key the file gave them. */
  fields: Map<string, { key: string; value: unknown }>;
  /** Every other field, in the file's order. */
  rest: [string, unknown][];
}

/** Fields with a meaning of their own, found by their normalised name ("element type", "Type"). */
export function fieldsNamed(record: Record<string, unknown>, roles: Readonly<Record<string, string>>): NamedFields {
  const fields = new Map<string, { key: string; value: unknown }>();
  const rest: [string, unknown][] = [];
  for (const [key, value] of Object.entries(record)) {
    const role = roles[normaliseHeader(key)];
    if (role !== undefined && !fields.has(role)) fields.set(role, { key, value });
    else rest.push([key, value]);
  }
  return { fields, rest };
}

/** The label field, or else the first field `isName` accepts: many tools call the label "name". */
export function withNameAsLabel(named: NamedFields, isName: (key: string) => boolean): NamedFields {
  if (named.fields.has('label')) return named;
  const name = named.rest.findIndex(([key]) => isName(key));
  if (name >= 0) named.fields.set('label', { key: named.rest[name][0], value: named.rest[name][1] });
  return { fields: named.fields, rest: named.rest.filter((_entry, index) => index !== name) };
}

/** The text of the field with this role, when the file gives one. */
export function fieldText(named: NamedFields, role: string): string | undefined {
  return textOf(named.fields.get(role)?.value);
}

export function attributesOf(entries: readonly [string, unknown][]): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const [key, value] of entries) {
    const attribute = attributeValueOf(value);
    if (attribute !== undefined) attributes[key] = attribute;
  }
  return attributes;
}

export function unlabelledWarning(element: NetworkElement): FileNote[] {
  return element.label === undefined ? [{ file: element.file, location: element.location, field: 'label', reason: 'is empty: the element has no label' }] : [];
}

/**
 * An element from its fields: the id and label the reader found elsewhere in the file (Kumu's
 * _id, a GEXF label), else the fields with those roles; the type and tags fields; every other
 * field as an attribute, but for the analysis values this project's exports write (analysis_pagerank...):
 * they were computed from the graph the file came from, and an analysis of the new graph recomputes them.
 */
export function networkElement(at: FileLocation, named: NamedFields, found: { id?: string; label?: string } = {}): NetworkElement {
  const id = found.id ?? fieldText(named, 'id');
  const label = found.label ?? fieldText(named, 'label');
  const type = fieldText(named, 'type');
  return {
    file: at.file,
    location: at.location,
    ...(id !== undefined ? { id } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(type !== undefined ? { type } : {}),
    ...tagsOf(named.fields.get('tags')?.value),
    attributes: attributesOf(named.rest.filter(([key]) => !isAnalysisFileAttribute(key))),
  };
}

export interface ConnectionEnds {
  from: string;
  to: string;
  /** Found elsewhere in the file than among the fields (Kumu's _id, a GEXF edge's id attribute). */
  id?: string;
  /** When the file says it elsewhere than in a type field (a GEXF edge's label). */
  type?: string;
  direction?: ConnectionDirection;
}

/** A connection between two ids from its fields, as networkElement reads an element's. */
export function networkConnection(at: FileLocation, ends: ConnectionEnds, named: NamedFields): NetworkConnection {
  const id = ends.id ?? fieldText(named, 'id');
  const type = ends.type ?? fieldText(named, 'type');
  return {
    file: at.file,
    location: at.location,
    ...(id !== undefined ? { id } : {}),
    from: ends.from,
    to: ends.to,
    by: 'id',
    ...(type !== undefined ? { type } : {}),
    ...(ends.direction !== undefined ? { direction: ends.direction } : {}),
    ...tagsOf(named.fields.get('tags')?.value),
    attributes: attributesOf(named.rest),
  };
}
