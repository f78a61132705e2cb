import { int } from '../../db/database';
import { activeDuring } from '../../db/time';
import { plainRecord, toPlain } from '../../common/neo4j-values';
import { MEMBERSHIP_TYPES, RelationshipTypeName } from '../../relationships/relationship-kinds';
import type { RelationshipRow } from '../../relationships/relationship.repository';
import { EXPANSION_CAP } from '../network.limits';
import { alternation, AsOf, bound, LINK_PROJECTION, Statement } from './cypher';
import { LabelledNodeRow, linkRow, ResultRecord } from './rows';
import { projectProperties } from '../../db/projection';

/** The links that make an actor part of an initiative, for partnership through a shared initiative. */
const MEMBERSHIP = alternation(MEMBERSHIP_TYPES);

export interface PartnerQuery extends AsOf {
  depth: number;
  directTypes: readonly RelationshipTypeName[];
  shared: boolean;
  first: number;
  /** Whether to return each step's links; projecting them was two thirds of the statement's time. */
  withLinks: boolean;
  /** The partners' properties to read (from actorPropertiesFor); null reads them all. Only the selected ones: 11 to 6.5 ms warm for depth 2 (bench graph, 30 roots). */
  actorProperties?: readonly string[] | null;
}

export interface PartnerStepRow {
  node: Record<string, unknown>;
  distance: number;
  /** The actor one step nearer the root; the root itself for distance 1. */
  parentId: string;
  /** One PARTNERS_WITH-like link, or the two membership links through `via`. */
  rels: RelationshipRow[];
  via: Record<string, unknown> | null;
}

export interface PartnerRows {
  root: Record<string, unknown>;
  steps: PartnerStepRow[];
}

/**
 * Partners are found breadth-first, one level per unrolled block: each block expands the
 * previous level, keeps one parent per node and appends the level. Nodes are not pruned
 * against earlier levels (Cypher has no cheap set), so a node may reappear deeper; only its
 * first level counts, and its parent there is necessarily one level nearer the root.
 */
function partnerLevel(level: number, q: PartnerQuery): string {
  const branches: string[] = [];
  if (q.directTypes.length) {
    branches.push(`UNWIND frontier AS x
        MATCH (x)-[r:${alternation(q.directTypes)}]-(y:Actor)
        WHERE ${activeDuring('r')}
        WITH x, y, r LIMIT $cap
        RETURN x, y, [r] AS rels, null AS via`);
  }
  if (q.shared) {
    // One entry per initiative first, so a big initiative is crossed once, not once per member.
    branches.push(`UNWIND frontier AS x
        MATCH (x)-[r1:${MEMBERSHIP}]->(i:Initiative)
        WHERE ${activeDuring('r1')} AND ${activeDuring('i')}
        WITH x, r1, i LIMIT $cap
        WITH i, head(collect({x: x, r: r1})) AS entry
        MATCH (i)<-[r2:${MEMBERSHIP}]-(y:Actor)
        WHERE y <> entry.x AND ${activeDuring('r2')}
        WITH entry, i, y, r2 LIMIT $cap
        RETURN entry.x AS x, y, [entry.r, r2] AS rels, i AS via`);
  }
  return `
    CALL (frontier) {
      CALL (frontier) {
        ${branches.join('\n        UNION ALL\n        ')}
      }
      WITH y, head(collect({parent: x.id, rels: rels, via: via})) AS step
      RETURN collect(y) AS next, collect(step{.*, node: y, level: ${level}}) AS steps
    }
    WITH root, next AS frontier, found + steps AS found`;
}

/** Partners of many roots at once (for the Actor.partners loader), in one statement. */
export function partnersStatement(rootIds: readonly string[], q: PartnerQuery): Statement {
  const depth = bound(q.depth, 1, 4);
  let levels = '';
  for (let level = 1; level <= depth; level++) levels += partnerLevel(level, q);
  return {
    cypher: `UNWIND $ids AS rootId
       MATCH (root:Actor {id: rootId})
       CALL (root) {
         WITH [root] AS frontier, [] AS found
         ${levels}
         UNWIND found AS s
         WITH root, s ORDER BY s.level
         WITH root, s.node AS node, head(collect(s)) AS best
         WHERE node <> root
         WITH best ORDER BY best.level, best.node.name, best.node.id
         LIMIT $first
         RETURN collect({
           node: ${projectProperties('best.node', q.actorProperties)}, distance: best.level, parentId: best.parent,
           rels: ${q.withLinks ? `[r IN best.rels | ${LINK_PROJECTION('r')}]` : '[]'},
           via: CASE WHEN best.via IS NULL THEN null ELSE properties(best.via) END
         }) AS steps
       }
       RETURN properties(root) AS root, steps`,
    params: {
      ids: rootIds,
      first: int(q.first),
      cap: int(EXPANSION_CAP),
      asOfFirst: q.asOfFirst,
      asOfLast: q.asOfLast,
    },
  };
}

/** One record per root found: its steps, with each link's endpoints taken from the nodes of the answer. */
export function decodePartners(records: readonly ResultRecord[]): Map<string, PartnerRows> {
  return new Map(
    records.map((record) => {
      const root = plainRecord(record.get('root'));
      const raws = (record.get('steps') as Record<string, unknown>[]).map((raw) => ({
        raw,
        node: plainRecord(raw.node),
        via: raw.via == null ? null : plainRecord(raw.via),
      }));
      const known = new Map<string, LabelledNodeRow>([[String(root.id), { label: 'Actor', props: root }]]);
      for (const { node, via } of raws) {
        known.set(String(node.id), { label: 'Actor', props: node });
        if (via) known.set(String(via.id), { label: 'Initiative', props: via });
      }
      const steps = raws.map(({ raw, node, via }) => ({
        node,
        distance: Number(toPlain(raw.distance)),
        parentId: String(raw.parentId),
        rels: (raw.rels as unknown[]).map((link) => linkRow(link, known)),
        via,
      }));
      return [String(root.id), { root, steps }];
    }),
  );
}
