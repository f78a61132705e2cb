import { int, Tx } from '../db/database';
import { lockFirst } from '../db/locks';
import { projectProperties } from '../db/projection';
import { plainRecord, toPlain } from '../common/neo4j-values';
import { NODE_LABELS, NodeLabel, RelationshipTypeName } from '../relationships/relationship-kinds';
import { RELATIONSHIP_PROJECTION, RelationshipRow, toRelationshipRow, TYPE_ALTERNATION } from '../relationships/relationship.repository';
import { AsOf, EDGE_PROJECTION_PARAMS, edgesAmong, NETWORK_NODE_PROJECTION, NetworkRows, toNetworkRows } from '../network/queries';
import { MapVisibility, SavedMap, StoredAnnotation, StoredMapNode } from './map.type';
import type { AuditNote, CurrentLinkRow, DeletedLinkRow, MergeDropRow, MergeTrailEntry } from './map.rules';
import { MERGE_OPERATIONS } from './map.rules';

/** A network node as read for a map: its label and stored properties. */
export interface NodeRecord {
  id: string;
  label: NodeLabel;
  props: Record<string, unknown>;
}

/** What a save writes besides the bookkeeping (id, author, version, times). */
export interface MapProps {
  name: string;
  description: string | null;
  visibility: MapVisibility;
  asOf: string | null;
  nodes: StoredMapNode[];
  annotations: StoredAnnotation[];
  updatedBy: string;
}

function parseJson(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  const parsed: unknown = JSON.parse(value);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}

function parseList<T>(value: unknown): T[] {
  if (typeof value !== 'string') return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? (parsed as T[]) : [];
}

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

export function toSavedMap(props: Record<string, unknown>): SavedMap {
  return Object.assign(new SavedMap(), {
    id: String(props.id),
    name: String(props.name),
    description: text(props.description),
    visibility: props.visibility as MapVisibility,
    asOf: text(props.asOf),
    author: String(props.author),
    version: Number(props.version),
    createdAt: String(props.createdAt),
    updatedAt: String(props.updatedAt),
    updatedBy: String(props.updatedBy),
    storedNodes: parseList<StoredMapNode>(props.nodes),
    storedAnnotations: parseList<StoredAnnotation>(props.annotations),
  });
}

/**
 * Maps are `(:Map)` nodes with no relationships at all: their nodes and annotations are JSON
 * text in two properties, so a map is read and written in one statement, and nothing that walks
 * the network (every query matches the model's labels or relationship types) can reach one.
 */
export class MapRepository {
  async byId(tx: Tx, id: string): Promise<SavedMap | null> {
    const result = await tx.run('MATCH (m:Map {id: $id}) RETURN properties(m) AS m', { id });
    return result.records.length ? toSavedMap(plainRecord(result.records[0].get('m'))) : null;
  }

  /** Reads a map after taking its write lock, so that two saves of it run one after the other. */
  async lock(tx: Tx, id: string): Promise<SavedMap | null> {
    const result = await tx.run('MATCH (m:Map {id: $id}) SET m.mapLock = true REMOVE m.mapLock RETURN properties(m) AS m', { id });
    return result.records.length ? toSavedMap(plainRecord(result.records[0].get('m'))) : null;
  }

  /**
   * Creates or replaces a map, when it is at `expectedVersion` (0: not there yet); null when it
   * is not, e.g. because another save of the same new id committed first.
   */
  async write(tx: Tx, id: string, author: string, expectedVersion: number, props: MapProps): Promise<SavedMap | null> {
    const stored = {
      ...props,
      nodes: JSON.stringify(props.nodes),
      annotations: JSON.stringify(props.annotations),
      nodeCount: int(props.nodes.length),
    };
    const result = await tx.run(
      `MERGE (m:Map {id: $id})
       ON CREATE SET m.version = 0, m.author = $author, m.createdAt = datetime()
       ${lockFirst('m')}
       WHERE m.version = $expectedVersion
       SET m += $props, m.version = m.version + 1, m.updatedAt = datetime()
       RETURN properties(m) AS m`,
      { id, author, expectedVersion: int(expectedVersion), props: stored },
    );
    return result.records.length ? toSavedMap(plainRecord(result.records[0].get('m'))) : null;
  }

  async delete(tx: Tx, id: string): Promise<boolean> {
    const result = await tx.run('MATCH (m:Map {id: $id}) DELETE m RETURN count(*) AS c', { id });
    return Number(result.records[0]?.get('c') ?? 0) > 0;
  }

  /** The maps `callerName` may see (every public one, and its own), in id order, and how many there are. */
  async page(
    tx: Tx,
    query: { callerName: string | null; first: number; afterId: string | null },
  ): Promise<{ rows: SavedMap[]; totalCount: number; hasNextPage: boolean }> {
    const result = await tx.run(
      `MATCH (m:Map) WHERE m.visibility = $public OR m.author = $callerName
       WITH m ORDER BY m.id
       WITH count(*) AS totalCount, collect(m) AS ordered
       RETURN totalCount, [m IN [x IN ordered WHERE $afterId IS NULL OR x.id > $afterId][0..$limit] | properties(m)] AS page`,
      { public: MapVisibility.PUBLIC, callerName: query.callerName, afterId: query.afterId, limit: int(query.first + 1) },
    );
    const record = result.records[0];
    const totalCount = record ? Number(record.get('totalCount')) : 0;
    const rows = record ? (record.get('page') as unknown[]).map((props) => toSavedMap(plainRecord(props))) : [];
    return { rows: rows.slice(0, query.first), totalCount, hasNextPage: rows.length > query.first };
  }

  /**
   * One round of resolving saved ids, in one statement for all of them: the node each id names,
   * or, for an id that names none, its last mergeActors or undoMerge audit entry (the merged
   * actor's entry of a merge says `mergedInto`). Each node comes with `properties` only (null:
   * all of them).
   */
  async lookupNodes(
    tx: Tx,
    ids: readonly string[],
    properties: readonly string[] | null,
  ): Promise<Map<string, { node: NodeRecord | null; trail: MergeTrailEntry | null }>> {
    if (ids.length === 0) return new Map();
    const result = await tx.run(
      `UNWIND $ids AS id
       OPTIONAL MATCH (a:Actor {id: id})
       OPTIONAL MATCH (i:Initiative {id: id})
       OPTIONAL MATCH (t:Territory {id: id})
       WITH id, coalesce(a, i, t) AS n,
            CASE WHEN a IS NOT NULL THEN 'Actor' WHEN i IS NOT NULL THEN 'Initiative' WHEN t IS NOT NULL THEN 'Territory' END AS label
       RETURN id, label, CASE WHEN n IS NULL THEN null ELSE ${projectProperties('n', properties)} END AS props,
              CASE WHEN n IS NULL THEN COLLECT {
                MATCH (e:AuditEntry {targetId: id}) WHERE e.operation IN $operations
                WITH e ORDER BY e.at DESC, e.seq DESC LIMIT 1
                RETURN {operation: e.operation, after: e.after}
              } ELSE [] END AS trail`,
      { ids, operations: MERGE_OPERATIONS },
    );
    const found = new Map<string, { node: NodeRecord | null; trail: MergeTrailEntry | null }>();
    for (const record of result.records) {
      const id = String(record.get('id'));
      const props = record.get('props');
      const [trail] = record.get('trail') as { operation: string; after: unknown }[];
      found.set(id, {
        node: props === null ? null : { id, label: record.get('label') as NodeLabel, props: plainRecord(props) },
        trail: trail ? { operation: String(trail.operation), after: parseJson(trail.after) } : null,
      });
    }
    return found;
  }

  /**
   * Links between two of these nodes that were created or written at `from` or later, each with
   * its audit entries since then that created it or changed its endDate. One statement: the nodes
   * through their id constraints, then their own links, then each link's entries by target id.
   */
  async linksWrittenSince(tx: Tx, ids: readonly string[], from: string): Promise<CurrentLinkRow<RelationshipRow>[]> {
    if (ids.length === 0) return [];
    const result = await tx.run(
      `WITH datetime($from) AS since
       UNWIND $ids AS id
       OPTIONAL MATCH (a:Actor {id: id})
       OPTIONAL MATCH (i:Initiative {id: id})
       OPTIONAL MATCH (t:Territory {id: id})
       WITH since, coalesce(a, i, t) AS n WHERE n IS NOT NULL
       MATCH (n)-[r:${TYPE_ALTERNATION}]->(m)
       WHERE r.id IS NOT NULL AND m.id IN $ids AND (m:Actor OR m:Initiative OR m:Territory)
         AND (r.createdAt >= since OR r.updatedAt >= since)
       RETURN r.id AS id, type(r) AS type, n.id AS fromId, m.id AS toId, r.createdAt AS createdAt,
              r.createdAt >= since AS createdSince, r.endDate AS endDate,
              ${RELATIONSHIP_PROJECTION('r')} AS rel,
              COLLECT {
                MATCH (e:AuditEntry {targetId: r.id}) WHERE e.at >= since AND (e.before IS NULL OR 'endDate' IN e.changedFields)
                RETURN {at: e.at, by: e.by, before: e.before, after: e.after, changedFields: e.changedFields}
              } AS entries`,
      { ids, from, nodeLabels: NODE_LABELS },
    );
    return result.records.map((record) => ({
      id: String(record.get('id')),
      type: record.get('type') as RelationshipTypeName,
      fromId: String(record.get('fromId')),
      toId: String(record.get('toId')),
      createdAt: String(toPlain(record.get('createdAt'))),
      createdSince: record.get('createdSince') === true,
      endDate: text(record.get('endDate')),
      relationship: toRelationshipRow(record.get('rel')),
      entries: (record.get('entries') as Record<string, unknown>[]).map(
        (entry): AuditNote => ({
          at: String(toPlain(entry.at)),
          by: String(entry.by),
          before: parseJson(entry.before),
          after: parseJson(entry.after),
          changedFields: ((entry.changedFields as string[] | null) ?? []).map(String),
        }),
      ),
    }));
  }

  /**
   * deleteRelationship entries at `from` or later (through the audit_operation_at index) whose link
   * joined two of these ids. The entry keeps the link as JSON text with its `fromId` and `toId`;
   * ids never hold a quote (IsNodeId), so they are cut out of the text here and checked again,
   * parsed, by the caller.
   */
  async deletedSince(tx: Tx, ids: readonly string[], from: string): Promise<DeletedLinkRow[]> {
    if (ids.length === 0) return [];
    const result = await tx.run(
      `MATCH (e:AuditEntry) WHERE e.operation = $operation AND e.at >= datetime($from)
       WITH e, split(split(e.before, '"fromId":"')[1], '"')[0] AS fromId, split(split(e.before, '"toId":"')[1], '"')[0] AS toId
       WHERE fromId IN $ids AND toId IN $ids
       RETURN e.targetId AS id, e.at AS at, e.by AS by, e.before AS before`,
      { operation: 'deleteRelationship', ids, from },
    );
    return result.records.map((record) => ({
      id: String(record.get('id')),
      at: String(toPlain(record.get('at'))),
      by: String(record.get('by')),
      before: parseJson(record.get('before')),
    }));
  }

  /** The mergeActors entries at `from` or later of these actors: the kept side's names the links the merge dropped. */
  async mergesSince(tx: Tx, ids: readonly string[], from: string): Promise<MergeDropRow[]> {
    if (ids.length === 0) return [];
    const result = await tx.run(
      `UNWIND $ids AS id
       MATCH (e:AuditEntry {targetId: id}) WHERE e.operation = 'mergeActors' AND e.at >= datetime($from)
       RETURN e.at AS at, e.by AS by, e.after AS after`,
      { ids, from },
    );
    return result.records.map((record) => ({
      at: String(toPlain(record.get('at'))),
      by: String(record.get('by')),
      after: parseJson(record.get('after')),
    }));
  }

  /**
   * The nodes with these ids, in this order, and the links among them active at the date: the
   * drawing of a map, in one statement whatever its size. The nodes come through their id
   * constraints; the links from each node's own, kept when their other end is one of the nodes
   * (a hashed IN list, so linear), at most `edgeCap` of them, with their properties unless
   * `withEdgeProperties` is false.
   */
  async networkAmong(
    tx: Tx,
    ids: readonly string[],
    types: readonly RelationshipTypeName[],
    asOf: AsOf,
    edgeCap: number,
    withEdgeProperties = true,
  ): Promise<NetworkRows> {
    if (ids.length === 0) return { nodes: [], edges: [], truncated: false };
    const result = await tx.run(
      `UNWIND range(0, size($ids) - 1) AS position
       WITH position, $ids[position] AS id
       OPTIONAL MATCH (a:Actor {id: id})
       OPTIONAL MATCH (i:Initiative {id: id})
       OPTIONAL MATCH (t:Territory {id: id})
       WITH position, coalesce(a, i, t) AS n WHERE n IS NOT NULL
       WITH n ORDER BY position
       WITH collect(n) AS members
       ${edgesAmong(types, withEdgeProperties)}
       RETURN [m IN members | ${NETWORK_NODE_PROJECTION('m')}] AS nodes, edges, false AS truncated`,
      { ids, nodeLabels: NODE_LABELS, edgeCap: int(edgeCap + 1), ...asOf, ...EDGE_PROJECTION_PARAMS },
    );
    return toNetworkRows(result.records, edgeCap) ?? { nodes: [], edges: [], truncated: false };
  }
}
