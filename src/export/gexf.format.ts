import { write as writeGexfDocument } from 'graphology-gexf';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { MultiDirectedGraph } from 'graphology';
import type { NetworkData, NetworkEdge, NetworkNode } from '../network/network.type';
import { parsePartialDate } from '../common/partial-date';
import { ORDERED_XML, OrderedXmlNode } from '../common/ordered-xml';
import { edgeAttributes, FlatValue, largestPagerank, nodeAttributes, nodePosition, nodeSize } from './attributes';

type Attributes = Record<string, FlatValue>;

function children(node: OrderedXmlNode, tag: string): OrderedXmlNode[] {
  return ((node[tag] as OrderedXmlNode[] | undefined) ?? []);
}

function findChild(list: OrderedXmlNode[], tag: string): OrderedXmlNode | undefined {
  return list.find((item) => tag in item);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => ENTITIES[name]);

/** A link's period as GEXF dates: a partial date stands for its whole period (2013 = 2013-01-01..2013-12-31). */
export function gexfInterval(properties: Record<string, unknown>): { start?: string; end?: string } {
  const start = typeof properties.startDate === 'string' ? parsePartialDate(properties.startDate)?.first : undefined;
  const end = typeof properties.endDate === 'string' ? parsePartialDate(properties.endDate)?.last : undefined;
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

/**
 * graphology-gexf writes the graph, the attribute model and the values, but has no notion of
 * time. Gephi's timeline needs mode="dynamic" on the graph and start/end on the elements,
 * which are added to the written document here. The XML is only re-arranged, never re-encoded:
 * entities stay as graphology-gexf escaped them (newlines in attribute values included), so the
 * text of every value survives untouched.
 */
function addDynamics(xml: string, network: NetworkData): string {
  const document = new XMLParser(ORDERED_XML).parse(xml) as OrderedXmlNode[];
  const root = findChild(document, 'gexf');
  const graph = root && findChild(children(root, 'gexf'), 'graph');
  if (!graph) throw new Error('graphology-gexf wrote no <graph> element');
  graph[':@'] = { ...graph[':@'], '@_mode': 'dynamic', '@_timeformat': 'date' };
  const intervals = new Map(network.edges.map((edge) => [edge.id, gexfInterval(edge.properties ?? {})]));
  const edges = findChild(children(graph, 'graph'), 'edges');
  for (const edge of edges ? children(edges, 'edges') : []) {
    const attributes = edge[':@'] ?? {};
    const interval = intervals.get(decode(attributes['@_id'] ?? ''));
    if (interval?.start) attributes['@_start'] = interval.start;
    if (interval?.end) attributes['@_end'] = interval.end;
    edge[':@'] = attributes;
  }
  return new XMLBuilder({ ...ORDERED_XML, format: true, indentBy: '  ', suppressEmptyNode: true }).build(document);
}

/** What Gephi draws a node with, from a stored analysis: its ForceAtlas2 position and a size that grows with its PageRank. */
interface Viz {
  x?: number;
  y?: number;
  z?: number;
  size?: number;
}

function vizOf(node: NetworkNode, largest: number): Viz | null {
  const position = nodePosition(node);
  const size = nodeSize(node, largest);
  if (!position && size === undefined) return null;
  return { ...(position ? { ...position, z: 0 } : {}), ...(size !== undefined ? { size } : {}) };
}

/**
 * GEXF 1.3 for Gephi: node and link attributes in typed attribute models, link periods as dynamic
 * intervals, and a stored analysis's layout and PageRank as viz:position and viz:size, so that
 * Gephi opens the file laid out and sized.
 */
export function writeGexf(network: NetworkData): string {
  const graph = new MultiDirectedGraph<Attributes, Attributes>();
  const largest = largestPagerank(network.nodes);
  const vizById = new Map<string, Viz>();
  for (const node of network.nodes) {
    graph.mergeNode(node.id, nodeAttributes(node));
    const viz = vizOf(node, largest);
    if (viz) vizById.set(node.id, viz);
  }
  for (const edge of network.edges) graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, edgeAttributes(edge));
  const xml = writeGexfDocument(graph, {
    version: '1.3',
    formatNode: (key, attributes) => {
      const { label, ...rest } = attributes;
      const viz = vizById.get(key);
      return { label: String(label), attributes: rest, ...(viz ? { viz } : {}) };
    },
    // The relationship type doubles as the label, which is what Gephi shows on a link.
    formatEdge: (_key, attributes) => ({ label: String(attributes.type), attributes }),
  });
  return addDynamics(xml, network);
}

/*
 * The same document, written a page of elements at a time for exports of the whole graph, which
 * graphology-gexf cannot do: it writes a graph held in memory. The attribute model is settled
 * first, from every element, with graphology-gexf's own typing rules (the narrowest GEXF type
 * that holds every value, lists as list types), so that both writers give files that Gephi and
 * graphology-gexf's parser read to the same graph (test/unit/export-stream.unit.test.ts).
 */

type GexfType = 'liststring' | 'listdouble' | 'listlong' | 'listinteger' | 'listboolean' | 'string' | 'double' | 'long' | 'integer' | 'boolean';

/** Lower wins when values of one attribute disagree: any string makes a string. */
const GEXF_TYPE_RANK: Record<GexfType, number> = {
  liststring: 0,
  listdouble: 1,
  listlong: 2,
  listinteger: 3,
  listboolean: 4,
  string: 5,
  double: 6,
  long: 7,
  integer: 8,
  boolean: 9,
};

function scalarType(value: string | number | boolean): 'string' | 'double' | 'long' | 'integer' | 'boolean' {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') {
    if (value !== (value | 0)) return 'double';
    return value <= 0x7fffffff && value >= -0x7fffffff ? 'integer' : 'long';
  }
  return 'string';
}

function gexfType(value: FlatValue): GexfType | null {
  if (value === '') return null;
  if (!Array.isArray(value)) return scalarType(value);
  const items = (value as (string | number | boolean)[]).filter((item) => item !== '');
  if (items.length === 0) return null;
  return `list${items.map(scalarType).reduce((a, b) => (GEXF_TYPE_RANK[`list${a}`] <= GEXF_TYPE_RANK[`list${b}`] ? a : b))}` as GexfType;
}

/** A list as GEXF 1.3 writes it, `[a, b]`, each string quoted when it holds a quote or a line break. */
function gexfValue(type: GexfType, value: FlatValue): string {
  if (!type.startsWith('list')) return String(value);
  const items = Array.isArray(value) ? (value as (string | number | boolean)[]) : [value];
  const subtype = type.slice(4);
  return `[${items
    .map((item) => {
      const text = String(item);
      if (subtype !== 'string' || /[\r\t\n]/.test(text)) return JSON.stringify(item);
      if (!text.includes("'")) return text.includes('"') ? `'${text}'` : text;
      return JSON.stringify(item);
    })
    .join(', ')}]`;
}

class GexfTypes {
  readonly types = new Map<string, GexfType>();

  add(attributes: Attributes): void {
    for (const [key, value] of Object.entries(attributes)) {
      const type = gexfType(value);
      if (type === null) continue;
      const known = this.types.get(key);
      if (!known || GEXF_TYPE_RANK[type] < GEXF_TYPE_RANK[known]) this.types.set(key, type);
    }
  }
}

export interface GexfModel {
  node: ReadonlyMap<string, GexfType>;
  edge: ReadonlyMap<string, GexfType>;
  /** The largest stored PageRank of the graph, which viz:size is relative to; 0 without an analysis. */
  largestPagerank: number;
}

function nodeGexfAttributes(node: NetworkNode): Attributes {
  const { label: _label, ...rest } = nodeAttributes(node);
  return rest;
}

export class GexfModelBuilder {
  private readonly nodeTypes = new GexfTypes();
  private readonly edgeTypes = new GexfTypes();
  private largestPagerank = 0;

  addNodes(nodes: readonly NetworkNode[]): void {
    for (const node of nodes) this.nodeTypes.add(nodeGexfAttributes(node));
    this.largestPagerank = largestPagerank(nodes, this.largestPagerank);
  }

  addEdges(edges: readonly NetworkEdge[]): void {
    for (const edge of edges) this.edgeTypes.add(edgeAttributes(edge));
  }

  model(): GexfModel {
    return { node: this.nodeTypes.types, edge: this.edgeTypes.types, largestPagerank: this.largestPagerank };
  }
}

/**
 * GEXF carries every value in an attribute, where an XML parser turns a raw line break or tab into
 * a space: they are written as character references, as graphology-gexf does, with the five
 * markup characters. fast-xml-parser's builder escapes only the five, so it is told to escape
 * nothing and gets the values escaped here.
 */
const ATTRIBUTE_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };
const escapeAttribute = (value: string) => value.replace(/[&<>"'\n\r\t]/g, (char) => ATTRIBUTE_ESCAPES[char]);

const gexfBuilder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  processEntities: false,
  attributeValueProcessor: (_name, value) => escapeAttribute(String(value)),
});

function attvalues(types: ReadonlyMap<string, GexfType>, attributes: Attributes) {
  const values = [...types]
    .filter(([name]) => attributes[name] !== undefined && attributes[name] !== '')
    .map(([name, type]) => ({ '@_for': name, '@_value': gexfValue(type, attributes[name]) }));
  return values.length ? { attvalues: { attvalue: values } } : {};
}

export function gexfHead(model: GexfModel): string {
  const declarations = gexfBuilder.build({
    attributes: (['node', 'edge'] as const).map((domain) => ({
      '@_class': domain,
      attribute: [...model[domain]].map(([name, type]) => ({ '@_id': name, '@_title': name, '@_type': type })),
    })),
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<gexf version="1.3" xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd">\n' +
    '<meta/>\n<graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n' +
    declarations
  );
}

export const GEXF_NODES_OPEN = '<nodes>\n';
export const GEXF_EDGES_OPEN = '</nodes>\n<edges>\n';
export const GEXF_TAIL = '</edges>\n</graph>\n</gexf>\n';

/** viz:size before viz:position, the order graphology-gexf writes them in. */
function vizElements(node: NetworkNode, model: GexfModel) {
  const viz = vizOf(node, model.largestPagerank);
  if (!viz) return {};
  return {
    ...(viz.size !== undefined ? { 'viz:size': { '@_value': viz.size } } : {}),
    ...(viz.x !== undefined ? { 'viz:position': { '@_x': viz.x, '@_y': viz.y, '@_z': viz.z } } : {}),
  };
}

export function gexfNodes(model: GexfModel, nodes: readonly NetworkNode[]): string {
  if (nodes.length === 0) return '';
  return gexfBuilder.build({
    node: nodes.map((node) => ({ '@_id': node.id, '@_label': node.label, ...attvalues(model.node, nodeGexfAttributes(node)), ...vizElements(node, model) })),
  });
}

export function gexfEdges(model: GexfModel, edges: readonly NetworkEdge[]): string {
  if (edges.length === 0) return '';
  return gexfBuilder.build({
    edge: edges.map((edge) => {
      const attributes = edgeAttributes(edge);
      const interval = gexfInterval(edge.properties ?? {});
      return {
        '@_id': edge.id,
        '@_source': edge.source,
        '@_target': edge.target,
        '@_label': String(attributes.type),
        ...(interval.start ? { '@_start': interval.start } : {}),
        ...(interval.end ? { '@_end': interval.end } : {}),
        ...attvalues(model.edge, attributes),
      };
    }),
  });
}
