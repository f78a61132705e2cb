import type { Database, Tx } from '../db/database';
import type { AuditRecord } from '../audit/audit.repository';
import type { RelationshipRow } from '../relationships/relationship.repository';

/** What saved maps need of the rest of the graph, wired in composition.ts. */
export interface MapPorts {
  db: Database;
  /** The audit trail, written in the save's transaction. */
  audit: { record(tx: Tx, entries: readonly AuditRecord[]): Promise<string[]> };
  /** The links, by id, that annotations are pinned to. */
  relationshipsByIds(tx: Tx, ids: readonly string[]): Promise<Map<string, RelationshipRow>>;
  /** Which of these source ids exist. */
  sourcesExisting(tx: Tx, ids: readonly string[]): Promise<Set<string>>;
}
