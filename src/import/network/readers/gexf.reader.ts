import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MultiGraph } from 'graphology';
import { parse as parseGexfDocument } from 'graphology-gexf';
import {
  ConnectionDirection,
  FileNote,
  NetworkConnection,
  NetworkElement,
  NetworkFile,
  NetworkFileError,
} from '../network-file';
import { attributesOf, fieldsNamed, isRecord, tagsOf, textOf, unlabelledWarning } from './kumu-json.reader';
import { DIRECTIONS } from './network-csv.reader';

/**
 * GEXF 1.2 and 1.3, as Gephi writes it: graphology-gexf reads nodes, edges and their typed
 * attributes into a graphology MultiGraph, and this reader turns that graph into the model.
 *
 * graphology keeps what a graph needs, not everything a file says, so a light scan of the XML
 * (fast-xml-parser, values left unparsed) supplies the rest: attribute titles (graphology names an
 * attribute by its id unless the id is a number), whether an edge has an id of its own (graphology
 * invents keys for those without), an edge's "mutual" type (graphology reads it as undirected),
 * and which nodes the file lists (graphology adds the missing ends of edges, which are left to the
 * mapper to report). Drawing (viz colour, size, position, shape) is not data and is not read.
 *
 * The XML helpers here (well-formedness, the scan) serve graphml.reader.ts as well.
 */

export type XmlRecord = Record<string, unknown>;

/** XML is read as UTF-8, which Gephi, yEd and networkx write. */
export function xmlTextOf(content: Buffer): string {
  return content.toString('utf8').replace(/^\uFEFF/, '');
}

/** A file that is not well-formed XML cannot be read at all; the validator says where it breaks. */
export function assertXml(text: string, file: string): void {
  const result = XMLValidator.validate(text);
  if (result !== true) throw new NetworkFileError(file, `line ${result.err.line}`, `is not XML: ${result.err.msg}`);
}

/** The document as nested records, attributes as "@_name"; the elements listed in `skipped` are kept as raw text. */
export function scanXml(text: string, listTags: ReadonlySet<string>, skipped: string[]): XmlRecord {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    htmlEntities: true,
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (tagName, _path, _isLeaf, isAttribute) => !isAttribute && listTags.has(tagName),
    stopNodes: skipped,
  });
  return parser.parse(text) as XmlRecord;
}

/** Child elements by tag; an element without attributes or children comes back as an empty record. */
export function childrenOf(record: XmlRecord | undefined, tag: string): XmlRecord[] {
  const value = record?.[tag];
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (isRecord(item) ? item : {}));
}

export function xmlAttribute(record: XmlRecord | undefined, name: string): string | undefined {
  const value = record?.[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** The graphology parsers' errors, without their "graphology-gexf/parser:" or "Graph.addNode:" prefixes. */
export function graphologyReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^[\w-]+(?:\/[\w-]+)?(?:\.\w+)?:\s*/, '').replace(/\.$/, '');
}

/** "edge e12" when the file gives the edge an id, "edge 12" (its position, from 1) when not. */
export function edgeLocation(id: string | undefined, index: number): string {
  return `edge ${id ?? index + 1}`;
}

interface DeclaredAttribute {
  /** The attribute's title, or its id when it has none. */
  name: string;
  type: string;
}

interface ScannedEdge {
  id?: string;
  type?: string;
}

interface GexfScan {
  declared: Record<'node' | 'edge', Map<string, DeclaredAttribute>>;
  nodeCount: number;
  edges: ScannedEdge[];
  defaultDirection: ConnectionDirection;
}

const LIST_TAGS = new Set(['attributes', 'attribute', 'nodes', 'node', 'edges', 'edge']);
const SKIPPED = ['*.attvalues', '*.spells', '*.parents'];

/** graphology-gexf's own additions to an element's attributes, from the viz namespace. */
const DRAWING = new Set(['color', 'size', 'x', 'y', 'z', 'shape', 'thickness']);

const NUMERIC_TYPES = new Set(['integer', 'long', 'float', 'double', 'short', 'byte']);

function declarations(graph: XmlRecord): GexfScan['declared'] {
  const declared: GexfScan['declared'] = { node: new Map(), edge: new Map() };
  for (const block of childrenOf(graph, 'attributes')) {
    const target = xmlAttribute(block, 'class') === 'edge' ? declared.edge : declared.node;
    for (const attribute of childrenOf(block, 'attribute')) {
      const id = xmlAttribute(attribute, 'id') ?? xmlAttribute(attribute, 'for') ?? '';
      const title = xmlAttribute(attribute, 'title') || id;
      const entry = { name: title, type: xmlAttribute(attribute, 'type') ?? 'string' };
      // graphology names a value by the title when the id is a number, by the id otherwise.
      target.set(id, entry);
      target.set(Number.isNaN(Number(id)) ? id : title, entry);
    }
  }
  return declared;
}

/** Nodes may nest (GEXF hierarchies); graphology reads them all as nodes of one graph. */
function countNodes(parent: XmlRecord): number {
  return childrenOf(parent, 'nodes')
    .flatMap((nodes) => childrenOf(nodes, 'node'))
    .reduce((count, node) => count + 1 + countNodes(node), 0);
}

function directionNamed(text: string | undefined): ConnectionDirection | undefined {
  return text === undefined ? undefined : DIRECTIONS[text.trim().toLowerCase()];
}

function scanGexf(text: string, file: string): GexfScan {
  const document = scanXml(text, LIST_TAGS, SKIPPED);
  const root = isRecord(document.gexf) ? document.gexf : undefined;
  const graph = childrenOf(root, 'graph')[0];
  if (!root || !graph) throw new NetworkFileError(file, '', root ? 'has no <graph> element' : 'is not GEXF: it has no <gexf> element');
  const defaultType = xmlAttribute(graph, 'defaultedgetype');
  // GEXF's own default: a graph that does not say is undirected.
  const defaultDirection = defaultType === undefined ? 'undirected' : directionNamed(defaultType);
  if (!defaultDirection) {
    throw new NetworkFileError(file, 'graph', `has defaultedgetype "${defaultType}": GEXF's edge types are directed, undirected and mutual`);
  }
  const edges = childrenOf(graph, 'edges')
    .flatMap((block) => childrenOf(block, 'edge'))
    .map((edge) => ({ id: xmlAttribute(edge, 'id'), type: xmlAttribute(edge, 'type') }));
  assertUniqueIds(edges, file);
  return { declared: declarations(graph), nodeCount: countNodes(graph), edges, defaultDirection };
}

/** graphology merges two edges with one id into one; the file is refused rather than read short. */
export function assertUniqueIds(edges: readonly { id?: string }[], file: string): void {
  const seen = new Set<string>();
  for (const edge of edges) {
    if (edge.id === undefined) continue;
    if (seen.has(edge.id)) throw new NetworkFileError(file, `edge ${edge.id}`, 'has the id of another edge: every edge needs its own');
    seen.add(edge.id);
  }
}

function graphOf(text: string, file: string): MultiGraph {
  try {
    return parseGexfDocument(MultiGraph, text, { addMissingNodes: true, allowUndeclaredAttributes: true }) as MultiGraph;
  } catch (error) {
    throw new NetworkFileError(file, '', `cannot be read: ${graphologyReason(error)}`);
  }
}

interface ReadAttributes {
  label?: string;
  fields: Record<string, unknown>;
  notes: FileNote[];
}

/** A value graphology left as text (an attribute declared in a second block) takes its declared type. */
function typedValue(value: unknown, type: string | undefined): unknown {
  if (typeof value !== 'string' || type === undefined) return value;
  if (NUMERIC_TYPES.has(type) && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (type === 'boolean') return value === 'true';
  return value;
}

function readAttributes(attributes: Record<string, unknown>, declared: Map<string, DeclaredAttribute>, at: { file: string; location: string }): ReadAttributes {
  const read: ReadAttributes = { fields: {}, notes: [] };
  for (const [key, value] of Object.entries(attributes)) {
    const declaration = declared.get(key);
    if (key === 'label' && typeof value === 'string') read.label = value.trim() || undefined;
    else if (declaration) {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        read.notes.push({ ...at, field: declaration.name, reason: `is not a number, though declared ${declaration.type}; it is left out` });
      } else read.fields[declaration.name] = typedValue(value, declaration.type);
    } else if (!DRAWING.has(key)) read.fields[key] = value;
  }
  return read;
}

const ROLES = { type: 'type', tags: 'tags' };

function elementOf(id: string, attributes: Record<string, unknown>, scan: GexfScan, file: string): { element: NetworkElement; notes: FileNote[] } {
  const location = `node ${id}`;
  const read = readAttributes(attributes, scan.declared.node, { file, location });
  const { fields, rest } = fieldsNamed(read.fields, ROLES);
  const type = textOf(fields.get('type')?.value);
  const element: NetworkElement = {
    file,
    location,
    id,
    ...(read.label !== undefined ? { label: read.label } : {}),
    ...(type !== undefined ? { type } : {}),
    ...tagsOf(fields.get('tags')?.value),
    attributes: attributesOf(rest),
  };
  return { element, notes: [...read.notes, ...unlabelledWarning(element)] };
}

interface EdgeEnds {
  source: string;
  target: string;
  index: number;
}

interface EdgeRead {
  connection?: NetworkConnection;
  problem?: FileNote;
  notes: FileNote[];
}

function connectionOf(ends: EdgeEnds, attributes: Record<string, unknown>, scan: GexfScan, file: string): EdgeRead {
  const scanned = scan.edges[ends.index];
  const location = edgeLocation(scanned.id, ends.index);
  const direction = scanned.type === undefined ? scan.defaultDirection : directionNamed(scanned.type);
  if (!direction) {
    return { notes: [], problem: { file, location, field: 'type', reason: `is "${scanned.type}": GEXF's edge types are directed, undirected and mutual` } };
  }
  const read = readAttributes(attributes, scan.declared.edge, { file, location });
  const { fields, rest } = fieldsNamed(read.fields, ROLES);
  // Gephi users type a link's kind into its label when they have no attribute for it.
  const type = textOf(fields.get('type')?.value) ?? read.label;
  const label = read.label !== undefined && read.label !== type ? [['label', read.label] as [string, unknown]] : [];
  const connection: NetworkConnection = {
    file,
    location,
    ...(scanned.id !== undefined ? { id: scanned.id } : {}),
    from: ends.source,
    to: ends.target,
    by: 'id',
    ...(type !== undefined ? { type } : {}),
    direction,
    ...tagsOf(fields.get('tags')?.value),
    attributes: attributesOf([...label, ...rest]),
  };
  return { connection, notes: read.notes };
}

export function readGexf(content: Buffer, name: string): NetworkFile {
  const text = xmlTextOf(content);
  assertXml(text, name);
  const scan = scanGexf(text, name);
  const graph = graphOf(text, name);
  if (graph.size !== scan.edges.length) {
    throw new NetworkFileError(name, '', `cannot be read: graphology-gexf read ${graph.size} of its ${scan.edges.length} edges`);
  }
  const network: NetworkFile = { file: name, format: 'gexf', elements: [], connections: [], createsMissingEnds: false, problems: [], warnings: [] };
  // graphology adds the file's nodes first, in order, then any end an edge names that the file lacks.
  graph.nodes().slice(0, scan.nodeCount).forEach((id) => {
    const { element, notes } = elementOf(id, graph.getNodeAttributes(id), scan, name);
    network.elements.push(element);
    network.warnings.push(...notes);
  });
  let index = 0;
  graph.forEachEdge((_key, attributes, source, target) => {
    const { connection, notes, problem } = connectionOf({ source, target, index: index++ }, attributes, scan, name);
    if (connection) network.connections.push(connection);
    if (problem) network.problems.push(problem);
    network.warnings.push(...notes);
  });
  return network;
}
