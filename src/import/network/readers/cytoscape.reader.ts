import { FileNote, NetworkConnection, NetworkFile, NetworkFileError } from '../network-file';
import { fieldsNamed, fieldText, isRecord, NamedFields, networkConnection, networkElement, parseJsonDocument, unlabelledWarning, withNameAsLabel } from './values';

/**
 * Cytoscape.js elements JSON, as this project's export writes it and Cytoscape desktop reads and
 * writes it (.cyjs): `{ elements: { nodes: [{ data }], edges: [{ data }] } }`, or `elements` as
 * one list of `{ group: 'nodes' | 'edges', data }`. Everything is in `data`: id, label (or name,
 * which Cytoscape desktop uses), type, and for edges source and target, which are node ids.
 * Cytoscape has no notion of direction, so connections carry none. Positions, classes and
 * styles are drawing, not data, and are not read.
 */

type Group = 'nodes' | 'edges';

interface Item {
  group: Group;
  value: unknown;
  location: string;
}

const NODE_FIELDS = { id: 'id', label: 'label', type: 'type', tags: 'tags' };
const EDGE_FIELDS = { id: 'id', source: 'from', target: 'to', type: 'type', tags: 'tags' };

/** Cytoscape.js itself takes an element with a source and a target for an edge when no group says. */
function groupOf(item: unknown): Group {
  if (isRecord(item) && (item.group === 'nodes' || item.group === 'edges')) return item.group;
  const data = isRecord(item) && isRecord(item.data) ? item.data : {};
  return data.source !== undefined && data.target !== undefined ? 'edges' : 'nodes';
}

export function isCytoscapeJson(document: unknown): document is Record<string, unknown> {
  if (!isRecord(document)) return false;
  const { elements } = document;
  if (isRecord(elements)) return Array.isArray(elements.nodes) || Array.isArray(elements.edges);
  return Array.isArray(elements) && elements.length > 0 && elements.every((item) => isRecord(item) && isRecord(item.data));
}

function itemsOf(document: unknown, file: string): Item[] {
  const elements = isRecord(document) ? document.elements : undefined;
  if (Array.isArray(elements)) return elements.map((value: unknown, index) => ({ group: groupOf(value), value, location: `/elements/${index}` }));
  if (isRecord(elements)) {
    return (['nodes', 'edges'] as const).flatMap((group) => {
      const list: unknown = elements[group];
      return Array.isArray(list) ? list.map((value: unknown, index) => ({ group, value, location: `/elements/${group}/${index}` })) : [];
    });
  }
  throw new NetworkFileError(file, '', 'has no elements: a Cytoscape file is an object with "elements" (nodes and edges)');
}

function dataOf(item: Item): Record<string, unknown> | undefined {
  return isRecord(item.value) && isRecord(item.value.data) ? item.value.data : undefined;
}

/** The label, or Cytoscape desktop's name when there is no label. */
function labelFields(data: Record<string, unknown>): NamedFields {
  return withNameAsLabel(fieldsNamed(data, NODE_FIELDS), (key) => key === 'name');
}

function connectionOf(data: Record<string, unknown>, file: string, location: string): NetworkConnection | FileNote[] {
  const named = fieldsNamed(data, EDGE_FIELDS);
  const from = fieldText(named, 'from');
  const to = fieldText(named, 'to');
  if (from === undefined || to === undefined) {
    return [
      ...(from === undefined ? [{ file, location, field: 'source', reason: 'is missing: an edge needs the id of the node it starts at' }] : []),
      ...(to === undefined ? [{ file, location, field: 'target', reason: 'is missing: an edge needs the id of the node it points to' }] : []),
    ];
  }
  return networkConnection({ file, location }, { from, to }, named);
}

/** A Cytoscape document already parsed (readNetworkFile parses a .json file once to tell Kumu from Cytoscape). */
export function cytoscapeNetwork(document: unknown, file: string): NetworkFile {
  const network: NetworkFile = { file, format: 'cytoscape', elements: [], connections: [], createsMissingEnds: false, problems: [], warnings: [] };
  for (const item of itemsOf(document, file)) {
    const data = dataOf(item);
    if (data === undefined) {
      network.problems.push({ file, location: item.location, field: 'data', reason: 'is missing: Cytoscape keeps the fields of an element in data' });
      continue;
    }
    if (item.group === 'nodes') {
      const element = networkElement({ file, location: item.location }, labelFields(data));
      network.elements.push(element);
      network.warnings.push(...unlabelledWarning(element));
    } else {
      const connection = connectionOf(data, file, item.location);
      if (Array.isArray(connection)) network.problems.push(...connection);
      else network.connections.push(connection);
    }
  }
  return network;
}

export function readCytoscape(content: Buffer, name: string): NetworkFile {
  return cytoscapeNetwork(parseJsonDocument(content, name), name);
}
