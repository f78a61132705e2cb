import { MultiGraph } from 'graphology';
import { parse as parseGexfDocument } from 'graphology-gexf';
import { ConnectionDirection, FileNote, NetworkConnection, NetworkElement, NetworkFile, NetworkFileError } from '../network-file';
import { directionNamed, fieldsNamed, fieldText, networkConnection, networkElement, unlabelledWarning } from './values';
import { assertUniqueIds, childrenOf, edgeLocation, fileNodes, GraphEdge, graphEdges, graphRead, rootAndGraph, scanXml, wellFormedXml, xmlAttribute, XmlRecord } from './xml';

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
 */

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

function scanGexf(text: string, file: string): GexfScan {
  const { graph } = rootAndGraph(scanXml(text, LIST_TAGS, SKIPPED), 'gexf', 'GEXF', file);
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
  const element = networkElement({ file, location }, fieldsNamed(read.fields, ROLES), { id, label: read.label });
  return { element, notes: [...read.notes, ...unlabelledWarning(element)] };
}

interface EdgeRead {
  connection?: NetworkConnection;
  problem?: FileNote;
  notes: FileNote[];
}

function connectionOf(edge: GraphEdge, scan: GexfScan, file: string): EdgeRead {
  const scanned = scan.edges[edge.index];
  const location = edgeLocation(scanned.id, edge.index);
  const direction = scanned.type === undefined ? scan.defaultDirection : directionNamed(scanned.type);
  if (!direction) {
    return { notes: [], problem: { file, location, field: 'type', reason: `is "${scanned.type}": GEXF's edge types are directed, undirected and mutual` } };
  }
  const read = readAttributes(edge.attributes, scan.declared.edge, { file, location });
  const named = fieldsNamed(read.fields, ROLES);
  // Gephi users type a link's kind into its label when they have no attribute for it.
  const type = fieldText(named, 'type') ?? read.label;
  const label = read.label !== undefined && read.label !== type ? [['label', read.label] as [string, unknown]] : [];
  const connection = networkConnection(
    { file, location },
    { id: scanned.id, from: edge.source, to: edge.target, type, direction },
    { ...named, rest: [...label, ...named.rest] },
  );
  return { connection, notes: read.notes };
}

export function readGexf(content: Buffer, name: string): NetworkFile {
  const text = wellFormedXml(content, name);
  const scan = scanGexf(text, name);
  const graph = graphRead(name, 'graphology-gexf', scan.edges.length, () =>
    parseGexfDocument(MultiGraph, text, { addMissingNodes: true, allowUndeclaredAttributes: true }) as MultiGraph,
  );
  const network: NetworkFile = { file: name, format: 'gexf', elements: [], connections: [], createsMissingEnds: false, problems: [], warnings: [] };
  for (const id of fileNodes(graph, scan.nodeCount)) {
    const { element, notes } = elementOf(id, graph.getNodeAttributes(id), scan, name);
    network.elements.push(element);
    network.warnings.push(...notes);
  }
  for (const edge of graphEdges(graph)) {
    const { connection, notes, problem } = connectionOf(edge, scan, name);
    if (connection) network.connections.push(connection);
    if (problem) network.problems.push(problem);
    network.warnings.push(...notes);
  }
  return network;
}
