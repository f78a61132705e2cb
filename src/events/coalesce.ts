import { ChangeKind, GraphChangeNote } from './changes';

/** A graphChanged event as subscribers receive it. */
export interface GraphChangeEvent {
  change: ChangeKind;
  nodeIds: string[];
  relationshipId: string | null;
  /** ISO time at which the write committed (as the API saw it). */
  at: string;
  /** More nodes were touched than one commit lists (NODE_IDS_PER_COMMIT): nodeIds is empty, and every subscriber gets it. */
  truncated: boolean;
}

/** A commit with at most this many notes publishes one event per note, with its relationshipId. */
export const SINGLE_EVENTS_MAX = 20;
/** Most node ids one event lists; longer lists go out in several events. */
export const NODE_IDS_PER_EVENT = 500;
/** Most node ids one commit lists per kind of change; past it, one truncated event stands for them all. */
export const NODE_IDS_PER_COMMIT = 10_000;

/**
 * The events of one committed transaction. An import or a merge of a hub notes thousands of
 * changes in one transaction, and each would reach every subscriber: past SINGLE_EVENTS_MAX
 * notes, a commit publishes one event per kind of change, naming every node it touched
 * (relationshipId null), in events of at most NODE_IDS_PER_EVENT ids, and past
 * NODE_IDS_PER_COMMIT ids a single truncated event. So a commit publishes at most
 * SINGLE_EVENTS_MAX × NODE_IDS_PER_COMMIT / NODE_IDS_PER_EVENT events (400), and a bulk one at
 * most 4 × 20: a subscriber's queue (1000 by default) holds a whole commit.
 */
export function coalesce(notes: readonly GraphChangeNote[], at: string): GraphChangeEvent[] {
  if (notes.length <= SINGLE_EVENTS_MAX) {
    return notes.flatMap((note) => eventsOf(note.change, unique(note.nodeIds), note.relationshipId ?? null, at));
  }
  const byKind = new Map<ChangeKind, Set<string>>();
  for (const note of notes) {
    let ids = byKind.get(note.change);
    if (!ids) byKind.set(note.change, (ids = new Set()));
    for (const id of note.nodeIds) ids.add(id);
  }
  return [...byKind].flatMap(([change, ids]) => eventsOf(change, [...ids], null, at));
}

function eventsOf(change: ChangeKind, ids: string[], relationshipId: string | null, at: string): GraphChangeEvent[] {
  if (ids.length > NODE_IDS_PER_COMMIT) return [{ change, nodeIds: [], relationshipId, at, truncated: true }];
  const events: GraphChangeEvent[] = [];
  for (let i = 0; i < ids.length; i += NODE_IDS_PER_EVENT) {
    events.push({ change, nodeIds: ids.slice(i, i + NODE_IDS_PER_EVENT), relationshipId, at, truncated: false });
  }
  return events;
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** Whether a subscriber watching `watched` (null: everything) gets the event. */
export function touches(event: GraphChangeEvent, watched: ReadonlySet<string> | null): boolean {
  return watched === null || event.truncated || event.nodeIds.some((id) => watched.has(id));
}
