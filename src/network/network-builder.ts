import type { NodeLabel } from '../relationships/relationship-kinds';
import { type EdgeRow, type LabelledNodeRow, UNREAD_LINK_PROPERTIES } from './queries';
import { NetworkData, NetworkEdge, NetworkNode } from './network.type';
import { attributesOf } from '../common/free-attributes';
import { strings } from '../common/props';

/**
 * Stored properties that are bookkeeping or internal encodings, not facts about the link: those
 * EDGE_PROJECTION does not even read, and the exact amounts, which come back below under their own names.
 */
const HIDDEN = new Set([...UNREAD_LINK_PROPERTIES, 'amountExact', 'amountEurExact']);

export function toNetworkNode(label: NodeLabel, props: Record<string, unknown>): NetworkNode {
  const kind = label === 'Territory' ? props.level : props.kind;
  return Object.assign(new NetworkNode(), {
    id: String(props.id),
    label: String(props.name),
    type: label,
    kind: kind == null ? null : String(kind),
    tags: strings(props.tags),
    attributes: attributesOf(props.attributes),
  });
}

/**
 * The link's facts as plain JSON. Money shows as `amount` and `amountEur` (numbers, for drawing and
 * for typed formats) and as `amountExact` and `amountEurExact`, the stored exact decimal strings,
 * which are what sums and exports that print amounts use. Free attributes, stored as JSON text,
 * come out as the object they are.
 */
export function edgeProperties(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (!HIDDEN.has(key) && value !== null && value !== undefined) out[key] = value;
  }
  if (props.amountExact != null) Object.assign(out, { amount: Number(props.amountExact), amountExact: String(props.amountExact) });
  if (props.amountEurExact != null) Object.assign(out, { amountEur: Number(props.amountEurExact), amountEurExact: String(props.amountEurExact) });
  if (props.attributes != null) out.attributes = attributesOf(props.attributes);
  return out;
}

export function toNetworkEdge(row: EdgeRow): NetworkEdge {
  return Object.assign(new NetworkEdge(), {
    id: row.id,
    source: row.source,
    target: row.target,
    type: row.type,
    properties: edgeProperties(row.props),
  });
}

/**
 * The one place where query rows become a network. Edges whose ends are not both among the
 * nodes are dropped, so a network is always self-contained for graph libraries.
 */
export function buildNetwork(nodes: readonly LabelledNodeRow[], edges: readonly EdgeRow[], truncated: boolean): NetworkData {
  const networkNodes = nodes.map((row) => toNetworkNode(row.label, row.props));
  const ids = new Set(networkNodes.map((node) => node.id));
  const seen = new Set<string>();
  const networkEdges: NetworkEdge[] = [];
  for (const row of edges) {
    if (!ids.has(row.source) || !ids.has(row.target) || seen.has(row.id)) continue;
    seen.add(row.id);
    networkEdges.push(toNetworkEdge(row));
  }
  return { nodes: networkNodes, edges: networkEdges, truncated };
}
