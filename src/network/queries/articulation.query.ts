import { int } from '../../db/database';
import { activeDuring } from '../../db/time';
import { NODE_LABELS } from '../../relationships/relationship-kinds';
import { RELATIONSHIP_PROJECTION, RelationshipRow } from '../../relationships/relationship.repository';
import { ARTICULATION_NODE_CAP, EXPANSION_CAP } from '../network.limits';
import { lookup, NODE_PROJECTION, NodeQuery, Statement } from './cypher';
import { LabelledNodeRow, relRows, ResultRecord, toLabelledNodeRow } from './rows';

export interface ArticulationEntry {
  node: LabelledNodeRow;
  /** Levels of the root's own ARTICULATES links to this node. */
  rootLevels: string[];
  /** Levels of ARTICULATES links to this node from initiatives next to the root. */
  otherLevels: string[];
}

export interface ArticulationRows {
  root: LabelledNodeRow;
  entries: ArticulationEntry[];
  links: RelationshipRow[];
}

/**
 * The actors and initiatives one hop from the root, plus the targets of ARTICULATES links
 * from the initiatives next to it, and every link among all of them.
 */
export function articulationStatement(q: NodeQuery): Statement {
  return {
    cypher: `${lookup('n', 'id', ['Actor', 'Initiative'])}
       CALL (n) {
         CALL (n) {
           MATCH (n)-[r]-(m)
           WHERE (m:Actor OR m:Initiative) AND ${activeDuring('r')}
           WITH n, m, r LIMIT $cap
           RETURN m, CASE WHEN type(r) = 'ARTICULATES' AND startNode(r) = n THEN r.level END AS rootLevel, null AS otherLevel
           UNION ALL
           MATCH (n)-[r1]-(i:Initiative)-[r:ARTICULATES]->(m)
           WHERE m <> n AND (m:Actor OR m:Initiative) AND ${activeDuring('r1')} AND ${activeDuring('r')}
           WITH m, r LIMIT $cap
           RETURN m, null AS rootLevel, r.level AS otherLevel
         }
         WITH m, collect(rootLevel) AS rootLevels, collect(otherLevel) AS otherLevels
         LIMIT $nodeCap
         RETURN collect({node: m, rootLevels: rootLevels, otherLevels: otherLevels}) AS entries
       }
       WITH n, entries, [n] + [e IN entries | e.node] AS members
       CALL (members) {
         UNWIND members AS x
         MATCH (x)-[r]->(y)
         WHERE y IN members AND ${activeDuring('r')}
         WITH r LIMIT $cap
         RETURN collect(${RELATIONSHIP_PROJECTION('r')}) AS links
       }
       RETURN ${NODE_PROJECTION('n')} AS root,
              [e IN entries | {node: ${NODE_PROJECTION('e.node')}, rootLevels: e.rootLevels, otherLevels: e.otherLevels}] AS entries,
              links`,
    params: {
      id: q.id,
      cap: int(EXPANSION_CAP),
      nodeCap: int(ARTICULATION_NODE_CAP),
      asOfFirst: q.asOfFirst,
      asOfLast: q.asOfLast,
      nodeLabels: NODE_LABELS,
    },
  };
}

/** Null when no actor or initiative has the id. */
export function decodeArticulation(records: readonly ResultRecord[]): ArticulationRows | null {
  const record = records[0];
  if (!record) return null;
  return {
    root: toLabelledNodeRow(record.get('root')),
    entries: (record.get('entries') as unknown[]).map((value) => {
      const raw = value as Record<string, unknown>;
      return { node: toLabelledNodeRow(raw.node), rootLevels: raw.rootLevels as string[], otherLevels: raw.otherLevels as string[] };
    }),
    links: relRows(record.get('links')),
  };
}
