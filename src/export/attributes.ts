import { FILE_ATTRIBUTE_OF_METRIC, isAnalysisFileAttribute, METRIC_KEYS } from '../analysis/analysis.properties';
import type { NetworkEdge, NetworkNode } from '../network/network.type';

/** A value every format can write: lists stay lists (GEXF has list types); anything nested becomes JSON. */
export type FlatValue = string | number | boolean | string[] | number[] | boolean[];

function flat(value: unknown): FlatValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  if (Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item))) return value as number[];
  if (Array.isArray(value) && value.every((item) => typeof item === 'boolean')) return value as boolean[];
  return JSON.stringify(value);
}

/**
 * Names the exports give their own meaning; a free attribute named so (in any case: Kumu reads
 * headers case-insensitively) is left out, so that an export can always be re-read.
 */
const NODE_STRUCTURAL = new Set(['id', 'label', 'type', 'kind', 'tags', 'attributes']);
const EDGE_STRUCTURAL = new Set(['id', 'label', 'source', 'target', 'from', 'to', 'type', 'direction', 'tags', 'attributes']);

function writtenFreeAttributes(attributes: unknown, taken: (key: string) => boolean): Record<string, FlatValue> {
  const out: Record<string, FlatValue> = {};
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) return out;
  for (const [key, value] of Object.entries(attributes)) {
    if (taken(key.toLowerCase())) continue;
    const written = flat(value);
    if (written !== undefined) out[key] = written;
  }
  return out;
}

/** A node's free attributes as the exports write them, each under its own key. */
export function nodeFreeAttributes(node: NetworkNode): Record<string, FlatValue> {
  return writtenFreeAttributes(node.attributes, (key) => NODE_STRUCTURAL.has(key) || isAnalysisFileAttribute(key));
}

const METRICS_WITHOUT_LAYOUT = METRIC_KEYS.filter((key) => key !== 'x' && key !== 'y');

/**
 * A node's analysis values under the exports' names, in METRIC_KEYS order: the metrics, and the
 * layout too where the format has no place of its own for a position (GraphML, CSV).
 */
export function nodeAnalysisAttributes(node: NetworkNode, { layout }: { layout: boolean }): Record<string, number> {
  const out: Record<string, number> = {};
  if (!node.analysis) return out;
  for (const key of layout ? METRIC_KEYS : METRICS_WITHOUT_LAYOUT) {
    const value = node.analysis[key];
    if (value !== undefined) out[FILE_ATTRIBUTE_OF_METRIC[key]] = value;
  }
  return out;
}

/** The stored ForceAtlas2 position, for the formats that place nodes themselves (GEXF's viz, Cytoscape's position). */
export function nodePosition(node: NetworkNode): { x: number; y: number } | null {
  const x = node.analysis?.x;
  const y = node.analysis?.y;
  return x !== undefined && y !== undefined ? { x, y } : null;
}

/** Node sizes for GEXF's viz:size: the area grows with PageRank, from Gephi's smallest usual size to about five times its default. */
const SMALLEST_NODE = 5;
const LARGEST_NODE = 50;

/** The size of a node of this PageRank among nodes whose largest PageRank is `largest`; none without a PageRank. */
export function nodeSize(node: NetworkNode, largest: number): number | undefined {
  const pagerank = node.analysis?.pagerank;
  if (pagerank === undefined || !(largest > 0)) return undefined;
  return SMALLEST_NODE + (LARGEST_NODE - SMALLEST_NODE) * Math.sqrt(Math.max(0, pagerank) / largest);
}

/** The largest PageRank among these nodes and `sofar`, as the model passes gather it for nodeSize. */
export function largestPagerank(nodes: readonly NetworkNode[], sofar = 0): number {
  return nodes.reduce((largest, node) => Math.max(largest, node.analysis?.pagerank ?? 0), sofar);
}

/**
 * The attributes every export writes for a node, in a fixed order; null kinds and empty tags are
 * left out. `layout` adds the stored position as attributes, for formats with no place for it.
 */
export function nodeAttributes(node: NetworkNode, { layout = false }: { layout?: boolean } = {}): Record<string, FlatValue> {
  const out: Record<string, FlatValue> = { label: node.label, type: node.type };
  if (node.kind !== null && node.kind !== undefined) out.kind = node.kind;
  if (node.tags?.length) out.tags = node.tags;
  return { ...out, ...nodeAnalysisAttributes(node, { layout }), ...nodeFreeAttributes(node) };
}

/**
 * A link's type and stored properties, without its free attributes. Structural names win over a
 * property that happens to share them, so an export can always be re-read.
 */
export function edgePropertyAttributes(edge: NetworkEdge): Record<string, FlatValue> {
  const out: Record<string, FlatValue> = { type: edge.type };
  for (const [key, value] of Object.entries(edge.properties ?? {})) {
    if (key === 'type' || key === 'id' || key === 'source' || key === 'target' || key === 'attributes') continue;
    const written = flat(value);
    if (written !== undefined) out[key] = written;
  }
  return out;
}

/** A link's free attributes, each under its own key; the model's own properties win over them. */
export function edgeFreeAttributes(edge: NetworkEdge): Record<string, FlatValue> {
  const properties = edge.properties ?? {};
  const stored = new Set(Object.keys(properties).map((key) => key.toLowerCase()));
  return writtenFreeAttributes(properties.attributes, (key) => EDGE_STRUCTURAL.has(key) || stored.has(key));
}

/** The attributes every export writes for a link: its type, its properties, then its free attributes. */
export function edgeAttributes(edge: NetworkEdge): Record<string, FlatValue> {
  return { ...edgePropertyAttributes(edge), ...edgeFreeAttributes(edge) };
}

export type AttributeType = 'string' | 'double' | 'boolean';

/**
 * One type per attribute across all elements, as GraphML keys and typed readers need: numbers
 * are doubles (money amounts may have cents in one link and not in the next), lists are strings.
 */
export class AttributeTypes {
  readonly types = new Map<string, AttributeType>();

  /** Takes one more element's attributes into account: the types only ever widen to string. */
  add(row: Record<string, FlatValue>): void {
    for (const [key, value] of Object.entries(row)) {
      const type: AttributeType = typeof value === 'number' ? 'double' : typeof value === 'boolean' ? 'boolean' : 'string';
      const known = this.types.get(key);
      this.types.set(key, known === undefined || known === type ? type : 'string');
    }
  }
}
