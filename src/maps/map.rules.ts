import type { Caller } from '../common/caller';
import type { AuditRecord } from '../audit/audit.repository';
import type { RelationshipTypeName } from '../relationships/relationship-kinds';
import type { MapInput, MapNodeInput } from './map.input';
import { MapChangeKind, MapVisibility, StoredAnnotation, StoredMapNode } from './map.type';

/*
 * The rules of saved maps that need no database: the shape of an input, who may see and edit a
 * map, how saved node ids follow merges, what the audit trail records of a save, and how the
 * rows read for Map.changesSince become changes.
 */

export interface MapProblem {
  field: string;
  reason: string;
}

export const SAVE_OPERATION = 'saveMap';
export const DELETE_OPERATION = 'deleteMap';
/** The audit operations that decide where a vanished actor id went: the last of them wins. */
export const MERGE_OPERATIONS = ['mergeActors', 'undoMerge'] as const;
/** How many merges deep a saved id is followed (A into B, B into C, ...). */
export const MAX_MERGE_CHAIN = 10;

const given = (value: unknown) => value !== undefined && value !== null;

/** Problems an input has on its own, before anything is looked up: every one, in field order. */
export function inputProblems(input: MapInput): MapProblem[] {
  const problems: MapProblem[] = [];
  const firstIndex = new Map<string, number>();
  input.nodes.forEach((node, index) => {
    const seen = firstIndex.get(node.id);
    if (seen !== undefined) problems.push({ field: `nodes.${index}.id`, reason: `"${node.id}" is already nodes.${seen}: a node is on a map once` });
    else firstIndex.set(node.id, index);
    problems.push(...pairProblems(node, `nodes.${index}`));
  });
  const annotationIds = new Map<string, number>();
  (input.annotations ?? []).forEach((annotation, index) => {
    const field = `annotations.${index}`;
    if (annotation.text.trim() === '') problems.push({ field: `${field}.text`, reason: 'must hold text besides spaces' });
    if (given(annotation.id)) {
      const seen = annotationIds.get(annotation.id!);
      if (seen !== undefined) problems.push({ field: `${field}.id`, reason: `"${annotation.id}" is already annotations.${seen}` });
      else annotationIds.set(annotation.id!, index);
    }
    problems.push(...pairProblems(annotation, field));
    const targets = [given(annotation.nodeId), given(annotation.relationshipId), given(annotation.x) || given(annotation.y)].filter(Boolean).length;
    if (targets === 0) problems.push({ field, reason: 'must be pinned to a nodeId, a relationshipId or a point (x and y)' });
    if (targets > 1) problems.push({ field, reason: 'must be pinned to one of a nodeId, a relationshipId or a point (x and y), not several' });
    if (given(annotation.nodeId) && !firstIndex.has(annotation.nodeId!)) {
      problems.push({ field: `${field}.nodeId`, reason: `"${annotation.nodeId}" is not a node of this map` });
    }
  });
  return problems;
}

function pairProblems(point: { x?: number | null; y?: number | null }, field: string): MapProblem[] {
  if (given(point.x) && !given(point.y)) return [{ field: `${field}.y`, reason: 'must be given with x' }];
  if (given(point.y) && !given(point.x)) return [{ field: `${field}.x`, reason: 'must be given with y' }];
  return [];
}

// --- Visibility and rights -------------------------------------------------------------------

export interface MapOwnership {
  visibility: MapVisibility;
  author: string;
}

/** PUBLIC maps are anyone's to open; a PRIVATE map only its author's. */
export function canSee(map: MapOwnership, caller: Caller | null): boolean {
  return map.visibility === MapVisibility.PUBLIC || (caller !== null && caller.name === map.author);
}

export interface Refusal {
  code: 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND';
  field: string;
  reason: string;
}

/**
 * Whether `caller` (an editor) may save over `existing`: a private map is its author's alone,
 * and to anyone else it is as if the id were merely taken; a public map's content is any
 * editor's to change, its visibility only its author's.
 */
export function saveRefusal(existing: MapOwnership | null, visibility: MapVisibility | null | undefined, caller: Caller): Refusal | null {
  if (!existing) return null;
  if (!canSee(existing, caller)) {
    return { code: 'BAD_USER_INPUT', field: 'id', reason: 'is taken by a map you cannot see: leave id out, or choose another one' };
  }
  if (given(visibility) && visibility !== existing.visibility && caller.name !== existing.author) {
    return { code: 'FORBIDDEN', field: 'visibility', reason: `only the map's author, ${existing.author}, may change its visibility` };
  }
  return null;
}

/** Only the author deletes a map; someone else's private map does not exist for the caller. */
export function deleteRefusal(existing: MapOwnership | null, caller: Caller, id: string): Refusal | null {
  if (!existing || !canSee(existing, caller)) return { code: 'NOT_FOUND', field: 'id', reason: `Map "${id}" does not exist` };
  if (caller.name !== existing.author) return { code: 'FORBIDDEN', field: 'id', reason: `only the map's author, ${existing.author}, may delete it` };
  return null;
}

// --- Following merges ------------------------------------------------------------------------

/** The last merge-related audit entry of an id that names no node now. */
export interface MergeTrailEntry {
  operation: string;
  after: Record<string, unknown> | null;
}

/**
 * Where an id that names no node went: the actor it was merged into, when its last merge-related
 * entry is the merged side of a mergeActors (`after.mergedInto`); null when it was deleted, or
 * when its merge was undone (undoMerge) and the actor brought back has gone since.
 */
export function mergedIntoOf(entry: MergeTrailEntry | null): string | null {
  if (!entry || entry.operation !== 'mergeActors') return null;
  const into = entry.after?.mergedInto;
  return typeof into === 'string' ? into : null;
}

/** What a saved id stands for now. */
export interface NodeResolution<N> {
  /** The node it names now, itself or the end of its merges; null when gone. */
  node: N | null;
  /** The id it follows when merges took it elsewhere; set even when that end is gone. */
  mergedInto: string | null;
}

/** One round of lookups: for each id, the node it names, or else its last merge-related entry. */
export type NodeLookup<N> = (ids: string[]) => Promise<Map<string, { node: N | null; trail: MergeTrailEntry | null }>>;

/**
 * Resolves saved ids in rounds: the first looks every id up at once; each later one only the
 * targets of merges found in the round before, so a map costs one statement, plus one per level of
 * merges into merged actors (rare), at most MAX_MERGE_CHAIN. A cycle, impossible through
 * mergeActors, ends as gone.
 */
export async function resolveIds<N>(ids: readonly string[], lookup: NodeLookup<N>): Promise<Map<string, NodeResolution<N>>> {
  const known = new Map<string, { node: N | null; into: string | null }>();
  let pending = [...new Set(ids)];
  for (let round = 0; round <= MAX_MERGE_CHAIN && pending.length > 0; round++) {
    const found = await lookup(pending);
    for (const id of pending) {
      const entry = found.get(id);
      known.set(id, { node: entry?.node ?? null, into: entry?.node ? null : mergedIntoOf(entry?.trail ?? null) });
    }
    pending = [...new Set(pending.map((id) => known.get(id)!.into).filter((into): into is string => into !== null && !known.has(into)))];
  }
  const result = new Map<string, NodeResolution<N>>();
  for (const id of new Set(ids)) {
    let current = id;
    const visited = new Set<string>([id]);
    let step = known.get(current);
    while (step && !step.node && step.into && !visited.has(step.into)) {
      current = step.into;
      visited.add(current);
      step = known.get(current);
    }
    result.set(id, { node: step?.node ?? null, mergedInto: current === id ? null : current });
  }
  return result;
}

/**
 * The nodes a save stores: an id merged into another actor is stored as that actor's id; an id
 * that names nothing is refused, unless the map already held it (it stays, shown as gone), so a
 * map that lost a node can still be saved; two ids that now name one node are refused.
 */
export function nodesToStore<N extends { id: string }>(
  nodes: readonly MapNodeInput[],
  resolved: ReadonlyMap<string, NodeResolution<N>>,
  alreadyHeld: ReadonlySet<string>,
): { nodes: StoredMapNode[]; idOf: Map<string, string>; problems: MapProblem[] } {
  const problems: MapProblem[] = [];
  const idOf = new Map<string, string>();
  const holder = new Map<string, number>();
  const stored: StoredMapNode[] = [];
  nodes.forEach((node, index) => {
    const resolution = resolved.get(node.id);
    const field = `nodes.${index}.id`;
    let id = node.id;
    if (resolution?.node) {
      id = resolution.node.id;
    } else if (!alreadyHeld.has(node.id)) {
      problems.push({ field, reason: `no actor, initiative or territory has id "${node.id}"` });
      return;
    }
    const seen = holder.get(id);
    if (seen !== undefined) {
      problems.push({ field, reason: `"${node.id}" was merged into "${id}", which nodes.${seen} already is` });
      return;
    }
    holder.set(id, index);
    idOf.set(node.id, id);
    stored.push(compact({ id, x: node.x, y: node.y, color: node.color, size: node.size }));
  });
  return { nodes: stored, idOf, problems };
}

/** Drops absent and null fields, so that stored JSON and audit entries carry only what was given. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/**
 * Reading a map: each saved node with what it stands for now. When merges made two saved nodes
 * one, the first keeps its place and the later ones are left out (the map is not rewritten until
 * it is saved again).
 */
export function nodesShown<N extends { id: string }>(
  stored: readonly StoredMapNode[],
  resolved: ReadonlyMap<string, NodeResolution<N>>,
): { node: StoredMapNode; resolution: NodeResolution<N> }[] {
  const shown = new Set<string>();
  const result: { node: StoredMapNode; resolution: NodeResolution<N> }[] = [];
  for (const node of stored) {
    const resolution = resolved.get(node.id) ?? { node: null, mergedInto: null };
    if (resolution.node) {
      if (shown.has(resolution.node.id)) continue;
      shown.add(resolution.node.id);
    }
    result.push({ node, resolution });
  }
  return result;
}

// --- The audit trail -------------------------------------------------------------------------

/** What a version of a map is, as compared between saves and written to the audit trail. */
export interface MapContent {
  name: string;
  description: string | null;
  visibility: MapVisibility;
  asOf: string | null;
  nodes: StoredMapNode[];
  annotations: StoredAnnotation[];
}

export const CONTENT_FIELDS = ['name', 'description', 'visibility', 'asOf', 'nodes', 'annotations'] as const;

/** The fields whose values differ, in CONTENT_FIELDS order. */
export function changedFields(before: MapContent | null, after: MapContent): string[] {
  return CONTENT_FIELDS.filter((key) => !before || JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null));
}

/**
 * A version as the audit trail keeps it. `history(id)` answers anyone who knows an id, so the
 * content of a private version is not written there: only its number, visibility and author.
 */
export function auditedVersion(content: MapContent, version: number, author: string): Record<string, unknown> {
  const base = { version, visibility: content.visibility, author };
  return content.visibility === MapVisibility.PUBLIC ? { ...content, ...base } : base;
}

export function saveAuditRecord(
  id: string,
  before: { content: MapContent; version: number; author: string } | null,
  after: { content: MapContent; version: number; author: string },
  by: string,
): AuditRecord {
  return {
    targetId: id,
    operation: SAVE_OPERATION,
    by,
    changedFields: changedFields(before?.content ?? null, after.content),
    before: before ? auditedVersion(before.content, before.version, before.author) : null,
    after: auditedVersion(after.content, after.version, after.author),
  };
}

export function deleteAuditRecord(id: string, before: { content: MapContent; version: number; author: string }, by: string): AuditRecord {
  return {
    targetId: id,
    operation: DELETE_OPERATION,
    by,
    changedFields: ['deleted'],
    before: auditedVersion(before.content, before.version, before.author),
    after: null,
  };
}

// --- What changed since ----------------------------------------------------------------------

export interface AuditNote {
  at: string;
  by: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changedFields: string[];
}

/** A link among the map's nodes now, created or written since the date, with its entries since then. */
export interface CurrentLinkRow<R> {
  id: string;
  type: RelationshipTypeName;
  fromId: string;
  toId: string;
  createdAt: string;
  /** Its createdAt is after the date (compared in the database, at full precision). */
  createdSince: boolean;
  endDate: string | null;
  relationship: R;
  /** Entries since the date that created it (before null) or changed its endDate. */
  entries: AuditNote[];
}

/** A deleteRelationship entry since the date. */
export interface DeletedLinkRow {
  id: string;
  at: string;
  by: string;
  before: Record<string, unknown> | null;
}

/** The kept actor's mergeActors entry since the date, naming the links the merge deleted. */
export interface MergeDropRow {
  at: string;
  by: string;
  after: Record<string, unknown> | null;
}

export interface Change<R> {
  change: MapChangeKind;
  relationshipId: string;
  relationship: R | null;
  type: RelationshipTypeName;
  fromId: string;
  toId: string;
  at: string;
  by: string | null;
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Turns what was read into changes, newest first (then by link id), at most `first`:
 * ADDED for a link created after the date; ENDED for a write after it that gave a link, which still
 * has one, an endDate it lacked; REMOVED for a deletion, or a merge of two map nodes that dropped
 * the links between them. `onMap.shown` says whether an id is one of the map's as saved or as it
 * follows merges; `onMap.saved`, as saved: a merge drops the links between the two actors, and one
 * of them was drawn only if the map held both.
 */
export function changesFrom<R>(
  rows: { current: CurrentLinkRow<R>[]; deleted: DeletedLinkRow[]; merges: MergeDropRow[] },
  onMap: { shown: (id: string) => boolean; saved: (id: string) => boolean },
  first: number,
): Change<R>[] {
  const changes: Change<R>[] = [];
  for (const link of rows.current) {
    const base = { relationshipId: link.id, relationship: link.relationship, type: link.type, fromId: link.fromId, toId: link.toId };
    const created = link.entries.find((entry) => entry.before === null);
    if (link.createdSince) {
      changes.push({ ...base, change: MapChangeKind.ADDED, at: link.createdAt, by: created?.by ?? null });
    }
    if (link.endDate !== null) {
      const ending = link.entries
        .filter((entry) => entry.before !== null && entry.changedFields.includes('endDate') && !given(entry.before.endDate) && given(entry.after?.endDate))
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
      if (ending) changes.push({ ...base, change: MapChangeKind.ENDED, at: ending.at, by: ending.by });
    }
  }
  for (const row of rows.deleted) {
    const { type, fromId, toId } = row.before ?? {};
    if (!isString(type) || !isString(fromId) || !isString(toId) || !onMap.shown(fromId) || !onMap.shown(toId)) continue;
    changes.push({ change: MapChangeKind.REMOVED, relationshipId: row.id, relationship: null, type: type as RelationshipTypeName, fromId, toId, at: row.at, by: row.by });
  }
  for (const row of rows.merges) {
    const dropped = row.after?.droppedLinks;
    if (!Array.isArray(dropped)) continue;
    for (const link of dropped as Record<string, unknown>[]) {
      const { id, type, fromId, toId } = link ?? {};
      if (!isString(id) || !isString(type) || !isString(fromId) || !isString(toId) || !onMap.saved(fromId) || !onMap.saved(toId)) continue;
      changes.push({ change: MapChangeKind.REMOVED, relationshipId: id, relationship: null, type: type as RelationshipTypeName, fromId, toId, at: row.at, by: row.by });
    }
  }
  return changes
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || a.relationshipId.localeCompare(b.relationshipId) || a.change.localeCompare(b.change))
    .slice(0, first);
}
