import { GraphQLError } from 'graphql';
import type { Caller } from '../common/caller';
import { BadInputError, NotFoundError } from '../common/errors';
import { MAP_LIMITS } from '../maps/map.input';
import { canSee, MapOwnership } from '../maps/map.rules';
import { MapEditKind } from './changes';
import { GraphChangeEvent, touches } from './coalesce';
import { EventBus, MapEditEvent, SlowConsumerError } from './event-bus';

/** Most ids graphChanged(nodeIds) watches: every node of the largest map. */
export const WATCHED_IDS_MAX = MAP_LIMITS.nodes;
const ID_LENGTH_MAX = 200;

export interface LivePorts {
  events: EventBus;
  /** map(id) as `caller` sees it: null when missing or not theirs to see. */
  mapFor(id: string, caller: Caller | null): Promise<MapOwnership | null>;
}

/** What a connection sets for each of its subscriptions. */
export interface LiveSessionOptions {
  caller: Caller | null;
  /** Most events queued for one subscription (SUBSCRIPTION_QUEUE_LIMIT). */
  queueLimit: number;
  /** The connection's answer to a subscriber that fell behind: close it (4429). */
  onOverflow: (error: SlowConsumerError) => void;
}

/** The rules of the live subscriptions: what may be watched, by whom, through the bounded bus. */
export class LiveService {
  constructor(private readonly ports: LivePorts) {}

  session(options: LiveSessionOptions): LiveSession {
    return new LiveSession(this.ports, options);
  }
}

/** The subscriptions of one connection: its caller and its queue limit. */
export class LiveSession {
  constructor(
    private readonly ports: LivePorts,
    private readonly options: LiveSessionOptions,
  ) {}

  graphChanges(nodeIds: readonly string[] | null | undefined): AsyncIterableIterator<GraphChangeEvent> {
    const watched = nodeIds === null || nodeIds === undefined ? null : new Set(checkedIds(nodeIds));
    return this.ports.events.listen('graphChanged', {
      limit: this.options.queueLimit,
      filter: (event) => touches(event, watched),
      onOverflow: this.options.onOverflow,
    });
  }

  /**
   * Refused, as map(id) answers null, when the map does not exist or the caller may not see it: a
   * private map of someone else looks missing. Each later event is checked again, so a map made
   * private stops reaching those who may no longer see it; a deletion ends the subscription.
   */
  async mapEdits(id: string): Promise<AsyncIterableIterator<MapEditEvent>> {
    const { caller } = this.options;
    // Listening first: an edit committed while the map is read is not missed.
    const events = this.ports.events.listen('mapChanged', id, {
      limit: this.options.queueLimit,
      filter: (event) => canSee(event, caller),
      last: (event) => event.change === MapEditKind.DELETED,
      onOverflow: this.options.onOverflow,
    });
    try {
      if (!(await this.ports.mapFor(id, caller))) throw new NotFoundError('Map', id);
    } catch (error) {
      await events.return?.();
      throw error;
    }
    return events;
  }
}

function checkedIds(ids: readonly string[]): string[] {
  if (ids.length === 0) throw new BadInputError('nodeIds', 'must name at least one id, or be left out to watch every change');
  if (ids.length > WATCHED_IDS_MAX) throw new BadInputError('nodeIds', `names ${ids.length} ids; at most ${WATCHED_IDS_MAX} may be watched by one subscription`);
  const long = ids.findIndex((id) => id.length === 0 || id.length > ID_LENGTH_MAX);
  if (long >= 0) throw new BadInputError(`nodeIds.${long}`, `must be 1 to ${ID_LENGTH_MAX} characters`);
  return [...ids];
}

/** For a subscription operation that reached the API another way than the WebSocket. */
export function notOverWebSocket(): GraphQLError {
  return new GraphQLError('Subscriptions are served over WebSocket at /graphql (the graphql-transport-ws protocol of graphql-ws)', {
    extensions: { code: 'BAD_REQUEST' },
  });
}
