import { FileNote, NetworkConnection, NetworkElement, NetworkFile, NetworkFileError } from '../network-file';
import { directionNamed, fieldsNamed, isRecord, networkConnection, networkElement, parseJsonDocument, textOf, unlabelledWarning } from './values';

/**
 * Kumu's JSON project export: `elements` and `connections`, each with an `_id` and its fields in
 * `attributes` under Kumu's lower-case field names ("label", "element type", "connection type",
 * "value flows"). Connections name their ends by element `_id` and carry `direction` beside
 * their attributes. Maps, perspectives and loops (layout and views) are not read, nor are a
 * connection's `delayed` and `reversed` flags (how Kumu draws it).
 */

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
  return networkElement({ file, location }, fieldsOf(item, ELEMENT_FIELDS), { id: textOf(item._id) });
}

function connectionOf(item: unknown, file: string, location: string): NetworkConnection | FileNote[] {
  if (!isRecord(item)) return [{ file, location, field: '', reason: 'is not an object: a Kumu connection is an object with from, to and attributes' }];
  const from = textOf(item.from);
  const to = textOf(item.to);
  const directionText = textOf(item.direction);
  const direction = directionNamed(directionText);
  if (from === undefined || to === undefined || (directionText !== undefined && direction === undefined)) {
    return [
      ...(from === undefined ? [{ file, location, field: 'from', reason: 'is missing: a connection needs the _id of the element it starts at' }] : []),
      ...(to === undefined ? [{ file, location, field: 'to', reason: 'is missing: a connection needs the _id of the element it points to' }] : []),
      ...(directionText !== undefined && direction === undefined
        ? [{ file, location, field: 'direction', reason: `is "${directionText}": Kumu's directions are directed, undirected and mutual` }]
        : []),
    ];
  }
  const ends = { id: textOf(item._id), from, to, direction };
  return networkConnection({ file, location }, ends, fieldsOf(item, CONNECTION_FIELDS));
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
