import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { AppContext } from '../server/context';
import type { GraphChangeEvent } from './coalesce';
import type { MapEditEvent } from './event-bus';
import { GraphChange, MapEdit } from './live.type';
import { LiveSession, notOverWebSocket, WATCHED_IDS_MAX } from './live.service';

/** The subscribe functions get no resolver instance: the connection's session travels in the context. */
function sessionOf(context: AppContext): LiveSession {
  if (!context.live) throw notOverWebSocket();
  return context.live;
}

@Resolver()
export class LiveResolver {
  @Subscription(() => GraphChange, {
    description:
      'Changes to the network once committed (none for a write that rolled back, nor for a dry run): every change, or those touching nodeIds. ' +
      'Over WebSocket at /graphql (graphql-ws); the README lists the close codes',
    subscribe: ({ args, context }) => sessionOf(context as AppContext).graphChanges((args as { nodeIds?: string[] | null }).nodeIds),
  })
  graphChanged(
    @Root() event: GraphChangeEvent,
    @Arg('nodeIds', () => [ID], {
      nullable: true,
      description: `Only changes touching one of these nodes (or their links), at most ${WATCHED_IDS_MAX}; left out, every change`,
    })
    _nodeIds?: string[] | null,
  ): GraphChange {
    // Apollo executes a subscription sent over HTTP as a query, with no event.
    if (!event) throw notOverWebSocket();
    return Object.assign(new GraphChange(), event);
  }

  @Subscription(() => MapEdit, {
    description:
      'Edits of one saved map (saves and its deletion) once committed. Refused with NOT_FOUND, as map(id) answers null, when the map does not exist ' +
      'or is private to someone else, with or without a key',
    subscribe: ({ args, context }) => sessionOf(context as AppContext).mapEdits(String((args as { id: string }).id)),
  })
  mapChanged(@Root() event: MapEditEvent, @Arg('id', () => ID) _id: string): MapEdit {
    if (!event) throw notOverWebSocket();
    const { author: _author, ...edit } = event;
    return Object.assign(new MapEdit(), edit);
  }
}
