import { int, Tx } from '../db/database';
import { activeDuring } from '../db/time';
import { plainRecord } from '../common/neo4j-values';
import type { UpsertResult, WriteOutcome } from '../db/node.repository';
import { NODE_LABELS, NodeLabel, RELATIONSHIP_TYPES, RelationshipTypeName } from './relationship-kinds';

/** A relationship as read: its properties, its type, and both endpoints with their labels. */
export interface RelationshipRow {
  type: RelationshipTypeName;
  props: Record<string, unknown>;
  from: Record<string, unknown>;
  fromLabel: NodeLabel;
  to: Record<string, unknown>;
  toLabel: NodeLabel;
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
}

/** Cypher map projection of relationship `r`, shared by every query that returns relationships. */
export const RELATIONSHIP_PROJECTION = (r: string) =>
  `{type: type(${r}), props: properties(${r}),
    from: properties(startNode(${r})), fromLabel: [l IN labels(startNode(${r})) WHERE l IN $nodeLabels][0],
    to: properties(endNode(${r})), toLabel: [l IN labels(endNode(${r})) WHERE l IN $nodeLabels][0]}`;

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
  };
}

const BOOKKEEPING = new Set(['createdAt', 'updatedAt']);

export class RelationshipRepository {
  /** One indexed lookup per relationship type, unioned: a lookup on an untyped pattern would scan. */
  async findByIds(tx: Tx, ids: readonly string[]): Promise<Map<string, RelationshipRow>> {
    if (ids.length === 0) return new Map();
    const branches = RELATIONSHIP_TYPES.map(
      (type) => `MATCH ()-[r:${type}]->() WHERE r.id = id RETURN ${RELATIONSHIP_PROJECTION('r')} AS rel`,
    ).join(' UNION ALL ');
    const result = await tx.run(`UNWIND $ids AS id CALL (id) { ${branches} } RETURN rel`, {
      ids,
      nodeLabels: NODE_LABELS,
    });
    const rows = result.records.map((record) => toRelationshipRow(record.get('rel')));
    return new Map(rows.map((row) => [String(row.props.id), row]));
  }

  /** The label of each node id among Actor, Initiative and Territory, through the id constraints. */
  async labelsOf(tx: Tx, ids: readonly string[]): Promise<Map<string, NodeLabel>> {
    if (ids.length === 0) return new Map();
    const branches = NODE_LABELS.map((label) => `MATCH (n:${label} {id: id}) RETURN '${label}' AS label`).join(' UNION ');
    const result = await tx.run(`UNWIND $ids AS id CALL (id) { ${branches} } RETURN id, label`, { ids });
    return new Map(result.records.map((record) => [String(record.get('id')), record.get('label') as NodeLabel]));
  }

  /**
   * Writes a batch: links whose type or endpoints changed are deleted and recreated under the
   * same id; the rest are merged on id. One statement per (type, labels) group.
   */
  async upsertMany(tx: Tx, writes: readonly RelationshipWrite[]): Promise<UpsertResult[]> {
    if (writes.length === 0) return [];
    const existing = await this.findByIds(tx, writes.map((w) => w.id));
    const moved = writes.filter((w) => {
      const old = existing.get(w.id);
      return old && (old.type !== w.type || old.from.id !== w.fromId || old.to.id !== w.toId);
    });
    if (moved.length) await this.deleteByIds(tx, moved.map((w) => w.id));

    const groups = new Map<string, RelationshipWrite[]>();
    for (const write of writes) {
      const key = `${write.type}|${write.fromLabel}|${write.toLabel}`;
      groups.set(key, [...(groups.get(key) ?? []), write]);
    }
    const outcomes = new Map<string, UpsertResult>();
    for (const [key, group] of groups) {
      const [type, fromLabel, toLabel] = key.split('|');
      const result = await tx.run(
        `UNWIND $rows AS row
         MATCH (a:${fromLabel} {id: row.fromId}), (b:${toLabel} {id: row.toId})
         MERGE (a)-[r:${type} {id: row.id}]->(b)
         ON CREATE SET r.createdAt = coalesce(row.createdAt, datetime())
         WITH r, row, properties(r) AS before
         SET r = row.props, r.id = row.id, r.createdAt = before.createdAt
         WITH r, row, before,
              [k IN keys(row.props) WHERE NOT coalesce(before[k] = row.props[k], false)] +
              [k IN keys(before) WHERE NOT k IN keys(row.props) AND NOT k IN ['id', 'createdAt', 'updatedAt']] AS changed
         SET r.updatedAt = CASE WHEN before.updatedAt IS NULL OR size(changed) > 0 THEN datetime() ELSE before.updatedAt END
         RETURN row.id AS id, before, properties(r) AS after, changed`,
        {
          rows: group.map((w) => ({
            id: w.id,
            fromId: w.fromId,
            toId: w.toId,
            props: w.props,
            createdAt: existing.get(w.id)?.props.createdAt ?? null,
          })),
        },
      );
      for (const record of result.records) {
        const id = String(record.get('id'));
        const old = existing.get(id);
        const after = plainRecord(record.get('after'));
        const changedKeys = (record.get('changed') as string[]).filter((k) => !BOOKKEEPING.has(k));
        const wasMoved = moved.some((w) => w.id === id);
        const outcome: WriteOutcome = !old ? 'created' : wasMoved || changedKeys.length ? 'updated' : 'unchanged';
        outcomes.set(id, {
          id,
          outcome,
          before: old ? { ...old.props, type: old.type, fromId: old.from.id, toId: old.to.id } : null,
          after: { ...after, type, fromId: group.find((w) => w.id === id)!.fromId, toId: group.find((w) => w.id === id)!.toId },
          changedKeys: wasMoved ? [...new Set([...changedKeys, 'type', 'fromId', 'toId'])] : changedKeys,
        });
      }
    }
    return writes.map((w) => outcomes.get(w.id)!).filter(Boolean);
  }

  async deleteByIds(tx: Tx, ids: readonly string[]): Promise<number> {
    const branches = RELATIONSHIP_TYPES.map(
      (type) => `MATCH ()-[r:${type}]->() WHERE r.id = id DELETE r RETURN 1 AS deleted`,
    ).join(' UNION ALL ');
    const result = await tx.run(`UNWIND $ids AS id CALL (id) { ${branches} } RETURN count(*) AS deleted`, { ids });
    return Number(result.records[0]?.get('deleted') ?? 0);
  }

  /**
   * Relationships of many nodes at once (for DataLoaders): for each id, one page ordered by
   * relationship id, and the total count under the same filter.
   */
  async ofNodes(
    tx: Tx,
    label: NodeLabel,
    ids: readonly string[],
    query: RelationshipListQuery,
  ): Promise<Map<string, { rows: RelationshipRow[]; totalCount: number }>> {
    const types = query.types.length ? query.types : RELATIONSHIP_TYPES;
    const filter = `type(r) IN $types
        AND ($direction = 'BOTH' OR ($direction = 'OUT' AND startNode(r) = n) OR ($direction = 'IN' AND endNode(r) = n))
        AND ${activeDuring('r')}`;
    const result = await tx.run(
      `UNWIND $ids AS id
       MATCH (n:${label} {id: id})
       CALL (n) {
         MATCH (n)-[r]-() WHERE ${filter}
         RETURN count(DISTINCT r) AS totalCount
       }
       CALL (n) {
         MATCH (n)-[r]-() WHERE ${filter} AND ($afterId IS NULL OR r.id > $afterId)
         WITH DISTINCT r ORDER BY r.id LIMIT $limit
         RETURN collect(${RELATIONSHIP_PROJECTION('r')}) AS rels
       }
       RETURN id, totalCount, rels`,
      {
        ids,
        types,
        direction: query.direction,
        asOfFirst: query.asOfFirst,
        asOfLast: query.asOfLast,
        afterId: query.afterId,
        limit: int(query.first + 1),
        nodeLabels: NODE_LABELS,
      },
    );
    return new Map(
      result.records.map((record) => [
        String(record.get('id')),
        {
          totalCount: Number(record.get('totalCount')),
          rows: (record.get('rels') as unknown[]).map(toRelationshipRow),
        },
      ]),
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
    const pattern = direction === 'OUT' ? `(n)-[r:${types.join('|')}]->(m:${targetLabel})` : `(n)<-[r:${types.join('|')}]-(m:${targetLabel})`;
    const result = await tx.run(
      `UNWIND $ids AS id
       MATCH (n:${label} {id: id})
       OPTIONAL MATCH ${pattern}
       WITH id, m ORDER BY m.name
       RETURN id, collect(DISTINCT properties(m)) AS nodes`,
      { ids },
    );
    return new Map(
      result.records.map((record) => [String(record.get('id')), (record.get('nodes') as unknown[]).map(plainRecord)]),
    );
  }

  /** Moves every relationship of `mergeId` onto `keepId`, keeping type, direction and properties. */
  async moveAll(tx: Tx, label: NodeLabel, mergeId: string, keepId: string): Promise<number> {
    let moved = 0;
    for (const type of RELATIONSHIP_TYPES) {
      for (const [pattern, create] of [
        [`(m)-[r:${type}]->(other)`, `(k)-[r2:${type}]->(other)`],
        [`(m)<-[r:${type}]-(other)`, `(k)<-[r2:${type}]-(other)`],
      ]) {
        const result = await tx.run(
          `MATCH (m:${label} {id: $mergeId}), (k:${label} {id: $keepId})
           MATCH ${pattern} WHERE other <> k
           CREATE ${create}
           SET r2 = properties(r)
           DELETE r
           RETURN count(r2) AS moved`,
          { mergeId, keepId },
        );
        moved += Number(result.records[0]?.get('moved') ?? 0);
      }
    }
    return moved;
  }
}
