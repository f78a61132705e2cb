import { plainRecord, toPlain } from '../../common/neo4j-values';
import type { NodeLabel, RelationshipTypeName } from '../../relationships/relationship-kinds';
import { RelationshipRow, toRelationshipRow } from '../../relationships/relationship.repository';

/** What a decoder reads of a driver record; neo4j-driver's Record has it, and so can a test's stand-in. */
export interface ResultRecord {
  get(key: string): unknown;
}

/** A node as read with its label, so it can be mapped to Actor, Initiative or Territory. */
export interface LabelledNodeRow {
  label: NodeLabel;
  props: Record<string, unknown>;
}

export interface EdgeRow {
  id: string;
  type: RelationshipTypeName;
  source: string;
  target: string;
  props: Record<string, unknown>;
}

/** Decodes NODE_PROJECTION or NETWORK_NODE_PROJECTION. */
export function toLabelledNodeRow(value: unknown): LabelledNodeRow {
  const raw = value as { label: NodeLabel; props: unknown };
  return { label: raw.label, props: plainRecord(raw.props) };
}

/**
 * Decodes EDGE_PROJECTION or EDGE_ENDPOINTS_PROJECTION (no props: an empty record). The
 * properties come in name order, so that the exports declare a link's attributes in the same
 * order whatever order the store keeps them in.
 */
export function toEdgeRow(value: unknown): EdgeRow {
  const [id, type, source, target, names, values] = value as [unknown, RelationshipTypeName, unknown, unknown, string[], unknown[]];
  const props: Record<string, unknown> = {};
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  for (const i of order) {
    const stored = values[i];
    props[names[i]] = stored !== null && typeof stored === 'object' ? toPlain(stored) : stored;
  }
  return { id: String(id), type, source: String(source), target: String(target), props };
}

/** Decodes LINK_PROJECTION, taking both endpoints from the nodes the answer already carries. */
export function linkRow(value: unknown, known: ReadonlyMap<string, LabelledNodeRow>): RelationshipRow {
  const raw = value as Record<string, unknown>;
  const from = known.get(String(raw.fromId));
  const to = known.get(String(raw.toId));
  if (!from || !to) throw new Error(`link ${String(raw.fromId)} -> ${String(raw.toId)} ends outside the answer`);
  return {
    type: raw.type as RelationshipTypeName,
    props: plainRecord(raw.props),
    from: from.props,
    fromLabel: from.label,
    to: to.props,
    toLabel: to.label,
  };
}

/** Decodes a list of RELATIONSHIP_PROJECTION (or RELATIONSHIP_ENDPOINT_IDS_PROJECTION) values. */
export function relRows(value: unknown): RelationshipRow[] {
  return (value as unknown[]).map(toRelationshipRow);
}
