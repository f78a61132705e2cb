import type { MapVisibility } from '../maps/map.type';
import type { UpsertResult } from '../db/node.repository';

/** What a write did to a node or a link, as graphChanged reports it. */
export enum ChangeKind {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  MERGED = 'MERGED',
  DELETED = 'DELETED',
}

export enum MapEditKind {
  SAVED = 'SAVED',
  DELETED = 'DELETED',
}

/**
 * A change to the network noted inside a write transaction (`Tx.publishOnCommit`): the nodes it
 * touched (a link touches both its ends, before and after) and, for a link, its id.
 */
export interface GraphChangeNote {
  topic: 'graph';
  change: ChangeKind;
  nodeIds: readonly string[];
  relationshipId?: string | null;
}

/** A save or a deletion of a saved map, with what decides who may be told of it. */
export interface MapEditNote {
  topic: 'map';
  change: MapEditKind;
  mapId: string;
  version: number;
  name: string;
  by: string;
  visibility: MapVisibility;
  author: string;
}

export type ChangeNote = GraphChangeNote | MapEditNote;

/** The node notes of a batch of upserts: created and updated rows; unchanged rows say nothing. */
export function nodeUpsertNotes(results: readonly UpsertResult[]): GraphChangeNote[] {
  return results
    .filter((result) => result.outcome !== 'unchanged')
    .map((result) => ({ topic: 'graph', change: result.outcome === 'created' ? ChangeKind.CREATED : ChangeKind.UPDATED, nodeIds: [result.id] }));
}

/** The link notes of a batch of upserts; a link that changed ends touches its old ends too. */
export function relationshipUpsertNotes(results: readonly UpsertResult[]): GraphChangeNote[] {
  return results
    .filter((result) => result.outcome !== 'unchanged')
    .map((result) => ({
      topic: 'graph',
      change: result.outcome === 'created' ? ChangeKind.CREATED : ChangeKind.UPDATED,
      nodeIds: endsOf(result.before, result.after),
      relationshipId: result.id,
    }));
}

function endsOf(...states: (Record<string, unknown> | null)[]): string[] {
  const ids = new Set<string>();
  for (const state of states) {
    for (const key of ['fromId', 'toId']) if (typeof state?.[key] === 'string') ids.add(state[key] as string);
  }
  return [...ids];
}
