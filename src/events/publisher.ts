import type { ChangeNote, GraphChangeNote, MapEditNote } from './changes';
import { coalesce } from './coalesce';
import type { EventBus } from './event-bus';

/**
 * Publishes what one committed transaction noted (Database.onCommit): its network changes
 * coalesced (coalesce.ts), then its map edits, one event each.
 */
export function publishCommitted(bus: EventBus, notes: readonly ChangeNote[], committedAt: Date): void {
  const at = committedAt.toISOString();
  const graph = notes.filter((note): note is GraphChangeNote => note.topic === 'graph');
  for (const event of coalesce(graph, at)) bus.publish('graphChanged', event);
  for (const note of notes) {
    if (note.topic !== 'map') continue;
    const { topic: _topic, ...edit } = note as MapEditNote;
    bus.publish('mapChanged', note.mapId, { ...edit, at });
  }
}
