import { int } from '../../db/database';
import { activeDuring } from '../../db/time';
import { NODE_LABELS, RelationshipTypeName } from '../../relationships/relationship-kinds';
import { RELATIONSHIP_PROJECTION, RelationshipRow } from '../../relationships/relationship.repository';
import { EXPANSION_CAP } from '../network.limits';
import { alternation, AsOf, NODE_PROJECTION, Statement } from './cypher';
import { LabelledNodeRow, relRows, ResultRecord, toLabelledNodeRow } from './rows';

export interface InterlockQuery extends AsOf {
  actorIds: readonly string[];
  types: readonly RelationshipTypeName[];
  first: number;
}

export interface InterlockRow {
  node: LabelledNodeRow;
  links: RelationshipRow[];
}

/** Actors and initiatives linked to every one of the given actors, with those links. */
export function interlocksStatement(q: InterlockQuery): Statement {
  return {
    cypher: `UNWIND $ids AS id
       MATCH (a:Actor {id: id})
       CALL (a) {
         MATCH (a)-[r:${alternation(q.types)}]-(m)
         WHERE (m:Actor OR m:Initiative) AND NOT m.id IN $ids AND ${activeDuring('r')}
         RETURN m, r LIMIT $cap
       }
       WITH m, count(DISTINCT a) AS reached, collect(r) AS links
       WHERE reached = $required
       WITH m, links ORDER BY m.name, m.id LIMIT $first
       RETURN ${NODE_PROJECTION('m')} AS node, [r IN links | ${RELATIONSHIP_PROJECTION('r')}] AS links`,
    params: {
      ids: q.actorIds,
      required: int(q.actorIds.length),
      first: int(q.first),
      cap: int(EXPANSION_CAP),
      asOfFirst: q.asOfFirst,
      asOfLast: q.asOfLast,
      nodeLabels: NODE_LABELS,
    },
  };
}

export function decodeInterlocks(records: readonly ResultRecord[]): InterlockRow[] {
  return records.map((record) => ({ node: toLabelledNodeRow(record.get('node')), links: relRows(record.get('links')) }));
}
