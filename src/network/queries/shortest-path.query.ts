import { activeDuring } from '../../db/time';
import { NODE_LABELS, RelationshipTypeName } from '../../relationships/relationship-kinds';
import { RELATIONSHIP_PROJECTION, RelationshipRow } from '../../relationships/relationship.repository';
import { alternation, AsOf, bound, lookup, NODE_PROJECTION, Statement } from './cypher';
import { LabelledNodeRow, relRows, ResultRecord, toLabelledNodeRow } from './rows';

export interface ShortestPathQuery extends AsOf {
  from: string;
  to: string;
  types: readonly RelationshipTypeName[];
  maxHops: number;
}

export interface PathRows {
  nodes: LabelledNodeRow[];
  rels: RelationshipRow[];
}

/** Neo4j's bidirectional breadth-first shortest path between two index-looked-up nodes. */
export function shortestPathStatement(q: ShortestPathQuery): Statement {
  const hops = bound(q.maxHops, 1, 10);
  return {
    cypher: `${lookup('a', 'from', NODE_LABELS)}
       ${lookup('b', 'to', NODE_LABELS)}
       MATCH p = ANY SHORTEST (a) (()-[r:${alternation(q.types)} WHERE ${activeDuring('r')}]-()){0,${hops}} (b)
       RETURN [n IN nodes(p) | ${NODE_PROJECTION('n')}] AS nodes, [r IN relationships(p) | ${RELATIONSHIP_PROJECTION('r')}] AS rels`,
    params: { from: q.from, to: q.to, asOfFirst: q.asOfFirst, asOfLast: q.asOfLast, nodeLabels: NODE_LABELS },
  };
}

/** Null when the nodes are not joined within maxHops, or one does not exist. */
export function decodeShortestPath(records: readonly ResultRecord[]): PathRows | null {
  const record = records[0];
  if (!record) return null;
  return { nodes: (record.get('nodes') as unknown[]).map(toLabelledNodeRow), rels: relRows(record.get('rels')) };
}
