import { XMLBuilder } from 'fast-xml-parser';
import type { NetworkData } from '../network/network.type';
import { AttributeType, attributeTypes, edgeAttributes, FlatValue, nodeAttributes } from './attributes';

type Attributes = Record<string, FlatValue>;

interface Key {
  id: string;
  domain: 'node' | 'edge';
  name: string;
  type: AttributeType;
}

/** GraphML has no list type; JSON keeps lists exact and readable by any consumer. */
function text(value: FlatValue): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

function declareKeys(domain: Key['domain'], rows: Attributes[], firstIndex: number): Key[] {
  return [...attributeTypes(rows)].map(([name, type], index) => ({ id: `d${firstIndex + index}`, domain, name, type }));
}

function dataElements(keys: readonly Key[], attributes: Attributes) {
  return keys
    .filter((key) => attributes[key.name] !== undefined)
    .map((key) => ({ '@_key': key.id, '#text': text(attributes[key.name]) }));
}

/**
 * GraphML with one typed <key> per attribute (attr.type string, double or boolean), as yEd,
 * Gephi, networkx and igraph read it. Parallel links stay separate edges with their own ids.
 */
export function writeGraphml(network: NetworkData): string {
  const nodeRows = network.nodes.map(nodeAttributes);
  const edgeRows = network.edges.map(edgeAttributes);
  const nodeKeys = declareKeys('node', nodeRows, 0);
  const edgeKeys = declareKeys('edge', edgeRows, nodeKeys.length);
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    graphml: {
      '@_xmlns': 'http://graphml.graphdrawing.org/xmlns',
      '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@_xsi:schemaLocation': 'http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd',
      key: [...nodeKeys, ...edgeKeys].map((key) => ({
        '@_id': key.id,
        '@_for': key.domain,
        '@_attr.name': key.name,
        '@_attr.type': key.type,
      })),
      graph: {
        '@_id': 'G',
        '@_edgedefault': 'directed',
        node: network.nodes.map((node, index) => ({ '@_id': node.id, data: dataElements(nodeKeys, nodeRows[index]) })),
        edge: network.edges.map((edge, index) => ({
          '@_id': edge.id,
          '@_source': edge.source,
          '@_target': edge.target,
          data: dataElements(edgeKeys, edgeRows[index]),
        })),
      },
    },
  };
  return new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true }).build(document);
}
