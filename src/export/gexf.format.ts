import { write as writeGexfDocument } from 'graphology-gexf';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { MultiDirectedGraph } from 'graphology';
import type { NetworkData } from '../network/network.type';
import { parsePartialDate } from '../common/partial-date';
import { ORDERED_XML, OrderedXmlNode } from '../common/ordered-xml';
import { edgeAttributes, FlatValue, nodeAttributes } from './attributes';

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

/** GEXF 1.3 for Gephi: node and link attributes in typed attribute models, link periods as dynamic intervals. */
export function writeGexf(network: NetworkData): string {
  const graph = new MultiDirectedGraph<Attributes, Attributes>();
  for (const node of network.nodes) graph.mergeNode(node.id, nodeAttributes(node));
  for (const edge of network.edges) graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, edgeAttributes(edge));
  const xml = writeGexfDocument(graph, {
    version: '1.3',
    formatNode: (_key, attributes) => {
      const { label, ...rest } = attributes;
      return { label: String(label), attributes: rest };
    },
    // The relationship type doubles as the label, which is what Gephi shows on a link.
    formatEdge: (_key, attributes) => ({ label: String(attributes.type), attributes }),
  });
  return addDynamics(xml, network);
}
