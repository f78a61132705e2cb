import { int } from '../../db/database';
import { activeDuring } from '../../db/time';
import { NODE_LABELS } from '../../relationships/relationship-kinds';
import { RELATIONSHIP_PROJECTION, RelationshipRow } from '../../relationships/relationship.repository';
import { TIMELINE_CAP } from '../network.limits';
import { lookup, NODE_PROJECTION, NodeQuery, Statement } from './cypher';
import { LabelledNodeRow, relRows, ResultRecord, toLabelledNodeRow } from './rows';

export interface TimelineRows {
  node: LabelledNodeRow;
  rels: RelationshipRow[];
  initiatives: LabelledNodeRow[];
}

/** Dated links around a node, and the dated initiatives next to it. */
export function timelineStatement(q: NodeQuery): Statement {
  return {
    cypher: `${lookup('n', 'id', NODE_LABELS)}
       CALL (n) {
         MATCH (n)-[r]-()
         WHERE (r.startDate IS NOT NULL OR r.endDate IS NOT NULL) AND ${activeDuring('r')}
         WITH r LIMIT $cap
         RETURN collect(${RELATIONSHIP_PROJECTION('r')}) AS rels
       }
       CALL (n) {
         MATCH (n)-[r]-(i:Initiative)
         WHERE (i.startDate IS NOT NULL OR i.endDate IS NOT NULL) AND ${activeDuring('r')} AND ${activeDuring('i')}
         WITH DISTINCT i LIMIT $cap
         RETURN collect(${NODE_PROJECTION('i')}) AS initiatives
       }
       RETURN ${NODE_PROJECTION('n')} AS node, rels, initiatives`,
    params: { id: q.id, cap: int(TIMELINE_CAP), asOfFirst: q.asOfFirst, asOfLast: q.asOfLast, nodeLabels: NODE_LABELS },
  };
}

/** Null when no node has the id. */
export function decodeTimeline(records: readonly ResultRecord[]): TimelineRows | null {
  const record = records[0];
  if (!record) return null;
  return {
    node: toLabelledNodeRow(record.get('node')),
    rels: relRows(record.get('rels')),
    initiatives: (record.get('initiatives') as unknown[]).map(toLabelledNodeRow),
  };
}
