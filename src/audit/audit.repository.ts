import { randomUUID } from 'node:crypto';
import { int, Tx } from '../db/database';
import { plainRecord } from '../common/neo4j-values';

export interface AuditRecord {
  targetId: string;
  operation: string;
  by: string;
  changedFields: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface StoredAuditEntry extends Omit<AuditRecord, 'before' | 'after'> {
  id: string;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Entries as stored: a fresh id, their order within the write, before and after as JSON text. */
export function storedAuditEntries(entries: readonly AuditRecord[]) {
  return entries.map((entry, seq) => ({
    ...entry,
    id: randomUUID(),
    seq,
    before: entry.before === null ? null : JSON.stringify(entry.before),
    after: entry.after === null ? null : JSON.stringify(entry.after),
  }));
}

export class AuditRepository {
  /**
   * Written in the caller's transaction, so a write and its audit entry stand or fall together.
   * Returns the entries' ids, in the order given.
   */
  async record(tx: Tx, entries: readonly AuditRecord[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const stored = storedAuditEntries(entries);
    await tx.run(
      `UNWIND $entries AS e
       CREATE (:AuditEntry {id: e.id, targetId: e.targetId, operation: e.operation, by: e.by,
                            at: datetime(), seq: e.seq, changedFields: e.changedFields, before: e.before, after: e.after})`,
      { entries: stored },
    );
    return stored.map((entry) => entry.id);
  }

  async history(tx: Tx, targetId: string, limit: number): Promise<StoredAuditEntry[]> {
    const result = await tx.run(
      `MATCH (e:AuditEntry {targetId: $targetId})
       RETURN properties(e) AS e ORDER BY e.at DESC, e.seq DESC LIMIT $limit`,
      { targetId, limit: int(limit) },
    );
    return result.records.map((record) => toStoredAuditEntry(record.get('e')));
  }

  async byId(tx: Tx, id: string): Promise<StoredAuditEntry | null> {
    const result = await tx.run('MATCH (e:AuditEntry {id: $id}) RETURN properties(e) AS e', { id });
    return result.records.length ? toStoredAuditEntry(result.records[0].get('e')) : null;
  }

  /** The entry about `targetId` that the write which recorded entry `id` recorded too. */
  async ofSameWrite(tx: Tx, id: string, targetId: string): Promise<StoredAuditEntry | null> {
    const result = await tx.run(
      `MATCH (e:AuditEntry {id: $id})
       MATCH (other:AuditEntry {targetId: $targetId}) WHERE other.at = e.at AND other.operation = e.operation AND other.id <> e.id
       RETURN properties(other) AS e LIMIT 1`,
      { id, targetId },
    );
    return result.records.length ? toStoredAuditEntry(result.records[0].get('e')) : null;
  }
}

function toStoredAuditEntry(value: unknown): StoredAuditEntry {
  const e = plainRecord(value);
  return {
    id: String(e.id),
    targetId: String(e.targetId),
    operation: String(e.operation),
    by: String(e.by),
    at: String(e.at),
    changedFields: (e.changedFields as string[]) ?? [],
    before: typeof e.before === 'string' ? JSON.parse(e.before) : null,
    after: typeof e.after === 'string' ? JSON.parse(e.after) : null,
  };
}
