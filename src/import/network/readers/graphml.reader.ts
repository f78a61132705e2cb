import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { MultiGraph } from 'graphology';
import { parse as parseGraphmlDocument } from 'graphology-graphml';
import { ORDERED_XML, OrderedXmlNode } from '../../../common/ordered-xml';
import { normaliseHeader } from '../../csv/headers';
import { AttributeValue, ConnectionDirection, FileNote, NetworkConnection, NetworkElement, NetworkFile, NetworkFileError } from '../network-file';
import { directionNamed, fieldsNamed, isRecord, NamedFields, networkConnection, networkElement, unlabelledWarning, withNameAsLabel } from './values';
import { assertUniqueIds, childrenOf, edgeLocation, fileNodes, GraphEdge, graphEdges, graphRead, rootAndGraph, scanXml, wellFormedXml, xmlAttribute, XmlRecord } from './xml';

/**
 * GraphML, as yEd, Gephi, networkx, igraph, prefuse and this project's export write it:
 * graphology-graphml reads nodes, edges and their <data> into a graphology MultiGraph, and this
 * reader turns that graph into the model.
 *
 * graphology-graphml casts values by attr.type and fails on a type outside GraphML's six (prefuse
 * writes "integer"), casts no <default>, ignores keys for="all" and reads directed="false" as the
 * graph's default. So its keys are handed over as strings, and the values are typed here from
 * the keys a light scan of the XML (fast-xml-parser) found; the scan also tells each edge's
 * direction and whether the file gave it an id. Lists come back as lists when a string holds a
 * JSON list of one scalar type, which is how this project's export writes them. yEd's graphics
 * keys (yfiles.type) are drawing and are not read, so a yEd node's label, drawn in its graphics,
 * is not read either.
 */

type Domain = 'node' | 'edge';

interface ScannedEdge {
  id?: string;
  directed?: string;
}

interface GraphmlScan {
  /** The attr.type of each key, by the name graphology gives its values (attr.name, else the key id). */
  types: Record<Domain, Map<string, string>>;
  /** yEd's keys for shapes and colours (yfiles.type), which are drawing, not data. */
  drawing: Record<Domain, Set<string>>;
  nodeCount: number;
  edges: ScannedEdge[];
  defaultDirection: ConnectionDirection;
}

const LIST_TAGS = new Set(['key', 'graph', 'node', 'edge']);
const SKIPPED = ['*.data', '*.default', '*.desc'];
const INTEGER_TYPES = new Set(['int', 'integer', 'long', 'short', 'byte']);
const DECIMAL_TYPES = new Set(['float', 'double']);

/** GraphML's own default: a key that does not say what it is for is for everything. */
function domainsOf(key: XmlRecord): Domain[] {
  const target = xmlAttribute(key, 'for') ?? 'all';
  if (target === 'all') return ['node', 'edge'];
  return target === 'node' || target === 'edge' ? [target] : [];
}

/** Every element named `tag` under `record`: some writers put their keys inside <graph>, and graphology reads them there too. */
function descendants(record: XmlRecord, tag: string): XmlRecord[] {
  return Object.entries(record).flatMap(([name, value]) => {
    if (name.startsWith('@_')) return [];
    const items = (Array.isArray(value) ? value : [value]).filter(isRecord);
    return items.flatMap((item) => [...(name === tag ? [item] : []), ...descendants(item, tag)]);
  });
}

function keyNameOf(key: XmlRecord): string {
  return xmlAttribute(key, 'attr.name') ?? xmlAttribute(key, 'id') ?? '';
}

function keysOf(root: XmlRecord): Pick<GraphmlScan, 'types' | 'drawing'> {
  const keys: Pick<GraphmlScan, 'types' | 'drawing'> = { types: { node: new Map(), edge: new Map() }, drawing: { node: new Set(), edge: new Set() } };
  for (const key of descendants(root, 'key')) {
    for (const domain of domainsOf(key)) {
      keys.types[domain].set(keyNameOf(key), xmlAttribute(key, 'attr.type') ?? 'string');
      if (xmlAttribute(key, 'yfiles.type') !== undefined) keys.drawing[domain].add(keyNameOf(key));
    }
  }
  return keys;
}

/** Graphs may nest inside nodes; graphology reads every node and edge of them as one graph. */
function collect(graph: XmlRecord, into: { nodeCount: number; edges: ScannedEdge[] }): void {
  for (const node of childrenOf(graph, 'node')) {
    into.nodeCount++;
    for (const inner of childrenOf(node, 'graph')) collect(inner, into);
  }
  for (const edge of childrenOf(graph, 'edge')) into.edges.push({ id: xmlAttribute(edge, 'id'), directed: xmlAttribute(edge, 'directed') });
}

function scanGraphml(text: string, file: string): GraphmlScan {
  const { root, graph } = rootAndGraph(scanXml(text, LIST_TAGS, SKIPPED), 'graphml', 'GraphML', file);
  const edgeDefault = xmlAttribute(graph, 'edgedefault');
  // What graphology, networkx and igraph read a graph without edgedefault as.
  const defaultDirection = edgeDefault === undefined ? 'undirected' : directionNamed(edgeDefault);
  if (!defaultDirection || defaultDirection === 'mutual') {
    throw new NetworkFileError(file, 'graph', `has edgedefault "${edgeDefault}": GraphML's are directed and undirected`);
  }
  const found = { nodeCount: 0, edges: [] as ScannedEdge[] };
  collect(graph, found);
  assertUniqueIds(found.edges, file);
  return { ...keysOf(root), ...found, defaultDirection };
}

/**
 * Entities and CDATA stay as written: only the <key> elements change. Unlike the GEXF export,
 * which re-indents graphology's own output, a file's whitespace (part of its <data> values),
 * CDATA and comments are kept too.
 */
const RAW_XML = { ...ORDERED_XML, trimValues: false, cdataPropName: '#cdata', commentPropName: '#comment' } as const;

function untypedKeys(key: OrderedXmlNode): OrderedXmlNode[] {
  const attributes = key[':@'] ?? {};
  const target = attributes['@_for'] ?? 'all';
  const untyped = { ...attributes, '@_attr.type': 'string', '@_attr.name': attributes['@_attr.name'] ?? attributes['@_id'] ?? '' };
  const domains = target === 'all' ? ['node', 'edge'] : [target];
  return domains.map((domain) => ({ ...key, ':@': { ...untyped, '@_for': domain } }));
}

function withUntypedKeyList(nodes: OrderedXmlNode[]): OrderedXmlNode[] {
  return nodes.flatMap((node) => {
    if ('key' in node) return untypedKeys(node);
    for (const [tag, children] of Object.entries(node)) {
      if (tag !== ':@' && Array.isArray(children)) node[tag] = withUntypedKeyList(children as OrderedXmlNode[]);
    }
    return [node];
  });
}

/** The document with every key a string for one domain, so that graphology-graphml reads every value as text. */
function withUntypedKeys(text: string): string {
  const document = new XMLParser(RAW_XML).parse(text) as OrderedXmlNode[];
  return new XMLBuilder(RAW_XML).build(withUntypedKeyList(document)) as string;
}

/** This project's export writes lists as JSON text, GraphML having no list type. */
function jsonList(text: string): AttributeValue | undefined {
  if (!/^\[[\s\S]*\]$/.test(text.trim())) return undefined;
  try {
    const list: unknown = JSON.parse(text);
    if (!Array.isArray(list) || list.length === 0) return undefined;
    const kinds = new Set(list.map((item) => typeof item));
    if (kinds.size !== 1 || !['string', 'number', 'boolean'].includes([...kinds][0])) return undefined;
    return list as string[] | number[] | boolean[];
  } catch {
    return undefined;
  }
}

/** A value as its key's attr.type says; text that does not fit the type is kept as text rather than lost. */
function typedValue(value: unknown, type: string | undefined): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return undefined;
  if (type === 'boolean' && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  // Integers beyond 2^53 would lose digits as numbers.
  if (type !== undefined && INTEGER_TYPES.has(type)) return Number.isSafeInteger(Number(text)) ? Number(text) : value;
  if (type !== undefined && DECIMAL_TYPES.has(type)) return Number.isFinite(Number(text)) ? Number(text) : value;
  return jsonList(value) ?? value;
}

function typedFields(attributes: Record<string, unknown>, scan: GraphmlScan, domain: Domain): Record<string, unknown> {
  const data = Object.entries(attributes).filter(([key]) => !scan.drawing[domain].has(key));
  return Object.fromEntries(data.map(([key, value]) => [key, typedValue(value, scan.types[domain].get(key))]));
}

const NODE_ROLES = { label: 'label', type: 'type', tags: 'tags' };
const EDGE_ROLES = { type: 'type', tags: 'tags' };

/** The label is a key named label, or else one named name (as prefuse and many others call it). */
function nodeFields(attributes: Record<string, unknown>): NamedFields {
  return withNameAsLabel(fieldsNamed(attributes, NODE_ROLES), (key) => normaliseHeader(key) === 'name');
}

function elementOf(id: string, attributes: Record<string, unknown>, scan: GraphmlScan, file: string): NetworkElement {
  return networkElement({ file, location: `node ${id}` }, nodeFields(typedFields(attributes, scan, 'node')), { id });
}

function directionOf(edge: ScannedEdge, scan: GraphmlScan): ConnectionDirection | undefined {
  if (edge.directed === undefined) return scan.defaultDirection;
  const directed = edge.directed.trim().toLowerCase();
  return directed === 'true' ? 'directed' : directed === 'false' ? 'undirected' : undefined;
}

function connectionOf(edge: GraphEdge, scan: GraphmlScan, file: string): NetworkConnection | FileNote {
  const scanned = scan.edges[edge.index];
  const location = edgeLocation(scanned.id, edge.index);
  const direction = directionOf(scanned, scan);
  if (!direction) return { file, location, field: 'directed', reason: `is "${scanned.directed}": GraphML's directed is true or false` };
  const named = fieldsNamed(typedFields(edge.attributes, scan, 'edge'), EDGE_ROLES);
  return networkConnection({ file, location }, { id: scanned.id, from: edge.source, to: edge.target, direction }, named);
}

export function readGraphml(content: Buffer, name: string): NetworkFile {
  const text = wellFormedXml(content, name);
  const scan = scanGraphml(text, name);
  const graph = graphRead(name, 'graphology-graphml', scan.edges.length, () =>
    parseGraphmlDocument(MultiGraph, withUntypedKeys(text), { addMissingNodes: true }) as MultiGraph,
  );
  const network: NetworkFile = { file: name, format: 'graphml', elements: [], connections: [], createsMissingEnds: false, problems: [], warnings: [] };
  for (const id of fileNodes(graph, scan.nodeCount)) {
    const element = elementOf(id, graph.getNodeAttributes(id), scan, name);
    network.elements.push(element);
    network.warnings.push(...unlabelledWarning(element));
  }
  for (const edge of graphEdges(graph)) {
    const connection = connectionOf(edge, scan, name);
    if ('reason' in connection) network.problems.push(connection);
    else network.connections.push(connection);
  }
  return network;
}
