import { XMLBuilder } from 'fast-xml-parser';
import type { NetworkData, NetworkEdge, NetworkNode } from '../network/network.type';
import { AttributeType, AttributeTypes, edgeAttributes, FlatValue, nodeAttributes } from './attributes';

type Attributes = Record<string, FlatValue>;

interface Key {
  id: string;
  domain: 'node' | 'edge';
  name: string;
  type: AttributeType;
}

/** The typed <key> declarations, settled from every node and link before any is written. */
export interface GraphmlModel {
  nodeKeys: Key[];
  edgeKeys: Key[];
}

/** GraphML has no list type; JSON keeps lists exact and readable by any consumer. */
function text(value: FlatValue): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

function declareKeys(domain: Key['domain'], types: AttributeTypes, firstIndex: number): Key[] {
  return [...types.types].map(([name, type], index) => ({ id: `d${firstIndex + index}`, domain, name, type }));
}

function dataElements(keys: readonly Key[], attributes: Attributes) {
  return keys
    .filter((key) => attributes[key.name] !== undefined)
    .map((key) => ({ '@_key': key.id, '#text': text(attributes[key.name]) }));
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true, suppressBooleanAttributes: false });

/** Builds the model from the nodes and links as they come (a page at a time, or all at once). */
export class GraphmlModelBuilder {
  private readonly nodeTypes = new AttributeTypes();
  private readonly edgeTypes = new AttributeTypes();

  addNodes(nodes: readonly NetworkNode[]): void {
    for (const node of nodes) this.nodeTypes.add(nodeAttributes(node, { layout: true }));
  }

  addEdges(edges: readonly NetworkEdge[]): void {
    for (const edge of edges) this.edgeTypes.add(edgeAttributes(edge));
  }

  model(): GraphmlModel {
    const nodeKeys = declareKeys('node', this.nodeTypes, 0);
    return { nodeKeys, edgeKeys: declareKeys('edge', this.edgeTypes, nodeKeys.length) };
  }
}

/** Everything before the first node: the declaration, the root, the keys, the opening graph tag. */
export function graphmlHead(model: GraphmlModel): string {
  const keys = builder.build({
    key: [...model.nodeKeys, ...model.edgeKeys].map((key) => ({
      '@_id': key.id,
      '@_for': key.domain,
      '@_attr.name': key.name,
      '@_attr.type': key.type,
    })),
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n' +
    keys +
    '<graph id="G" edgedefault="directed">\n'
  );
}

export const GRAPHML_TAIL = '</graph>\n</graphml>\n';

export function graphmlNodes(model: GraphmlModel, nodes: readonly NetworkNode[]): string {
  if (nodes.length === 0) return '';
  return builder.build({ node: nodes.map((node) => ({ '@_id': node.id, data: dataElements(model.nodeKeys, nodeAttributes(node, { layout: true })) })) });
}

export function graphmlEdges(model: GraphmlModel, edges: readonly NetworkEdge[]): string {
  if (edges.length === 0) return '';
  return builder.build({
    edge: edges.map((edge) => ({
      '@_id': edge.id,
      '@_source': edge.source,
      '@_target': edge.target,
      data: dataElements(model.edgeKeys, edgeAttributes(edge)),
    })),
  });
}

/**
 * GraphML with one typed <key> per attribute (attr.type string, double or boolean), as yEd,
 * Gephi, networkx and igraph read it. Parallel links stay separate edges with their own ids.
 * GraphML has no standard place for a position, so a stored layout is two keys like the others.
 */
export function writeGraphml(network: NetworkData): string {
  const models = new GraphmlModelBuilder();
  models.addNodes(network.nodes);
  models.addEdges(network.edges);
  const model = models.model();
  return graphmlHead(model) + graphmlNodes(model, network.nodes) + graphmlEdges(model, network.edges) + GRAPHML_TAIL;
}
