import type { Tx } from '../db/database';
import { plainRecord } from '../common/neo4j-values';
import type { IdentifierRow } from './identifiers';

/** The actor that holds an identifier, with the fields an import needs to resolve a row to it. */
export interface IdentifierHolder {
  actorId: string;
  name: string;
  originalName: string | null;
  kind: string;
}

export interface AttachRow extends IdentifierRow {
  actorId: string;
}

export interface AttachResult {
  actorId: string;
  key: string;
  /** Newly held by the actor, or backed by a source it had not been before. */
  changed: boolean;
  /** Another actor that already holds the identifier; nothing was linked then. */
  heldBy: string | null;
}

/**
 * Identifiers are `(:Identifier {key, scheme, value, sourceIds})` nodes, unique by key (migration
 * 008), linked `(:Actor)-[:IDENTIFIED_BY]->(:Identifier)`. They are not nodes of the network
 * model: no relationship type of relationship-kinds.ts reaches them.
 */
export class IdentifierRepository {
  /** Each actor's identifiers, in scheme then value order. */
  async ofActors(tx: Tx, actorIds: readonly string[]): Promise<Map<string, Record<string, unknown>[]>> {
    const result = await tx.run(
      `UNWIND $actorIds AS actorId
       MATCH (:Actor {id: actorId})-[:IDENTIFIED_BY]->(i:Identifier)
       WITH actorId, i ORDER BY i.scheme, i.value
       RETURN actorId, collect(properties(i)) AS identifiers`,
      { actorIds },
    );
    return new Map(
      result.records.map((record) => [String(record.get('actorId')), (record.get('identifiers') as unknown[]).map(plainRecord)]),
    );
  }

  /** Who holds each of these keys, in one lookup on the key constraint. */
  async holders(tx: Tx, keys: readonly string[]): Promise<Map<string, IdentifierHolder>> {
    if (keys.length === 0) return new Map();
    const result = await tx.run(
      `UNWIND $keys AS key
       MATCH (i:Identifier {key: key})<-[:IDENTIFIED_BY]-(a:Actor)
       RETURN key, a.id AS actorId, a.name AS name, a.originalName AS originalName, a.kind AS kind`,
      { keys },
    );
    return new Map(
      result.records.map((record) => [
        String(record.get('key')),
        {
          actorId: String(record.get('actorId')),
          name: String(record.get('name')),
          originalName: (record.get('originalName') as string | null) ?? null,
          kind: String(record.get('kind')),
        },
      ]),
    );
  }

  /**
   * Links each actor to its identifiers, creating those that are new and adding sources to the
   * others. An identifier another actor holds is left alone and reported in `heldBy`. Setting the
   * sources first locks the identifier, so two writers racing for one key see each other's link.
   * An identifier with no source has no sourceIds property, as the bulk importer (which cannot
   * write an empty list) leaves it.
   */
  async attach(tx: Tx, rows: readonly AttachRow[]): Promise<AttachResult[]> {
    if (rows.length === 0) return [];
    const result = await tx.run(
      `UNWIND $rows AS row
       MATCH (a:Actor {id: row.actorId})
       MERGE (i:Identifier {key: row.key})
       ON CREATE SET i.scheme = row.scheme, i.value = row.value
       WITH a, i, row, coalesce(i.sourceIds, []) AS before
       WITH a, i, row, before, before + [s IN row.sourceIds WHERE NOT s IN before] AS after
       SET i.sourceIds = CASE WHEN size(after) = 0 THEN null ELSE after END
       WITH a, i, row, before, after, COLLECT { MATCH (other:Actor)-[:IDENTIFIED_BY]->(i) WHERE other <> a RETURN other.id } AS others
       WITH a, i, row, before, after, others, EXISTS { (a)-[:IDENTIFIED_BY]->(i) } AS held
       CALL (a, i, others) {
         WITH * WHERE size(others) = 0
         MERGE (a)-[:IDENTIFIED_BY]->(i)
       }
       RETURN row.actorId AS actorId, row.key AS key, others[0] AS heldBy, NOT held OR size(after) > size(before) AS changed`,
      { rows },
    );
    return result.records.map((record) => ({
      actorId: String(record.get('actorId')),
      key: String(record.get('key')),
      heldBy: (record.get('heldBy') as string | null) ?? null,
      changed: record.get('changed') === true,
    }));
  }

  /** Moves every identifier of one actor to another; returns their keys. */
  async moveAll(tx: Tx, fromActorId: string, toActorId: string): Promise<string[]> {
    const result = await tx.run(
      `MATCH (from:Actor {id: $fromActorId})-[r:IDENTIFIED_BY]->(i:Identifier)
       MATCH (to:Actor {id: $toActorId})
       MERGE (to)-[:IDENTIFIED_BY]->(i)
       DELETE r
       RETURN i.key AS key ORDER BY key`,
      { fromActorId, toActorId },
    );
    return result.records.map((record) => String(record.get('key')));
  }
}
