import { normaliseHeader } from '../../csv/headers';
import {
  AttributeValue,
  FileNote,
  NetworkConnection,
  NetworkElement,
  NetworkFile,
  NetworkFileError,
} from '../network-file';
import { DIRECTIONS, kumuList } from './network-csv.reader';

/**
 * Kumu's JSON project export: `elements` and `connections`, each with an `_id` and its fields in
 * `attributes` under Kumu's lower-case field names ("label", "element type", "connection type",
 * "value flows"). Connections name their ends by element `_id` and carry `direction` beside
 * their attributes. Maps, perspectives and loops (layout and views) are not read, nor are a
 * connection's `delayed` and `reversed` flags (how Kumu draws it).
 *
 * The helpers for JSON-like values here (attributeValueOf, tagsOf, fieldsNamed) serve the
 * Cytoscape, GEXF and GraphML readers too, whose graphology attributes are such values.
 */

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

/** Fields with a meaning of their own, found by their normalised name ("element type", "Type"). */
export function fieldsNamed(record: Record<string, unknown>, roles: Readonly<Record<string, string>>): {
  fields: Map<string, { key: string; value: unknown }>;
  rest: [string, unknown][];
} {
  const fields = new Map<string, { key: string; value: unknown }>();
  const rest: [string, unknown][] = [];
  for (const [key, value] of Object.entries(record)) {
    const role = roles[normaliseHeader(key)];
    if (role !== undefined && !fields.has(role)) fields.set(role, { key, value });
    else rest.push([key, value]);
  }
  return { fields, rest };
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

const ELEMENT_FIELDS = { label: 'label', elementtype: 'type', type: 'type', tags: 'tags' };
const CONNECTION_FIELDS = { connectiontype: 'type', type: 'type', tags: 'tags' };

/** Kumu JSON: an object with `elements` as an array of objects with `attributes`, or with `connections`. */
export function isKumuJson(document: unknown): document is Record<string, unknown> {
  if (!isRecord(document)) return false;
  const { elements, connections } = document;
  const kumuElements = Array.isArray(elements) && elements.length > 0 && elements.every((element) => isRecord(element) && isRecord(element.attributes));
  return kumuElements || Array.isArray(connections);
}

function fieldsOf(item: Record<string, unknown>, roles: Readonly<Record<string, string>>) {
  return fieldsNamed(isRecord(item.attributes) ? item.attributes : {}, roles);
}

function elementOf(item: unknown, file: string, location: string): NetworkElement | FileNote {
  if (!isRecord(item)) return { file, location, field: '', reason: 'is not an object: a Kumu element is an object with _id and attributes' };
  const { fields, rest } = fieldsOf(item, ELEMENT_FIELDS);
  const id = textOf(item._id);
  const label = textOf(fields.get('label')?.value);
  const type = textOf(fields.get('type')?.value);
  return {
    file,
    location,
    ...(id !== undefined ? { id } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(type !== undefined ? { type } : {}),
    ...tagsOf(fields.get('tags')?.value),
    attributes: attributesOf(rest),
  };
}

function connectionOf(item: unknown, file: string, location: string): NetworkConnection | FileNote[] {
  if (!isRecord(item)) return [{ file, location, field: '', reason: 'is not an object: a Kumu connection is an object with from, to and attributes' }];
  const from = textOf(item.from);
  const to = textOf(item.to);
  const directionText = textOf(item.direction);
  const direction = directionText === undefined ? undefined : DIRECTIONS[directionText.toLowerCase()];
  if (from === undefined || to === undefined || (directionText !== undefined && direction === undefined)) {
    return [
      ...(from === undefined ? [{ file, location, field: 'from', reason: 'is missing: a connection needs the _id of the element it starts at' }] : []),
      ...(to === undefined ? [{ file, location, field: 'to', reason: 'is missing: a connection needs the _id of the element it points to' }] : []),
      ...(directionText !== undefined && direction === undefined
        ? [{ file, location, field: 'direction', reason: `is "${directionText}": Kumu's directions are directed, undirected and mutual` }]
        : []),
    ];
  }
  const { fields, rest } = fieldsOf(item, CONNECTION_FIELDS);
  const id = textOf(item._id);
  const type = textOf(fields.get('type')?.value);
  return {
    file,
    location,
    ...(id !== undefined ? { id } : {}),
    from,
    to,
    by: 'id',
    ...(type !== undefined ? { type } : {}),
    ...(direction !== undefined ? { direction } : {}),
    ...tagsOf(fields.get('tags')?.value),
    attributes: attributesOf(rest),
  };
}

/** A Kumu JSON document already parsed (readNetworkFile parses a .json file once to tell Kumu from Cytoscape). */
export function kumuJsonNetwork(document: unknown, file: string): NetworkFile {
  if (!isRecord(document) || !Array.isArray(document.elements)) {
    throw new NetworkFileError(file, '', 'has no elements: a Kumu JSON export is an object with an "elements" list');
  }
  const connections = Array.isArray(document.connections) ? document.connections : [];
  const network: NetworkFile = { file, format: 'kumu-json', elements: [], connections: [], createsMissingEnds: false, problems: [], warnings: [] };
  document.elements.forEach((item: unknown, index) => {
    const element = elementOf(item, file, `/elements/${index}`);
    if ('reason' in element) network.problems.push(element);
    else {
      network.elements.push(element);
      network.warnings.push(...unlabelledWarning(element));
    }
  });
  connections.forEach((item: unknown, index) => {
    const connection = connectionOf(item, file, `/connections/${index}`);
    if (Array.isArray(connection)) network.problems.push(...connection);
    else network.connections.push(connection);
  });
  return network;
}

export function readKumuJson(content: Buffer, name: string): NetworkFile {
  return kumuJsonNetwork(parseJsonDocument(content, name), name);
}
