import { int, Tx } from '../db/database';
import { activeDuring } from '../db/time';
import { plainRecord, toPlain } from '../common/neo4j-values';
import { NODE_LABELS, NodeLabel, RelationshipTypeName } from '../relationships/relationship-kinds';
import { RELATIONSHIP_ENDPOINT_IDS_PROJECTION, RELATIONSHIP_PROJECTION, RelationshipRow, toRelationshipRow } from '../relationships/relationship.repository';
import {
  ARTICULATION_NODE_CAP,
  EXPANSION_CAP,
  FLOW_LINK_CAP,
  FUNDING_PATH_CAP,
  TIMELINE_CAP,
} from './network.limits';

/** The links that make an actor part of an initiative, for partnership through a shared initiative. */
const MEMBERSHIP = 'LEADS|PARTICIPATES_IN|COORDINATES';

export interface AsOf {
  asOfFirst: string | null;
  asOfLast: string | null;
}

/** A node as read with its label, so it can be mapped to Actor, Initiative or Territory. */
export interface NodeRow {
  label: NodeLabel;
  props: Record<string, unknown>;
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

export interface PartnerQuery extends AsOf {
  depth: number;
  directTypes: readonly RelationshipTypeName[];
  shared: boolean;
  first: number;
  /** Whether to return each step's links; projecting them was two thirds of the statement's time. */
  withLinks: boolean;
  /** The partners' properties to read (from actorPropertiesFor); null reads them all. */
  actorProperties?: readonly string[] | null;
}

export interface InterlockRow {
  node: NodeRow;
  links: RelationshipRow[];
}

export interface FundingChainQuery extends AsOf {
  from: string | null;
  to: string | null;
  maxHops: number;
  minCents: number | null;
  currency: string | null;
  first: number;
  /** False when no step's `from` or `to` is read: the steps then carry only their endpoints' ids. */
  withEndpoints?: boolean;
}

export interface FlowRow {
  source: string;
  sourceName: string;
  target: string;
  targetName: string;
  currency: string | null;
  cents: number;
  links: number;
}

export interface FlowRows {
  root: { id: string; name: string };
  flows: FlowRow[];
  truncated: boolean;
}

export interface ArticulationEntry {
  node: NodeRow;
  /** Levels of the root's own ARTICULATES links to this node. */
  rootLevels: string[];
  /** Levels of ARTICULATES links to this node from initiatives next to the root. */
  otherLevels: string[];
}

export interface ArticulationRows {
  root: NodeRow;
  entries: ArticulationEntry[];
  links: RelationshipRow[];
}

export interface PathRows {
  nodes: NodeRow[];
  rels: RelationshipRow[];
}

export interface EdgeRow {
  id: string;
  type: RelationshipTypeName;
  source: string;
  target: string;
  props: Record<string, unknown>;
}

export interface NetworkRows {
  nodes: NodeRow[];
  edges: EdgeRow[];
  truncated: boolean;
}

export interface NetworkQuery extends AsOf {
  kinds: string[] | null;
  types: readonly RelationshipTypeName[];
  territoryId: string | null;
  initiativeId: string | null;
  limit: number;
  edgeCap: number;
}

export interface TimelineRows {
  node: NodeRow;
  rels: RelationshipRow[];
  initiatives: NodeRow[];
}

/** What a network view shows of a node; the rest of its record stays in the database. */
const NETWORK_NODE_PROJECTION = (n: string) =>
  `{label: [l IN labels(${n}) WHERE l IN $nodeLabels][0], props: ${n}{.id, .name, .kind, .level}}`;

const NODE_PROJECTION = (n: string) => `{label: [l IN labels(${n}) WHERE l IN $nodeLabels][0], props: properties(${n})}`;

/**
 * A relationship with only its endpoints' ids, for answers that already carry every endpoint:
 * repeating both nodes' properties on each of 10,000 links triples what the driver decodes.
 */
const LINK_PROJECTION = (r: string) => `{type: type(${r}), props: properties(${r}), fromId: startNode(${r}).id, toId: endNode(${r}).id}`;

const EDGE_PROJECTION = (r: string) =>
  `{id: ${r}.id, type: type(${r}), source: startNode(${r}).id, target: endNode(${r}).id, props: properties(${r})}`;

const EDGE_ENDPOINTS_PROJECTION = (r: string) => `{id: ${r}.id, type: type(${r}), source: startNode(${r}).id, target: endNode(${r}).id}`;

/** Index seeks on each label's id constraint, unioned: a node lookup without a label would scan every node. */
function lookup(variable: string, param: string, labels: readonly NodeLabel[]): string {
  return `CALL () { ${labels.map((label) => `MATCH (${variable}:${label} {id: $${param}}) RETURN ${variable}`).join(' UNION ')} }`;
}

/**
 * Cypher takes no parameters for quantifier bounds, so hop counts are written into the
 * statement; they are checked to be small integers here, whatever the caller validated.
 */
function bound(value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`hop bound ${value} outside ${min}..${max}`);
  return value;
}

/** Relationship types come from the model's constant list; the alternation is built only from it. */
function alternation(types: readonly RelationshipTypeName[]): string {
  if (types.length === 0) throw new RangeError('at least one relationship type is needed');
  return types.join('|');
}

function toNodeRow(value: unknown): NodeRow {
  const raw = value as { label: NodeLabel; props: unknown };
  return { label: raw.label, props: plainRecord(raw.props) };
}

function toEdgeRow(value: unknown): EdgeRow {
  const raw = plainRecord(value);
  return {
    id: String(raw.id),
    type: raw.type as RelationshipTypeName,
    source: String(raw.source),
    target: String(raw.target),
    props: raw.props == null ? {} : plainRecord(raw.props),
  };
}

function linkRow(value: unknown, known: ReadonlyMap<string, NodeRow>): RelationshipRow {
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

function relRows(value: unknown): RelationshipRow[] {
  return (value as unknown[]).map(toRelationshipRow);
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

/**
 * A partner's properties: all of them, or only the listed keys. Reading only what the client
 * selected took a depth-2 partners statement from 11 to 6.5 ms warm (bench graph, 30 roots).
 */
function partnerProjection(keys: readonly string[] | null): string {
  if (!keys) return 'properties(best.node)';
  // Keys come from actorPropertiesFor's fixed list, never from a client; checked all the same.
  if (keys.some((key) => !/^[A-Za-z]+$/.test(key))) throw new Error(`not a property name in ${keys.join(', ')}`);
  return `{${keys.map((key) => `${key}: best.node.${key}`).join(', ')}}`;
}

export class NetworkRepository {
  /** Partners of many roots at once (for the Actor.partners loader), in one statement. */
  async partners(tx: Tx, rootIds: readonly string[], q: PartnerQuery): Promise<Map<string, PartnerRows>> {
    const depth = bound(q.depth, 1, 4);
    let levels = '';
    for (let level = 1; level <= depth; level++) levels += partnerLevel(level, q);
    const result = await tx.run(
      `UNWIND $ids AS rootId
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
           node: ${partnerProjection(q.actorProperties ?? null)}, distance: best.level, parentId: best.parent,
           rels: ${q.withLinks ? `[r IN best.rels | ${LINK_PROJECTION('r')}]` : '[]'},
           via: CASE WHEN best.via IS NULL THEN null ELSE properties(best.via) END
         }) AS steps
       }
       RETURN properties(root) AS root, steps`,
      {
        ids: rootIds,
        first: int(q.first),
        cap: int(EXPANSION_CAP),
        asOfFirst: q.asOfFirst,
        asOfLast: q.asOfLast,
      },
    );
    return new Map(
      result.records.map((record) => {
        const root = plainRecord(record.get('root'));
        const raws = (record.get('steps') as Record<string, unknown>[]).map((raw) => ({
          raw,
          node: plainRecord(raw.node),
          via: raw.via == null ? null : plainRecord(raw.via),
        }));
        const known = new Map<string, NodeRow>([[String(root.id), { label: 'Actor', props: root }]]);
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

  /** Actors and initiatives linked to every one of the given actors, with those links. */
  async interlocks(
    tx: Tx,
    actorIds: readonly string[],
    types: readonly RelationshipTypeName[],
    asOf: AsOf,
    first: number,
  ): Promise<InterlockRow[]> {
    const result = await tx.run(
      `UNWIND $ids AS id
       MATCH (a:Actor {id: id})
       CALL (a) {
         MATCH (a)-[r:${alternation(types)}]-(m)
         WHERE (m:Actor OR m:Initiative) AND NOT m.id IN $ids AND ${activeDuring('r')}
         RETURN m, r LIMIT $cap
       }
       WITH m, count(DISTINCT a) AS reached, collect(r) AS links
       WHERE reached = $required
       WITH m, links ORDER BY m.name, m.id LIMIT $first
       RETURN ${NODE_PROJECTION('m')} AS node, [r IN links | ${RELATIONSHIP_PROJECTION('r')}] AS links`,
      {
        ids: actorIds,
        required: int(actorIds.length),
        first: int(first),
        cap: int(EXPANSION_CAP),
        ...asOf,
        nodeLabels: NODE_LABELS,
      },
    );
    return result.records.map((record) => ({ node: toNodeRow(record.get('node')), links: relRows(record.get('links')) }));
  }

  /**
   * Simple FUNDS paths (no node twice, so cycles end), shortest first. The step filters sit
   * inside the quantified pattern so that the expansion prunes on them instead of filtering
   * whole paths afterwards.
   */
  async fundingChains(tx: Tx, q: FundingChainQuery): Promise<RelationshipRow[][]> {
    const hops = bound(q.maxHops, 1, 6);
    const step = `${activeDuring('r')}
      AND ($currency IS NULL OR r.currency IS NULL OR r.currency = $currency)
      AND ($minCents IS NULL OR coalesce(CASE WHEN $currency IS NULL
            THEN coalesce(r.amountEurCents, CASE WHEN r.currency = 'EUR' THEN r.amountCents END)
            ELSE r.amountCents END, -1) >= $minCents)`;
    const start = q.from ? 'MATCH (a:Actor {id: $from})' : '';
    const end = q.to ? lookup('b', 'to', ['Actor', 'Initiative']) : '';
    const result = await tx.run(
      `${start}
       ${end}
       MATCH p = (a${q.from ? '' : ':Actor'}) (()-[r:FUNDS WHERE ${step}]->()){1,${hops}} (b)
       WHERE ALL(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
       WITH p LIMIT $cap
       WITH p ORDER BY length(p), [n IN nodes(p) | n.id] LIMIT $first
       RETURN [r IN relationships(p) | ${(q.withEndpoints ?? true) ? RELATIONSHIP_PROJECTION('r') : RELATIONSHIP_ENDPOINT_IDS_PROJECTION('r')}] AS steps`,
      {
        from: q.from,
        to: q.to,
        currency: q.currency,
        minCents: q.minCents === null ? null : int(q.minCents),
        first: int(q.first),
        cap: int(FUNDING_PATH_CAP),
        asOfFirst: q.asOfFirst,
        asOfLast: q.asOfLast,
        nodeLabels: NODE_LABELS,
      },
    );
    return result.records.map((record) => relRows(record.get('steps')));
  }

  /**
   * FUNDS links within maxHops of the root, each counted once, summed per (source, target,
   * currency). The nodes within maxHops - 1 are found with a pruning breadth-first expansion
   * (DISTINCT right after the variable-length pattern), then their links are read.
   */
  async fundingFlows(tx: Tx, rootId: string, downstream: boolean, maxHops: number, asOf: AsOf): Promise<FlowRows | null> {
    const reach = bound(maxHops, 1, 6) - 1;
    const walk = downstream ? `-[:FUNDS*0..${reach}]->` : `<-[:FUNDS*0..${reach}]-`;
    const link = downstream ? '-[r:FUNDS]->' : '<-[r:FUNDS]-';
    const result = await tx.run(
      `${lookup('n', 'id', ['Actor', 'Initiative'])}
       CALL (n) {
         MATCH p = (n)${walk}(u)
         WHERE ALL(x IN relationships(p) WHERE ${activeDuring('x')})
         WITH DISTINCT u
         MATCH (u)${link}(v)
         WHERE ${activeDuring('r')}
         WITH r LIMIT $capPlusOne
         RETURN collect(r) AS found
       }
       WITH n, found[..$cap] AS kept, size(found) > $cap AS truncated
       CALL (kept) {
         UNWIND kept AS r
         WITH startNode(r) AS s, endNode(r) AS t, r.currency AS currency,
              sum(coalesce(r.amountCents, 0)) AS cents, count(r) AS links
         ORDER BY s.id, t.id, currency
         RETURN collect({source: s.id, sourceName: s.name, target: t.id, targetName: t.name, currency: currency, cents: cents, links: links}) AS flows
       }
       RETURN n.id AS id, n.name AS name, flows, truncated`,
      { id: rootId, cap: int(FLOW_LINK_CAP), capPlusOne: int(FLOW_LINK_CAP + 1), ...asOf },
    );
    const record = result.records[0];
    if (!record) return null;
    return {
      root: { id: String(record.get('id')), name: String(record.get('name')) },
      flows: (record.get('flows') as unknown[]).map((value) => {
        const raw = plainRecord(value);
        return {
          source: String(raw.source),
          sourceName: String(raw.sourceName),
          target: String(raw.target),
          targetName: String(raw.targetName),
          currency: raw.currency == null ? null : String(raw.currency),
          cents: Number(raw.cents),
          links: Number(raw.links),
        };
      }),
      truncated: record.get('truncated') === true,
    };
  }

  /**
   * The actors and initiatives one hop from the root, plus the targets of ARTICULATES links
   * from the initiatives next to it, and every link among all of them.
   */
  async articulation(tx: Tx, id: string, asOf: AsOf): Promise<ArticulationRows | null> {
    const result = await tx.run(
      `${lookup('n', 'id', ['Actor', 'Initiative'])}
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
      { id, cap: int(EXPANSION_CAP), nodeCap: int(ARTICULATION_NODE_CAP), ...asOf, nodeLabels: NODE_LABELS },
    );
    const record = result.records[0];
    if (!record) return null;
    return {
      root: toNodeRow(record.get('root')),
      entries: (record.get('entries') as unknown[]).map((value) => {
        const raw = value as Record<string, unknown>;
        return { node: toNodeRow(raw.node), rootLevels: raw.rootLevels as string[], otherLevels: raw.otherLevels as string[] };
      }),
      links: relRows(record.get('links')),
    };
  }

  /** Neo4j's bidirectional breadth-first shortest path between two index-looked-up nodes. */
  async shortestPath(
    tx: Tx,
    from: string,
    to: string,
    types: readonly RelationshipTypeName[],
    maxHops: number,
    asOf: AsOf,
  ): Promise<PathRows | null> {
    const hops = bound(maxHops, 1, 10);
    const result = await tx.run(
      `${lookup('a', 'from', NODE_LABELS)}
       ${lookup('b', 'to', NODE_LABELS)}
       MATCH p = ANY SHORTEST (a) (()-[r:${alternation(types)} WHERE ${activeDuring('r')}]-()){0,${hops}} (b)
       RETURN [n IN nodes(p) | ${NODE_PROJECTION('n')}] AS nodes, [r IN relationships(p) | ${RELATIONSHIP_PROJECTION('r')}] AS rels`,
      { from, to, ...asOf, nodeLabels: NODE_LABELS },
    );
    const record = result.records[0];
    if (!record) return null;
    return { nodes: (record.get('nodes') as unknown[]).map(toNodeRow), rels: relRows(record.get('rels')) };
  }

  /**
   * Nodes within `radius` of the centre, nearest first (then by id), cut at `limit`, with the
   * links among them. Levels are unrolled as for partners; each keeps its distinct nodes, and the
   * expansion cap bounds the work around hubs. (A pruning variable-length expand was no faster on
   * the 1M-link bench graph, 32 against 30 ms warm over 30 centres, and has no such bound.)
   */
  async egoNetwork(
    tx: Tx,
    id: string,
    radius: number,
    types: readonly RelationshipTypeName[],
    asOf: AsOf,
    limit: number,
    edgeCap: number,
    withEdgeProperties = true,
  ): Promise<NetworkRows | null> {
    const levels = bound(radius, 1, 3);
    let blocks = '';
    for (let level = 1; level <= levels; level++) {
      blocks += `
         CALL (frontier) {
           UNWIND frontier AS x
           MATCH (x)-[r:${alternation(types)}]-(y)
           WHERE ${activeDuring('r')}
           WITH y LIMIT $cap
           RETURN collect(DISTINCT y) AS next, count(*) AS expanded
         }
         WITH ego, next AS frontier, found + [y IN next | {node: y, level: ${level}}] AS found, capped OR expanded >= $cap AS capped`;
    }
    const result = await tx.run(
      `${lookup('ego', 'id', NODE_LABELS)}
       CALL (ego) {
         WITH [ego] AS frontier, [{node: ego, level: 0}] AS found, false AS capped
         ${blocks}
         UNWIND found AS s
         WITH capped, s.node AS node, min(s.level) AS level
         ORDER BY level, node.id
         RETURN collect(node) AS ranked, capped
       }
       WITH ranked[..$limit] AS members, capped OR size(ranked) > $limit AS truncated
       ${this.edgesAmong(types, withEdgeProperties)}
       RETURN [m IN members | ${NETWORK_NODE_PROJECTION('m')}] AS nodes, edges, truncated`,
      { id, limit: int(limit), edgeCap: int(edgeCap + 1), cap: int(EXPANSION_CAP), ...asOf, nodeLabels: NODE_LABELS },
    );
    return this.networkRows(result.records[0], edgeCap);
  }

  /** A filtered subgraph, in id order, cut at `limit`; it starts from an index wherever a filter allows it. */
  async network(tx: Tx, q: NetworkQuery): Promise<NetworkRows | null> {
    const kinds = 'coalesce(m.kind, m.level) IN $kinds';
    const inTerritory =
      'EXISTS { MATCH (m)-[t:ACTS_IN]->(:Territory)-[:PART_OF*0..10]->(:Territory {id: $territoryId}) WHERE ' +
      activeDuring('t') +
      ' }';
    let start: string;
    if (q.initiativeId) {
      const keep = [q.kinds ? kinds : null, q.territoryId ? inTerritory : null].filter(Boolean);
      start = `MATCH (focus:Initiative {id: $initiativeId})
       CALL (focus) {
         MATCH (focus)-[r:${alternation(q.types)}]-(m)
         WHERE ${activeDuring('r')}
         WITH DISTINCT m LIMIT $cap
         WITH m ${keep.length ? `WHERE ${keep.join(' AND ')}` : ''}
         RETURN m
         UNION
         RETURN focus AS m
       }`;
    } else if (q.territoryId) {
      start = `MATCH (place:Territory {id: $territoryId})
       MATCH (place)<-[:PART_OF*0..10]-(inside:Territory)
       WITH DISTINCT inside
       MATCH (inside)<-[t:ACTS_IN]-(m)
       WHERE ${activeDuring('t')} ${q.kinds ? `AND ${kinds}` : ''}
       WITH DISTINCT m LIMIT $cap`;
    } else if (q.kinds) {
      start = `CALL () {
         MATCH (m:Actor) WHERE m.kind IN $kinds RETURN m
         UNION
         MATCH (m:Initiative) WHERE m.kind IN $kinds RETURN m
         UNION
         MATCH (m:Territory) WHERE m.level IN $kinds RETURN m
       }`;
    } else {
      start = `CALL () {
         MATCH (m:Actor) WHERE m.id IS NOT NULL RETURN m ORDER BY m.id LIMIT $limitPlusOne
         UNION
         MATCH (m:Initiative) WHERE m.id IS NOT NULL RETURN m ORDER BY m.id LIMIT $limitPlusOne
       }`;
    }
    const result = await tx.run(
      `${start}
       WITH m ORDER BY m.id LIMIT $limitPlusOne
       WITH collect(m) AS ranked
       WITH ranked[..$limit] AS members, size(ranked) > $limit AS truncated
       ${this.edgesAmong(q.types)}
       RETURN [m IN members | ${NETWORK_NODE_PROJECTION('m')}] AS nodes, edges, truncated`,
      {
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
      },
    );
    return this.networkRows(result.records[0], q.edgeCap);
  }

  /** Dated links around a node, and the dated initiatives next to it. */
  async timeline(tx: Tx, id: string, asOf: AsOf): Promise<TimelineRows | null> {
    const result = await tx.run(
      `${lookup('n', 'id', NODE_LABELS)}
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
      { id, cap: int(TIMELINE_CAP), ...asOf, nodeLabels: NODE_LABELS },
    );
    const record = result.records[0];
    if (!record) return null;
    return {
      node: toNodeRow(record.get('node')),
      rels: relRows(record.get('rels')),
      initiatives: (record.get('initiatives') as unknown[]).map(toNodeRow),
    };
  }

  /**
   * Links whose both ends are in `members`; the IN list is hashed by the runtime, so this stays
   * linear. Without their properties when nobody reads them: reading them was half the time of an
   * ego network of 500 nodes on the 1M-link bench graph (69 against 31 ms warm over 30 centres).
   */
  private edgesAmong(types: readonly RelationshipTypeName[], withProperties = true): string {
    return `CALL (members) {
         UNWIND members AS x
         MATCH (x)-[r:${alternation(types)}]->(y)
         WHERE y IN members AND ${activeDuring('r')}
         WITH r LIMIT $edgeCap
         RETURN collect(${withProperties ? EDGE_PROJECTION('r') : EDGE_ENDPOINTS_PROJECTION('r')}) AS edges
       }`;
  }

  private networkRows(record: { get(key: string): unknown } | undefined, edgeCap: number): NetworkRows | null {
    if (!record) return null;
    const edges = (record.get('edges') as unknown[]).map(toEdgeRow);
    return {
      nodes: (record.get('nodes') as unknown[]).map(toNodeRow),
      edges: edges.slice(0, edgeCap),
      truncated: record.get('truncated') === true || edges.length > edgeCap,
    };
  }
}
