import { int, Tx } from '../db/database';
import { scopeParameters } from '../db/scoped-parameters';
import { projectProperties } from '../db/projection';
import { activeDuring } from '../db/time';
import { plainRecord, toPlain } from '../common/neo4j-values';
import type { NestedRead, UpsertResult } from '../db/node.repository';
import { NODE_LABELS, NodeLabel, RELATIONSHIP_TYPES, RelationshipTypeName } from './relationship-kinds';
import type { CompiledFilter } from '../filters/node-filter.query';
import { missingLast, NodeOrder, sortClauses, sortOrder, SortDirection } from '../analysis/node-sort';
import { euroValue } from '../network/queries/cypher';
import type { RelationshipSortField } from './relationship.input';
import type { NumberAggregate } from './relationship-aggregate.type';
import { sourcesOf } from '../sources/source.repository';

/** A relationship as read: its properties, its type, and both endpoints with their labels. */
export interface RelationshipRow {
  type: RelationshipTypeName;
  props: Record<string, unknown>;
  from: Record<string, unknown>;
  fromLabel: NodeLabel;
  to: Record<string, unknown>;
  toLabel: NodeLabel;
  /** What a page read for this link besides itself (PerLinkReads), by the names it was bound under. */
  readAhead?: Record<string, unknown>;
}

/**
 * What each link of a page reads besides itself, in the page's own statement: its sources, and
 * neighbours of its endpoints (an endpoint's `territories`), each bound under its own name.
 */
export interface PerLinkReads {
  /** Bound as `sources` when true, with only `sourceProperties` when given. */
  sources: boolean;
  sourceProperties?: readonly string[] | null;
  /** Bound as `<end>_<field>`, e.g. `to_territories`, with only `properties` when given. */
  endpointNeighbours: readonly { end: 'from' | 'to'; field: string; spec: NeighbourSpec; properties?: readonly string[] | null }[];
}

export interface RelationshipWrite {
  id: string;
  type: RelationshipTypeName;
  fromId: string;
  fromLabel: NodeLabel;
  toId: string;
  toLabel: NodeLabel;
  props: Record<string, unknown>;
}

export interface RelationshipListQuery {
  types: readonly RelationshipTypeName[];
  direction: 'OUT' | 'IN' | 'BOTH';
  asOfFirst: string | null;
  asOfLast: string | null;
  first: number;
  afterId: string | null;
  /** Conditions over `r` (filters/node-filter.query.ts); none when left out. */
  filter?: CompiledFilter;
  /** Id order when null. */
  order?: NodeOrder | null;
  /** Counts and amounts over every matching link, beside the total. */
  aggregate?: boolean;
  /** The endpoints' properties to read; all of them when left out. */
  endpointProperties?: readonly string[] | null;
  /** What each link of the page reads besides itself; nothing when left out. */
  perLink?: PerLinkReads | null;
}

/** The numbers aggregate() reads from each matching link `r`. */
const AGGREGATED = {
  amountEur: euroValue('r'),
  startYear: 'toInteger(left(r.startFirst, 4))',
  endYear: 'toInteger(left(r.endLast, 4))',
};

export type AggregateRow = Record<keyof typeof AGGREGATED, NumberAggregate>;

/**
 * The total of one node's matching links, and their aggregates when asked: one pass over the same
 * links. A constant beside an aggregate would be a grouping key, and a node without links would
 * then get no row at all, hence the WITH before it (here and in idOrderedLinks).
 */
function countedLinks(links: string, aggregate: boolean): string {
  if (!aggregate) return `MATCH ${links}
         WITH count(DISTINCT r) AS totalCount
         RETURN totalCount, null AS aggregate`;
  const values = Object.entries(AGGREGATED).map(([name, expression]) => `${expression} AS ${name}`);
  const stats = Object.keys(AGGREGATED).map(
    (name) => `${name}: {count: count(${name}), min: min(${name}), max: max(${name}), sum: CASE WHEN count(${name}) > 0 THEN sum(${name}) END, avg: avg(${name})}`,
  );
  return `MATCH ${links}
         WITH DISTINCT r
         WITH r, ${values.join(', ')}
         RETURN count(r) AS totalCount, {${stats.join(', ')}} AS aggregate`;
}

/** Each key's Cypher over `r`; links without a date or an amount come last. */
const SORT_KEY: Record<RelationshipSortField, (descending: boolean) => string> = {
  START_DATE: (descending) => missingLast('r.startFirst', 'text', descending),
  END_DATE: (descending) => missingLast('r.endLast', 'text', descending),
  AMOUNT_EUR: (descending) => missingLast(euroValue('r'), 'number', descending),
  TYPE: () => 'type(r)',
};

export function relationshipOrder(
  sort: readonly { field: RelationshipSortField; direction: SortDirection }[] | null | undefined,
  after: string | null | undefined,
): NodeOrder | null {
  return sortOrder(sort, after, (field, descending) => SORT_KEY[field](descending));
}

/**
 * The subqueries that read PerLinkReads for the link bound to `r`, one row in one row out, and
 * the projection of what they bound; the page's order goes through them unchanged.
 */
function perLinkPart(perLink: PerLinkReads | null | undefined): { calls: string; projection: string | null } {
  if (!perLink) return { calls: '', projection: null };
  const calls: string[] = [];
  const names: string[] = [];
  if (perLink.sources) {
    calls.push(`CALL (r) {
           ${sourcesOf('r', 'sources', perLink.sourceProperties ?? null)}
         }`);
    names.push('sources');
  }
  for (const { end, field, spec, properties } of perLink.endpointNeighbours) {
    const as = `${end}_${field}`;
    calls.push(`CALL (r) {
           WITH ${end === 'from' ? 'startNode' : 'endNode'}(r) AS n
           ${neighboursOfNode(spec, as, properties ?? null)}
         }`);
    names.push(as);
  }
  return { calls: calls.map((call) => `\n         ${call}`).join(''), projection: names.length ? `{${names.map((name) => `${name}: ${name}`).join(', ')}}` : null };
}

/** One node's page of links in id order, from the cursor's id on. */
function idOrderedLinks(links: string, endpointKeys: readonly string[] | null, perLink: PerLinkReads | null | undefined): { cypher: string; params: Record<string, unknown> } {
  const ahead = perLinkPart(perLink);
  return {
    cypher: `MATCH ${links} AND ($afterId IS NULL OR r.id > $afterId)
         WITH DISTINCT r ORDER BY r.id LIMIT $limit${ahead.calls}
         WITH collect(${RELATIONSHIP_PROJECTION('r', endpointKeys, ahead.projection)}) AS rels
         RETURN rels, [] AS keys`,
    params: {},
  };
}

/** One node's page of links in the order of `order`'s keys, then id, past the cursor's keys; each link's keys come back for its cursor. */
function sortedLinks(
  links: string,
  order: NodeOrder,
  endpointKeys: readonly string[] | null,
  perLink: PerLinkReads | null | undefined,
): { cypher: string; params: Record<string, unknown> } {
  const sorted = sortClauses(order, 'r.id');
  const ahead = perLinkPart(perLink);
  return {
    cypher: `MATCH ${links}
         WITH DISTINCT r
         WITH r, ${sorted.bindings}
         WHERE ${sorted.where}
         ORDER BY ${sorted.orderBy}
         LIMIT $limit${ahead.calls}
         RETURN collect(${RELATIONSHIP_PROJECTION('r', endpointKeys, ahead.projection)}) AS rels, collect(${sorted.values}) AS keys`,
    params: sorted.params,
  };
}

/** One node's page of links as read: the rows past the cursor (one more than the page), their sort keys, the total and the aggregates. */
export interface LinkPageRow {
  rows: RelationshipRow[];
  keys: unknown[][];
  totalCount: number;
  aggregate: AggregateRow | null;
}

/** What linkPageOfNode binds. */
const LINK_PAGE_VARIABLES = ['totalCount', 'aggregate', 'rels', 'keys'] as const;

/**
 * The Cypher that reads one page of links of the node bound to `n` (its total, its aggregates
 * when asked, and the rows), with every parameter it uses: the part that ofNodes runs for each of
 * many nodes, and that a node list runs for each node of its page (nestedLinkPages).
 */
function linkPageOfNode(query: RelationshipListQuery): { cypher: string; params: Record<string, unknown> } {
  // Types and direction go into the pattern, so that only the node's links of those types are
  // expanded (67 of 242 for the bench's actorList page, PROFILE); the types are checked
  // against the model's, never taken from a client as text.
  const types = query.types.length ? query.types : RELATIONSHIP_TYPES;
  if (types.some((type) => !RELATIONSHIP_TYPES.includes(type))) throw new Error(`not a relationship type in ${types.join(', ')}`);
  const arrow = { OUT: ['-', '->'], IN: ['<-', '-'], BOTH: ['-', '-'] }[query.direction];
  const conditions = [activeDuring('r'), ...(query.filter?.where ?? [])].join(' AND ');
  const links = `(n)${arrow[0]}[r:${types.join('|')}]${arrow[1]}() WHERE ${conditions}`;
  const endpointKeys = query.endpointProperties ?? null;
  const page = query.order ? sortedLinks(links, query.order, endpointKeys, query.perLink) : idOrderedLinks(links, endpointKeys, query.perLink);
  return {
    cypher: `CALL (n) {
         ${countedLinks(links, query.aggregate ?? false)}
       }
       CALL (n) {
         ${page.cypher}
       }`,
    params: {
      ...page.params,
      ...query.filter?.params,
      asOfFirst: query.asOfFirst,
      asOfLast: query.asOfLast,
      afterId: query.afterId,
      limit: int(query.first + 1),
      nodeLabels: NODE_LABELS,
    },
  };
}

/**
 * Pages of links of the node bound to `n`, one per query, each under its own parameter names and
 * bound as one map (`links0`, `links1`, …): what a node list reads ahead for the `relationships`
 * fields its client selected under its nodes, in the list's own statement (NodePageQuery.nested).
 */
export function nestedLinkPages(queries: readonly RelationshipListQuery[]): NestedRead {
  const parts = queries.map((query, i) => {
    const scoped = scopeParameters(`links${i}_`, linkPageOfNode(query));
    return {
      cypher: `CALL (n) {
         ${scoped.cypher}
         RETURN {${LINK_PAGE_VARIABLES.map((name) => `${name}: ${name}`).join(', ')}} AS links${i}
       }`,
      params: scoped.params,
    };
  });
  return {
    cypher: parts.map((part) => part.cypher).join('\n'),
    params: Object.assign({}, ...parts.map((part) => part.params)),
    values: queries.map((_query, i) => `links${i}`),
  };
}

export interface NeighbourSpec {
  types: readonly RelationshipTypeName[];
  direction: 'OUT' | 'IN';
  targetLabel: NodeLabel;
}

/**
 * The nodes of `targetLabel` one link of `types` away from the node bound to `n`, by name then
 * id, bound as `as`: the one fragment behind the neighbours DataLoader and a node list's
 * read ahead of `territories` or `initiatives` (nestedNeighbours). Types and labels are the
 * model's, checked, never a client's text. A MATCH, not an OPTIONAL MATCH: the aggregate alone
 * still returns its one row ([] when nothing matched), where a projected map of a missing node
 * would be a map of nulls.
 */
function neighboursOfNode({ types, direction, targetLabel }: NeighbourSpec, as: string, properties: readonly string[] | null = null): string {
  if (types.some((type) => !RELATIONSHIP_TYPES.includes(type))) throw new Error(`not a relationship type in ${types.join(', ')}`);
  if (!NODE_LABELS.includes(targetLabel)) throw new Error(`not a node label: ${targetLabel}`);
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(as)) throw new Error(`not a variable name: ${as}`);
  const pattern = direction === 'OUT' ? `(n)-[:${types.join('|')}]->(m:${targetLabel})` : `(n)<-[:${types.join('|')}]-(m:${targetLabel})`;
  return `MATCH ${pattern}
         WITH m ORDER BY m.name, m.id
         RETURN collect(DISTINCT ${projectProperties('m', properties)}) AS ${as}`;
}

/** neighboursOfNode for each node of a list's page, bound as `as` (NodePageQuery.nested), with only `properties` when given. */
export function nestedNeighbours(spec: NeighbourSpec, as: string, properties: readonly string[] | null = null): NestedRead {
  return {
    cypher: `CALL (n) {
         ${neighboursOfNode(spec, as, properties)}
       }`,
    params: {},
    values: [as],
  };
}

/** A page read by linkPageOfNode, from its variables (ofNodes) or from the map nestedLinkPages binds. */
export function toLinkPageRow(value: unknown): LinkPageRow {
  const found = value as { totalCount: unknown; aggregate: unknown; rels: unknown[]; keys: unknown[][] };
  return {
    totalCount: Number(found.totalCount),
    rows: found.rels.map(toRelationshipRow),
    keys: found.keys.map((values) => values.map(toPlain)),
    aggregate: found.aggregate === null ? null : (toPlain(found.aggregate) as AggregateRow),
  };
}

/**
 * Cypher map projection of relationship `r`, shared by every query that returns relationships:
 * its endpoints with all their properties, or only `endpointKeys` (projectProperties).
 */
export const RELATIONSHIP_PROJECTION = (r: string, endpointKeys: readonly string[] | null = null, readAhead: string | null = null) =>
  `{type: type(${r}), props: properties(${r}),
    from: ${projectProperties(`startNode(${r})`, endpointKeys)}, fromLabel: [l IN labels(startNode(${r})) WHERE l IN $nodeLabels][0],
    to: ${projectProperties(`endNode(${r})`, endpointKeys)}, toLabel: [l IN labels(endNode(${r})) WHERE l IN $nodeLabels][0]${readAhead ? `,
    readAhead: ${readAhead}` : ''}}`;

/**
 * The same row with only the endpoints' ids, for answers whose client selects neither `from` nor
 * `to`: reading both endpoints' properties was 40 % of a funding-chains statement (bench graph).
 */
export const RELATIONSHIP_ENDPOINT_IDS_PROJECTION = (r: string) => RELATIONSHIP_PROJECTION(r, ['id']);

export const TYPE_ALTERNATION = RELATIONSHIP_TYPES.join('|');

export function toRelationshipRow(value: unknown): RelationshipRow {
  const raw = value as Record<string, unknown>;
  return {
    type: raw.type as RelationshipTypeName,
    props: plainRecord(raw.props),
    from: plainRecord(raw.from),
    fromLabel: raw.fromLabel as NodeLabel,
    to: plainRecord(raw.to),
    toLabel: raw.toLabel as NodeLabel,
    ...(raw.readAhead ? { readAhead: raw.readAhead as Record<string, unknown> } : {}),
  };
}

/** A link that a merge moved onto the kept node; `end` is the end the merged node held. */
export interface MovedLink {
  id: string;
  type: RelationshipTypeName;
  end: 'from' | 'to';
}

/** A link that a merge deleted with the merged node, as it was. */
export interface DroppedLink {
  id: string;
  type: RelationshipTypeName;
  fromId: string;
  toId: string;
  props: Record<string, unknown>;
}

export interface MovedRelationships {
  /** Links moved, ids or not. */
  count: number;
  movedLinks: MovedLink[];
  /** Links between the two nodes, and loops on the merged one. */
  droppedLinks: DroppedLink[];
  /** Ids of the FUNDS links whose reporter went from the merged node to the kept one. */
  reassignedReports: string[];
  /** The nodes at the other end of the moved links (for live events; not part of the undo trail). */
  otherEnds: string[];
}

const BOOKKEEPING = new Set(['createdAt', 'updatedAt']);

interface ExistingRelationship {
  type: RelationshipTypeName;
  fromId: string;
  toId: string;
  props: Record<string, unknown>;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export class RelationshipRepository {
  /**
   * One lookup per relationship type, unioned, each forced to seek the id index. Plans are cached
   * from when the graph was small, and then the planner joined the ids against a full index scan
   * of the commonest type: 100M db hits for 5,000 ids on a 20k-link graph, against 55k with seeks.
   */
  private relationshipsById(projection: (r: string) => string): string {
    return RELATIONSHIP_TYPES.map(
      (type) => `UNWIND $ids AS id MATCH (a)-[r:${type} {id: id}]->(b) USING INDEX SEEK r:${type}(id) RETURN ${projection('r')} AS rel`,
    ).join(' UNION ALL ');
  }

  async findByIds(tx: Tx, ids: readonly string[]): Promise<Map<string, RelationshipRow>> {
    if (ids.length === 0) return new Map();
    const result = await tx.run(this.relationshipsById(RELATIONSHIP_PROJECTION), { ids, nodeLabels: NODE_LABELS });
    const rows = result.records.map((record) => toRelationshipRow(record.get('rel')));
    return new Map(rows.map((row) => [String(row.props.id), row]));
  }

  /** The label of each node id among Actor, Initiative and Territory, through the id constraints. */
  async labelsOf(tx: Tx, ids: readonly string[]): Promise<Map<string, NodeLabel>> {
    if (ids.length === 0) return new Map();
    // Top-level branches with hints, for the reason given at relationshipsById.
    const query = NODE_LABELS.map(
      (label) => `UNWIND $ids AS id MATCH (n:${label} {id: id}) USING INDEX SEEK n:${label}(id) RETURN id, '${label}' AS label`,
    ).join(' UNION ALL ');
    const result = await tx.run(query, { ids });
    return new Map(result.records.map((record) => [String(record.get('id')), record.get('label') as NodeLabel]));
  }

  /**
   * What `upsertMany` needs to know of links that already exist: their type, endpoints and own
   * properties. Lighter than `findByIds`, which also reads both endpoints' properties.
   */
  private async existingOf(tx: Tx, ids: readonly string[]): Promise<Map<string, ExistingRelationship>> {
    const result = await tx.run(
      this.relationshipsById((r) => `{type: type(${r}), fromId: startNode(${r}).id, toId: endNode(${r}).id, props: properties(${r})}`),
      { ids },
    );
    const existing = new Map<string, ExistingRelationship>();
    for (const record of result.records) {
      const raw = record.get('rel') as Record<string, unknown>;
      const props = plainRecord(raw.props);
      existing.set(String(props.id), { type: raw.type as RelationshipTypeName, fromId: String(raw.fromId), toId: String(raw.toId), props });
    }
    return existing;
  }

  /**
   * Writes a batch. New links are created outright; links that exist with the same type and
   * endpoints are updated in place through the relationship id index; links whose type or
   * endpoints changed are deleted and recreated under the same id. One statement per group, so a
   * bulk import of new links costs one index lookup per endpoint and nothing per existing link.
   */
  async upsertMany(tx: Tx, writes: readonly RelationshipWrite[]): Promise<UpsertResult[]> {
    if (writes.length === 0) return [];
    const existing = await this.existingOf(tx, writes.map((w) => w.id));
    const toCreate: RelationshipWrite[] = [];
    const toUpdate: RelationshipWrite[] = [];
    const moved: string[] = [];
    for (const w of writes) {
      const old = existing.get(w.id);
      if (!old) {
        toCreate.push(w);
      } else if (old.type === w.type && old.fromId === w.fromId && old.toId === w.toId) {
        toUpdate.push(w);
      } else {
        // A changed type or endpoint cannot be set on a link: it is deleted and recreated under its id.
        moved.push(w.id);
        toCreate.push(w);
      }
    }
    if (moved.length) await this.deleteByIds(tx, moved);

    const outcomes = new Map<string, UpsertResult>();
    const beforeOf = (old: ExistingRelationship | undefined) =>
      old ? { ...old.props, type: old.type, fromId: old.fromId, toId: old.toId } : null;

    for (const [key, group] of groupBy(toCreate, (w) => `${w.type}|${w.fromLabel}|${w.toLabel}`)) {
      const [type, fromLabel, toLabel] = key.split('|');
      const result = await tx.run(
        `UNWIND $rows AS row
         MATCH (a:${fromLabel} {id: row.fromId})
         MATCH (b:${toLabel} {id: row.toId})
         CREATE (a)-[r:${type}]->(b)
         SET r = row.props, r.id = row.id, r.createdAt = coalesce(datetime(row.createdAt), datetime()), r.updatedAt = datetime()
         RETURN count(r) AS created`,
        {
          rows: group.map((w) => ({ id: w.id, fromId: w.fromId, toId: w.toId, props: w.props, createdAt: existing.get(w.id)?.props.createdAt ?? null })),
        },
      );
      // Callers check endpoints first; a shortfall means one vanished meanwhile, and the whole transaction must fail.
      const created = Number(result.records[0]?.get('created') ?? 0);
      if (created !== group.length) throw new Error(`${group.length - created} ${type} link(s) lost an endpoint while being written`);
      for (const w of group) {
        const old = existing.get(w.id);
        const keys = Object.keys(w.props).filter((k) => !BOOKKEEPING.has(k));
        outcomes.set(w.id, {
          id: w.id,
          outcome: old ? 'updated' : 'created',
          before: beforeOf(old),
          after: { ...w.props, id: w.id, type, fromId: w.fromId, toId: w.toId },
          changedKeys: old ? [...new Set([...keys, 'type', 'fromId', 'toId'])] : keys,
        });
      }
    }

    for (const [type, group] of groupBy(toUpdate, (w) => w.type)) {
      const result = await tx.run(
        `UNWIND $rows AS row
         MATCH ()-[r:${type} {id: row.id}]->() USING INDEX SEEK r:${type}(id)
         WITH r, row, properties(r) AS before
         WITH r, row, before,
              [k IN keys(row.props) WHERE NOT coalesce(before[k] = row.props[k], false)] +
              [k IN keys(before) WHERE NOT k IN keys(row.props) AND NOT k IN ['id', 'createdAt', 'updatedAt']] AS changed
         CALL (r, row, before, changed) {
           WITH * WHERE size(changed) > 0 OR before.updatedAt IS NULL
           SET r = row.props, r.id = row.id, r.createdAt = before.createdAt, r.updatedAt = datetime()
         }
         RETURN row.id AS id, properties(r) AS after, changed`,
        { rows: group.map((w) => ({ id: w.id, props: w.props })) },
      );
      const byId = new Map(group.map((w) => [w.id, w]));
      for (const record of result.records) {
        const id = String(record.get('id'));
        const write = byId.get(id);
        const changedKeys = (record.get('changed') as string[]).filter((k) => !BOOKKEEPING.has(k));
        outcomes.set(id, {
          id,
          outcome: changedKeys.length ? 'updated' : 'unchanged',
          before: beforeOf(existing.get(id)),
          after: { ...plainRecord(record.get('after')), type, fromId: write?.fromId, toId: write?.toId },
          changedKeys,
        });
      }
    }
    return writes.map((w) => outcomes.get(w.id)!).filter(Boolean);
  }

  async deleteByIds(tx: Tx, ids: readonly string[]): Promise<number> {
    const result = await tx.run(
      `CALL () { ${this.relationshipsById((r) => r)} }
       DELETE rel
       RETURN count(*) AS deleted`,
      { ids },
    );
    return Number(result.records[0]?.get('deleted') ?? 0);
  }

  /**
   * Relationships of many nodes at once (for DataLoaders): for each id, one page ordered by
   * relationship id, and the total count under the same filter.
   */
  async ofNodes(tx: Tx, label: NodeLabel, ids: readonly string[], query: RelationshipListQuery): Promise<Map<string, LinkPageRow>> {
    const part = linkPageOfNode(query);
    const result = await tx.run(
      `UNWIND $ids AS id
       MATCH (n:${label} {id: id})
       ${part.cypher}
       RETURN id, ${LINK_PAGE_VARIABLES.join(', ')}`,
      { ...part.params, ids },
    );
    return new Map(
      result.records.map((record) => [String(record.get('id')), toLinkPageRow(Object.fromEntries(LINK_PAGE_VARIABLES.map((name) => [name, record.get(name)])))]),
    );
  }

  /** Nodes of `targetLabel` one hop away from each id, through the given types. */
  async neighbours(
    tx: Tx,
    label: NodeLabel,
    ids: readonly string[],
    types: readonly RelationshipTypeName[],
    direction: 'OUT' | 'IN',
    targetLabel: NodeLabel,
  ): Promise<Map<string, Record<string, unknown>[]>> {
    const result = await tx.run(
      `UNWIND $ids AS id
       MATCH (n:${label} {id: id})
       CALL (n) {
         ${neighboursOfNode({ types, direction, targetLabel }, 'nodes')}
       }
       RETURN id, nodes`,
      { ids },
    );
    return new Map(
      result.records.map((record) => [String(record.get('id')), (record.get('nodes') as unknown[]).map(plainRecord)]),
    );
  }

  /**
   * Moves every relationship of `mergeId` onto `keepId`, keeping type, direction and properties,
   * and says what it did, so that a merge can be undone link by link.
   */
  async moveAll(tx: Tx, label: NodeLabel, mergeId: string, keepId: string): Promise<MovedRelationships> {
    // Links between the two, and loops, have no end to move to: they go when the merged node is deleted.
    const left = await tx.run(
      `MATCH (m:${label} {id: $mergeId})
       OPTIONAL MATCH (k:${label} {id: $keepId})
       MATCH (m)-[r:${TYPE_ALTERNATION}]-(other) WHERE other = k OR other = m
       WITH DISTINCT r
       RETURN type(r) AS type, properties(r) AS props, startNode(r).id AS fromId, endNode(r).id AS toId`,
      { mergeId, keepId },
    );
    const droppedLinks = left.records.map((record): DroppedLink => {
      const props = plainRecord(record.get('props'));
      return {
        id: String(props.id),
        type: record.get('type') as RelationshipTypeName,
        fromId: String(record.get('fromId')),
        toId: String(record.get('toId')),
        props,
      };
    });
    const movedLinks: MovedLink[] = [];
    const otherEnds = new Set<string>();
    let count = 0;
    for (const type of RELATIONSHIP_TYPES) {
      for (const [end, pattern, create] of [
        ['from', `(m)-[r:${type}]->(other)`, `(k)-[r2:${type}]->(other)`],
        ['to', `(m)<-[r:${type}]-(other)`, `(k)<-[r2:${type}]-(other)`],
      ] as const) {
        const result = await tx.run(
          `MATCH (m:${label} {id: $mergeId}), (k:${label} {id: $keepId})
           MATCH ${pattern} WHERE other <> k AND other <> m
           CREATE ${create}
           SET r2 = properties(r)
           DELETE r
           RETURN count(r2) AS moved, collect(r2.id) AS ids, collect(DISTINCT other.id) AS others`,
          { mergeId, keepId },
        );
        count += Number(result.records[0]?.get('moved') ?? 0);
        for (const id of (result.records[0]?.get('ids') as string[] | undefined) ?? []) movedLinks.push({ id, type, end });
        for (const id of (result.records[0]?.get('others') as string[] | undefined) ?? []) otherEnds.add(id);
      }
    }
    // A flow the merged actor reported is now the kept actor's own report: the funder-wins rule reads it.
    const reports = await tx.run(
      'MATCH ()-[r:FUNDS {reportingOrgId: $mergeId}]->() SET r.reportingOrgId = $keepId RETURN collect(r.id) AS ids',
      { mergeId, keepId },
    );
    return {
      count,
      movedLinks,
      droppedLinks,
      reassignedReports: (reports.records[0]?.get('ids') as string[] | undefined) ?? [],
      otherEnds: [...otherEnds],
    };
  }
}
