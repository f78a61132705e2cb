import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { MultiGraph } from 'graphology';
import { NetworkFileError } from '../network-file';
import { isRecord } from './values';

/**
 * What the GEXF and GraphML readers share: both read a file twice, once with a light scan of the
 * XML (values left unparsed) for what graphology does not keep, once with a graphology parser,
 * and match the two by position.
 */

export type XmlRecord = Record<string, unknown>;

/**
 * The file's text, read as UTF-8 (which Gephi, yEd and networkx write). A file that is not
 * well-formed XML cannot be read at all; the validator says where it breaks.
 */
export function wellFormedXml(content: Buffer, file: string): string {
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  const result = XMLValidator.validate(text);
  if (result !== true) throw new NetworkFileError(file, `line ${result.err.line}`, `is not XML: ${result.err.msg}`);
  return text;
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

/** The document's root element and its first <graph>; a file without them is not of the format at all. */
export function rootAndGraph(document: XmlRecord, rootTag: string, format: string, file: string): { root: XmlRecord; graph: XmlRecord } {
  const root = isRecord(document[rootTag]) ? document[rootTag] : undefined;
  const graph = childrenOf(root, 'graph')[0];
  if (!root || !graph) throw new NetworkFileError(file, '', root ? 'has no <graph> element' : `is not ${format}: it has no <${rootTag}> element`);
  return { root, graph };
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
function graphologyReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^[\w-]+(?:\/[\w-]+)?(?:\.\w+)?:\s*/, '').replace(/\.$/, '');
}

/**
 * The graph `parser` (graphology-gexf, graphology-graphml) reads; its edges are matched to the
 * scan's by position, so a graph with another number of edges is refused rather than misread.
 */
export function graphRead(file: string, parser: string, scannedEdges: number, parse: () => MultiGraph): MultiGraph {
  let graph: MultiGraph;
  try {
    graph = parse();
  } catch (error) {
    throw new NetworkFileError(file, '', `cannot be read: ${graphologyReason(error)}`);
  }
  if (graph.size !== scannedEdges) throw new NetworkFileError(file, '', `cannot be read: ${parser} read ${graph.size} of its ${scannedEdges} edges`);
  return graph;
}

/** The nodes the file lists: graphology adds them first, in order, then any end an edge names that the file lacks. */
export function fileNodes(graph: MultiGraph, nodeCount: number): string[] {
  return graph.nodes().slice(0, nodeCount);
}

export interface GraphEdge {
  source: string;
  target: string;
  /** Its position in the file, where the scan's list of edges has it too. */
  index: number;
  attributes: Record<string, unknown>;
}

export function graphEdges(graph: MultiGraph): GraphEdge[] {
  return graph.mapEdges((_key, attributes, source, target) => ({ source, target, attributes })).map((edge, index) => ({ ...edge, index }));
}

/** "edge e12" when the file gives the edge an id, "edge 12" (its position, from 1) when not. */
export function edgeLocation(id: string | undefined, index: number): string {
  return `edge ${id ?? index + 1}`;
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
