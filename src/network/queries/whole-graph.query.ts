import { int } from '../../db/database';
import { AnalysisSlot, slotParameters } from '../../analysis/analysis.properties';
import type { NodeLabel, RelationshipTypeName } from '../../relationships/relationship-kinds';
import { EDGE_PROJECTION, EDGE_PROJECTION_PARAMS, Statement } from './cypher';
import { EdgeRow, ResultRecord, toEdgeRow } from './rows';

/**
 * The whole graph, a page at a time, for streamed exports: nodes of one label and links of one
 * type with ids after the last one of the page before. Each page seeks the id index (the node
 * constraints, the relationship id indexes) and comes out in index order, so no page re-reads the
 * ones before it, as SKIP would, and none holds more than `limit` rows whatever the graph's size.
 * The label and the type come from the model's constant lists, never from a client.
 *
 * Rows come as lists, not maps, for the reason EDGE_PROJECTION gives.
 */

export interface PageQuery {
  after: string;
  limit: number;
}

/**
 * What an export writes of a node: the properties a network view's node has and, given the slot
 * of an analysis, that analysis's values (null where its job did not write the node: one created
 * since, or a slot half-written by a job that never finished).
 */
export function wholeGraphNodesStatement(label: NodeLabel, q: PageQuery, slot: AnalysisSlot | null = null): Statement {
  const analysis = slot ? ', CASE WHEN n[$slotJobKey] = $slotJobId THEN [key IN $slotKeys | n[key]] END' : '';
  return {
    cypher: `MATCH (n:${label}) WHERE n.id > $after
       WITH n ORDER BY n.id LIMIT $limit
       RETURN [n.id, n.name, n.kind, n.level, n.tags, n.attributes${analysis}] AS node`,
    params: { after: q.after, limit: int(q.limit), ...(slot ? slotParameters(slot) : {}) },
  };
}

/** The node's properties by name, as a network view's node row holds them (null where not stored); `analysis` only when a slot was read. */
export function decodeWholeGraphNodes(records: readonly ResultRecord[]): Record<string, unknown>[] {
  return records.map((record) => {
    const [id, name, kind, level, tags, attributes, analysis] = record.get('node') as unknown[];
    const props: Record<string, unknown> = { id, name, kind, level, tags, attributes };
    if (analysis !== undefined) props.analysis = analysis;
    return props;
  });
}

/** Links of one type, with their stored properties and the ids of their ends. */
export function wholeGraphLinksStatement(type: RelationshipTypeName, q: PageQuery): Statement {
  return {
    cypher: `MATCH ()-[r:${type}]->() WHERE r.id > $after
       WITH r ORDER BY r.id LIMIT $limit
       RETURN ${EDGE_PROJECTION('r')} AS edge`,
    params: { after: q.after, limit: int(q.limit), ...EDGE_PROJECTION_PARAMS },
  };
}

export function decodeWholeGraphLinks(records: readonly ResultRecord[]): EdgeRow[] {
  return records.map((record) => toEdgeRow(record.get('edge')));
}

/** Nodes of these labels and links of these types, from the count store: what a progress bar needs. */
export function wholeGraphCountsStatement(labels: readonly NodeLabel[], types: readonly RelationshipTypeName[]): Statement {
  const nodes = labels.map((label) => `COUNT { MATCH (:${label}) }`).join(' + ') || '0';
  const links = types.map((type) => `COUNT { MATCH ()-[:${type}]->() }`).join(' + ') || '0';
  return { cypher: `RETURN ${nodes} AS nodes, ${links} AS links`, params: {} };
}

export function decodeWholeGraphCounts(records: readonly ResultRecord[]): { nodes: number; links: number } {
  return { nodes: Number(records[0]?.get('nodes') ?? 0), links: Number(records[0]?.get('links') ?? 0) };
}
