import type { Database, Tx } from '../db/database';
import type { UpsertResult } from '../db/node.repository';
import { AuditRecord, AuditRepository, StoredAuditEntry } from './audit.repository';

const BOOKKEEPING = new Set(['createdAt', 'updatedAt']);

function pick(source: Record<string, unknown> | null, keys: string[]): Record<string, unknown> | null {
  if (!source) return null;
  return Object.fromEntries(keys.map((key) => [key, source[key] ?? null]));
}

/** The audit entries of a batch of upserts: unchanged rows have none. */
export function auditEntriesOf(operation: string, by: string, results: readonly UpsertResult[]): AuditRecord[] {
  return results
    .filter((result) => result.outcome !== 'unchanged')
    .map((result) => {
      const fields =
        result.outcome === 'created' ? Object.keys(result.after).filter((key) => !BOOKKEEPING.has(key)) : result.changedKeys;
      return {
        targetId: result.id,
        operation,
        by,
        changedFields: fields,
        before: pick(result.before, fields),
        after: pick(result.after, fields),
      };
    });
}

export class AuditService {
  constructor(
    private readonly db: Database,
    private readonly repository = new AuditRepository(),
  ) {}

  /** Records the upserts that changed something; an unchanged row leaves no trace. */
  async recordUpserts(tx: Tx, operation: string, by: string, results: readonly UpsertResult[]): Promise<void> {
    await this.repository.record(tx, auditEntriesOf(operation, by, results));
  }

  /** Returns the entries' ids, in the order given. */
  record(tx: Tx, entries: Parameters<AuditRepository['record']>[1]): Promise<string[]> {
    return this.repository.record(tx, entries);
  }

  history(targetId: string, limit: number): Promise<StoredAuditEntry[]> {
    return this.db.read((tx) => this.repository.history(tx, targetId, limit));
  }

  /** The same trail, read inside the caller's transaction. */
  historyIn(tx: Tx, targetId: string, limit: number): Promise<StoredAuditEntry[]> {
    return this.repository.history(tx, targetId, limit);
  }

  entry(tx: Tx, id: string): Promise<StoredAuditEntry | null> {
    return this.repository.byId(tx, id);
  }

  /** The entry about `targetId` written by the same write as entry `id` (a merge writes one per actor). */
  entryOfSameWrite(tx: Tx, id: string, targetId: string): Promise<StoredAuditEntry | null> {
    return this.repository.ofSameWrite(tx, id, targetId);
  }
}
