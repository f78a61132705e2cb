import type { StoredAuditEntry } from '../audit/audit.repository';
import type { DroppedLink, MovedLink } from '../relationships/relationship.repository';
import { RELATIONSHIP_TYPES, RelationshipTypeName } from '../relationships/relationship-kinds';
import { BadInputError } from '../common/errors';

export const MERGE_OPERATION = 'mergeActors';
export const UNDO_OPERATION = 'undoMerge';

export interface PropertyChange {
  key: string;
  before: unknown;
  after: unknown;
}

/** What the two audit entries of a merge say it did, in the terms undoMerge needs. */
export interface MergeTrail {
  /** The kept actor's entry: the one proposals point at. */
  entryId: string;
  keepId: string;
  mergeId: string;
  /** The merged actor's stored properties, as they were just before the merge. */
  mergedActor: Record<string, unknown>;
  /** The kept actor's properties that the merge changed. */
  keptChanges: PropertyChange[];
  movedLinks: MovedLink[];
  droppedLinks: DroppedLink[];
  reassignedReports: string[];
  /** Keys (`SCHEME:VALUE`) of the identifiers moved from the merged actor to the kept one. */
  movedIdentifiers: string[];
}

/**
 * Names in a merge's entries that are no stored actor property: what moved with it, written
 * beside the properties (identifiers are nodes of their own, moved as movedIdentifiers).
 */
const NOT_PROPERTIES = new Set(['relationships', 'identifiers']);

function refused(reason: string): BadInputError {
  return new BadInputError('auditEntryId', reason);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRelationshipType(value: unknown): value is RelationshipTypeName {
  return typeof value === 'string' && (RELATIONSHIP_TYPES as readonly string[]).includes(value);
}

function isMovedLink(value: unknown): value is MovedLink {
  return isRecord(value) && typeof value.id === 'string' && isRelationshipType(value.type) && (value.end === 'from' || value.end === 'to');
}

function isDroppedLink(value: unknown): value is DroppedLink {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    isRelationshipType(value.type) &&
    typeof value.fromId === 'string' &&
    typeof value.toId === 'string' &&
    isRecord(value.props)
  );
}

/**
 * The actor whose entry of the same merge goes with this one: a merge writes one entry for the
 * kept actor (naming the merged one) and one for the merged actor (naming the kept one).
 */
export function counterpartOf(entry: StoredAuditEntry): { keptSide: boolean; targetId: string } {
  if (entry.operation !== MERGE_OPERATION) throw refused(`entry "${entry.id}" records ${entry.operation}, not a merge`);
  if (typeof entry.before?.mergedFrom === 'string') return { keptSide: true, targetId: entry.before.mergedFrom };
  if (typeof entry.after?.mergedInto === 'string') return { keptSide: false, targetId: entry.after.mergedInto };
  throw refused(`entry "${entry.id}" does not say which actors were merged`);
}

/** Reads the kept actor's and the merged actor's entries of one merge. */
export function mergeTrailOf(kept: StoredAuditEntry, merged: StoredAuditEntry): MergeTrail {
  const before = kept.before ?? {};
  const after = kept.after ?? {};
  const { movedLinks, droppedLinks, reassignedReports, movedRelationships } = after;
  const movedIdentifiers = after.movedIdentifiers ?? [];
  if (
    !Array.isArray(movedLinks) ||
    !movedLinks.every(isMovedLink) ||
    !Array.isArray(droppedLinks) ||
    !droppedLinks.every(isDroppedLink) ||
    !isStringArray(reassignedReports) ||
    !isStringArray(movedIdentifiers) ||
    !isRecord(merged.before)
  ) {
    throw refused(`the merge of entry "${kept.id}" was recorded without the moved links and identifiers that undo needs`);
  }
  if (typeof movedRelationships === 'number' && movedRelationships > movedLinks.length) {
    throw refused(`${movedRelationships - movedLinks.length} of the links this merge moved have no id, so they cannot be found to move back`);
  }
  return {
    entryId: kept.id,
    keepId: kept.targetId,
    mergeId: merged.targetId,
    mergedActor: Object.fromEntries(Object.entries(merged.before).filter(([key]) => !NOT_PROPERTIES.has(key))),
    keptChanges: kept.changedFields
      .filter((key) => !NOT_PROPERTIES.has(key))
      .map((key) => ({ key, before: before[key] ?? null, after: after[key] ?? null })),
    movedLinks,
    droppedLinks,
    reassignedReports,
    movedIdentifiers,
  };
}

/** Stored values compare as their JSON: lists in order, objects by content. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
