import { randomBytes } from 'node:crypto';
import type { Tx } from '../db/database';
import type { AuditRecord, StoredAuditEntry } from '../audit/audit.repository';
import { BadInputError, NotFoundError } from '../common/errors';
import { decodeCursor, encodeCursor, Page } from '../common/connection';
import { toActor } from '../actors/actor.repository';
import type { Actor } from '../actors/actor.type';
import { MergeRepository, MergeProposalQuery } from './merge.repository';
import { counterpartOf, MergeTrail, mergeTrailOf, sameValue, UNDO_OPERATION } from './merge.trail';
import type { MergePorts } from './merge.ports';
import { ChangeKind } from '../events/changes';
import { MergeProposal, MergeState } from './merge.type';

/** Conflicts named in one refusal; the rest are counted. */
const CONFLICTS_SHOWN = 10;

/** Time first, so that id order is the order proposals came in. */
function newProposalId(): string {
  return `merge-${Date.now().toString().padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
}

function refusedUndo(reason: string): BadInputError {
  return new BadInputError('auditEntryId', reason);
}

/**
 * Reviewed merges: a proposal records a pair and its evidence, an editor accepts it (the merge of
 * mergeActors, in the same transaction as the decision) or rejects it (the duplicate finder never
 * offers the pair again), and an accepted merge, or one made by mergeActors directly, can be
 * undone from its audit entry while nothing done since stands in the way.
 */
export class MergeService {
  readonly repository = new MergeRepository();

  constructor(private readonly ports: MergePorts) {}

  byId(id: string): Promise<MergeProposal | null> {
    return this.ports.db.read((tx) => this.repository.byId(tx, id));
  }

  async list(query: Omit<MergeProposalQuery, 'afterId'> & { after: string | undefined }): Promise<Page<MergeProposal>> {
    const afterId = decodeCursor(query.after);
    const page = await this.ports.db.read((tx) => this.repository.page(tx, { ...query, afterId }));
    return {
      items: page.rows,
      totalCount: page.totalCount,
      hasNextPage: page.hasNextPage,
      hasPreviousPage: afterId !== null,
      cursorOf: (proposal) => encodeCursor(proposal.id),
    };
  }

  /** For the duplicate finder: the pairs among these that an editor rejected, either way round. */
  rejectedPairs(tx: Tx, pairs: readonly (readonly [string, string])[]): Promise<[string, string][]> {
    return this.repository.rejectedPairs(tx, pairs);
  }

  async propose(keepId: string, mergeId: string, note: string | null, by: string): Promise<MergeProposal> {
    if (keepId === mergeId) throw new BadInputError('mergeId', 'must differ from keepId: an actor cannot be merged into itself');
    const evidence = await this.ports.evidence.evidenceFor(keepId, mergeId);
    return this.ports.db.write(async (tx) => {
      // Locked in id order, so that two proposals of one pair cannot both find it free.
      const existing = new Set<string>();
      for (const id of [keepId, mergeId].sort()) if (await this.repository.lockActor(tx, id)) existing.add(id);
      for (const id of [keepId, mergeId]) if (!existing.has(id)) throw new NotFoundError('Actor', id);
      const open = await this.repository.openFor(tx, keepId, mergeId);
      if (open) throw new BadInputError('mergeId', `the pair already has an open proposal, "${open.id}": decide that one`);
      const proposal = await this.repository.create(tx, {
        id: newProposalId(),
        keepId,
        mergeId,
        score: evidence?.score ?? null,
        reasons: evidence?.reasons ?? [],
        note: note ?? null,
        proposedBy: by,
      });
      await this.ports.audit.record(tx, [
        {
          targetId: proposal.id,
          operation: 'proposeMerge',
          by,
          changedFields: ['state', 'keepId', 'mergeId', 'score', 'reasons', 'note'],
          before: null,
          after: { state: proposal.state, keepId, mergeId, score: proposal.score, reasons: proposal.reasons, note: proposal.note },
        },
      ]);
      return proposal;
    });
  }

  async decide(id: string, accept: boolean, note: string | null, by: string): Promise<MergeProposal> {
    return this.ports.db.write(async (tx) => {
      const proposal = await this.repository.lock(tx, id);
      if (!proposal) throw new NotFoundError('MergeProposal', id);
      if (proposal.state !== MergeState.PROPOSED) {
        throw new BadInputError('id', `proposal "${id}" was already decided: ${proposal.state} by ${proposal.decidedBy ?? 'unknown'}`);
      }
      const merge = accept ? await this.ports.mergeActors(tx, proposal.keepId, proposal.mergeId, by) : null;
      const decided = await this.repository.decide(tx, id, {
        state: accept ? MergeState.ACCEPTED : MergeState.REJECTED,
        decidedBy: by,
        decisionNote: note ?? null,
        auditEntryId: merge?.auditEntryId ?? null,
      });
      await this.ports.audit.record(tx, [
        {
          targetId: id,
          operation: 'decideMerge',
          by,
          changedFields: ['state', 'decisionNote', 'auditEntryId'],
          before: { state: proposal.state, decisionNote: null, auditEntryId: null },
          after: { state: decided.state, decisionNote: decided.decisionNote, auditEntryId: decided.auditEntryId },
        },
      ]);
      return decided;
    });
  }

  /**
   * Undoes a merge from the kept actor's mergeActors audit entry (the merged actor's entry of the
   * same merge is taken too): the merged actor comes back with its own properties, links,
   * reported flows and identifiers, and the kept actor gets back the values the merge changed.
   * Refused, changing nothing, once undone, or when anything done since would be overwritten.
   * Returns the actor brought back.
   */
  async undo(auditEntryId: string, by: string): Promise<Actor> {
    return this.ports.db.write(async (tx) => {
      const trail = await this.trailOf(tx, auditEntryId);
      const kept = await this.repository.lockActor(tx, trail.keepId);
      if (!kept) throw refusedUndo(`the kept actor "${trail.keepId}" no longer exists`);
      const undone = (await this.ports.audit.historyIn(tx, trail.entryId, 10)).find((entry) => entry.operation === UNDO_OPERATION);
      if (undone) throw refusedUndo(`this merge was already undone, by ${undone.by} at ${undone.at}`);
      const conflicts = await this.conflicts(tx, trail, kept);
      if (conflicts.length) {
        const more = conflicts.length > CONFLICTS_SHOWN ? `; and ${conflicts.length - CONFLICTS_SHOWN} more` : '';
        throw refusedUndo(`later changes conflict with undoing it: ${conflicts.slice(0, CONFLICTS_SHOWN).join('; ')}${more}`);
      }

      const restored = await this.repository.recreateActor(tx, trail.mergedActor);
      const { moved: movedBack, otherEnds } = await this.repository.moveLinksBack(tx, trail.keepId, trail.mergeId, trail.movedLinks);
      await this.repository.recreateLinks(tx, trail.droppedLinks);
      await this.repository.returnReports(tx, trail.keepId, trail.mergeId, trail.reassignedReports);
      await this.repository.moveIdentifiersBack(tx, trail.keepId, trail.mergeId, trail.movedIdentifiers);
      const keptChanges = trail.keptChanges.map(({ key, before }) => [key, before] as const);
      const [keptResult] = await this.ports.writeActors(tx, [{ id: trail.keepId, props: Object.fromEntries(keptChanges) }]);
      const proposal = await this.repository.markUndone(tx, trail.entryId);

      const changedKeys = keptResult.changedKeys;
      const valuesOf = (props: Record<string, unknown> | null) => Object.fromEntries(changedKeys.map((key) => [key, props?.[key] ?? null]));
      const entries: AuditRecord[] = [
        {
          targetId: trail.keepId,
          operation: UNDO_OPERATION,
          by,
          changedFields: [...changedKeys, 'relationships'],
          before: { ...valuesOf(keptResult.before), undoneMerge: trail.entryId },
          after: { ...valuesOf(keptResult.after), restored: trail.mergeId, movedBackRelationships: movedBack },
        },
        { targetId: trail.mergeId, operation: UNDO_OPERATION, by, changedFields: ['restored'], before: null, after: { ...restored, splitFrom: trail.keepId } },
        // Makes "already undone" one lookup on the merge's own entry id.
        { targetId: trail.entryId, operation: UNDO_OPERATION, by, changedFields: ['undone'], before: null, after: { keepId: trail.keepId, mergeId: trail.mergeId } },
      ];
      if (proposal) {
        entries.push({
          targetId: proposal.id,
          operation: UNDO_OPERATION,
          by,
          changedFields: ['state'],
          before: { state: MergeState.ACCEPTED },
          after: { state: proposal.state },
        });
      }
      await this.ports.audit.record(tx, entries);
      tx.publishOnCommit({ topic: 'graph', change: ChangeKind.CREATED, nodeIds: [trail.mergeId] });
      tx.publishOnCommit({ topic: 'graph', change: ChangeKind.UPDATED, nodeIds: [trail.keepId, trail.mergeId, ...otherEnds] });
      for (const link of trail.droppedLinks) {
        tx.publishOnCommit({ topic: 'graph', change: ChangeKind.CREATED, nodeIds: [link.fromId, link.toId], relationshipId: link.id });
      }
      return toActor(restored);
    });
  }

  /** The merge's two entries, whichever of them the caller named. */
  private async trailOf(tx: Tx, auditEntryId: string): Promise<MergeTrail> {
    const entry = await this.ports.audit.entry(tx, auditEntryId);
    if (!entry) throw new NotFoundError('AuditEntry', auditEntryId);
    const counterpart = counterpartOf(entry);
    const other: StoredAuditEntry | null = await this.ports.audit.entryOfSameWrite(tx, entry.id, counterpart.targetId);
    if (!other) throw refusedUndo(`the other entry of this merge, about "${counterpart.targetId}", is missing`);
    return counterpart.keptSide ? mergeTrailOf(entry, other) : mergeTrailOf(other, entry);
  }

  /** What was done since the merge that undoing it would overwrite or could not put back. */
  private async conflicts(tx: Tx, trail: MergeTrail, kept: Record<string, unknown>): Promise<string[]> {
    const conflicts: string[] = [];
    if ((await this.ports.actorsExisting(tx, [trail.mergeId])).has(trail.mergeId)) {
      conflicts.push(`an actor "${trail.mergeId}" exists again`);
    }
    for (const { key, after } of trail.keptChanges) {
      if (!sameValue(kept[key], after)) conflicts.push(`the kept actor's ${key} changed since the merge`);
    }
    const ends = await this.repository.linkEnds(tx, trail.movedLinks);
    for (const link of trail.movedLinks) {
      const now = ends.get(link.id);
      const stillKept = now && (link.end === 'from' ? now.fromIsActor && now.fromId === trail.keepId : now.toIsActor && now.toId === trail.keepId);
      if (!now) conflicts.push(`link "${link.id}" that the merge moved was deleted since`);
      else if (!stillKept) conflicts.push(`link "${link.id}" that the merge moved no longer ends at the kept actor`);
    }
    const recreated = await this.repository.linkEnds(tx, trail.droppedLinks);
    for (const link of trail.droppedLinks) {
      if (recreated.has(link.id)) conflicts.push(`link "${link.id}", deleted by the merge, exists again`);
    }
    const held = await this.repository.identifiersHeld(tx, trail.keepId, trail.movedIdentifiers);
    for (const key of trail.movedIdentifiers) {
      if (!held.has(key)) conflicts.push(`identifier ${key} that the merge moved is no longer the kept actor's`);
    }
    return conflicts;
  }
}
