import { int } from '../../db/database';
import { activeDuring } from '../../db/time';
import { NODE_LABELS, RelationshipTypeName } from '../../relationships/relationship-kinds';
import { EXPANSION_CAP } from '../network.limits';
import { alternation, AsOf, CENTRALITY, CURRENT_ANALYSIS, EDGE_PROJECTION_PARAMS, NETWORK_NODE_PROJECTION, Statement } from './cypher';
import type { ResultRecord } from './rows';
import { edgesAmong, NetworkRows, toNetworkRows } from './subgraph';

export interface NetworkQuery extends AsOf {
  kinds: string[] | null;
  types: readonly RelationshipTypeName[];
  territoryId: string | null;
  initiativeId: string | null;
  limit: number;
  edgeCap: number;
}

/** Where the subgraph starts: from an index wherever a filter allows it. Every branch binds `m`. */
function start(q: NetworkQuery): string {
  const kinds = 'coalesce(m.kind, m.level) IN $kinds';
  const inTerritory =
    'EXISTS { MATCH (m)-[t:ACTS_IN]->(:Territory)-[:PART_OF*0..10]->(:Territory {id: $territoryId}) WHERE ' +
    activeDuring('t') +
    ' }';
  if (q.initiativeId) {
    const keep = [q.kinds ? kinds : null, q.territoryId ? inTerritory : null].filter(Boolean);
    return `MATCH (focus:Initiative {id: $initiativeId})
       CALL (focus) {
         MATCH (focus)-[r:${alternation(q.types)}]-(m)
         WHERE ${activeDuring('r')}
         WITH DISTINCT m LIMIT $cap
         WITH m ${keep.length ? `WHERE ${keep.join(' AND ')}` : ''}
         RETURN m
         UNION
         RETURN focus AS m
       }`;
  }
  if (q.territoryId) {
    return `MATCH (place:Territory {id: $territoryId})
       MATCH (place)<-[:PART_OF*0..10]-(inside:Territory)
       WITH DISTINCT analysis, inside
       MATCH (inside)<-[t:ACTS_IN]-(m)
       WHERE ${activeDuring('t')} ${q.kinds ? `AND ${kinds}` : ''}
       WITH DISTINCT analysis, m LIMIT $cap`;
  }
  if (q.kinds) {
    return `CALL () {
         MATCH (m:Actor) WHERE m.kind IN $kinds RETURN m
         UNION
         MATCH (m:Initiative) WHERE m.kind IN $kinds RETURN m
         UNION
         MATCH (m:Territory) WHERE m.level IN $kinds RETURN m
       }`;
  }
  return `CALL (analysis) {
         MATCH (m:Actor) WHERE m.id IS NOT NULL RETURN m ORDER BY ${CENTRALITY('m')} DESC, m.id LIMIT $limitPlusOne
         UNION
         MATCH (m:Initiative) WHERE m.id IS NOT NULL RETURN m ORDER BY ${CENTRALITY('m')} DESC, m.id LIMIT $limitPlusOne
       }`;
}

/** A filtered subgraph cut at `limit`: the most central nodes by stored PageRank when there is an analysis, then by id. */
export function networkStatement(q: NetworkQuery): Statement {
  return {
    cypher: `${CURRENT_ANALYSIS}
       ${start(q)}
       WITH analysis, m ORDER BY ${CENTRALITY('m')} DESC, m.id LIMIT $limitPlusOne
       WITH collect(m) AS ranked
       WITH ranked[..$limit] AS members, size(ranked) > $limit AS truncated
       ${edgesAmong(q.types)}
       RETURN [m IN members | ${NETWORK_NODE_PROJECTION('m')}] AS nodes, edges, truncated`,
    params: {
      initiativeId: q.initiativeId,
      territoryId: q.territoryId,
      kinds: q.kinds,
      limit: int(q.limit),
      limitPlusOne: int(q.limit + 1),
      edgeCap: int(q.edgeCap + 1),
      cap: int(EXPANSION_CAP),
      asOfFirst: q.asOfFirst,
      asOfLast: q.asOfLast,
      nodeLabels: NODE_LABELS,
      rankMetric: 'pagerank',
      ...EDGE_PROJECTION_PARAMS,
    },
  };
}

/** Null only if the statement returned no row; it aggregates, so it returns one even when nothing matched. */
/**
 * The nodes in id order, whatever kept them: the cut is by centrality, but the answer must not
 * change its order with each new analysis.
 */
export function decodeNetwork(records: readonly ResultRecord[], q: Pick<NetworkQuery, 'edgeCap'>): NetworkRows | null {
  const rows = toNetworkRows(records, q.edgeCap);
  if (rows) rows.nodes.sort((a, b) => (String(a.props.id) < String(b.props.id) ? -1 : String(a.props.id) > String(b.props.id) ? 1 : 0));
  return rows;
}
