import type { Database, Tx } from '../db/database';
import type { NodeRow, UpsertResult } from '../db/node.repository';
import type { AuditRecord, StoredAuditEntry } from '../audit/audit.repository';
import type { ActorMergeOutcome } from '../actors/actor.service';

/** Why two actors look like one: what a proposal keeps as its evidence. */
export interface MergeEvidence {
  score: number;
  reasons: string[];
}

/** Scores a pair of actors; null when it has nothing to say about them. */
export interface EvidenceSource {
  evidenceFor(aId: string, bId: string): Promise<MergeEvidence | null>;
}

/** Until a duplicate finder is wired in, proposals carry only their proposer's note. */
export const NO_EVIDENCE: EvidenceSource = {
  evidenceFor: async () => null,
};

/** The audit trail as merges use it: writing entries and reading a merge's entries back. */
export interface MergeAuditTrail {
  record(tx: Tx, entries: readonly AuditRecord[]): Promise<string[]>;
  entry(tx: Tx, id: string): Promise<StoredAuditEntry | null>;
  entryOfSameWrite(tx: Tx, id: string, targetId: string): Promise<StoredAuditEntry | null>;
  historyIn(tx: Tx, targetId: string, limit: number): Promise<StoredAuditEntry[]>;
}

export interface MergePorts {
  db: Database;
  /** mergeActors' own merge, run in the caller's transaction. */
  mergeActors(tx: Tx, keepId: string, mergeId: string, by: string): Promise<ActorMergeOutcome>;
  actorsExisting(tx: Tx, ids: readonly string[]): Promise<Set<string>>;
  /** Sets actor properties as upserts do (a null removes one) and says what changed. */
  writeActors(tx: Tx, rows: readonly NodeRow[]): Promise<UpsertResult[]>;
  audit: MergeAuditTrail;
  evidence: EvidenceSource;
}
