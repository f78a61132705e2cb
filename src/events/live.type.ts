import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { ChangeKind, MapEditKind } from './changes';
import { MapVisibility } from '../maps/map.type';

registerEnumType(ChangeKind, {
  name: 'ChangeKind',
  description: 'What a committed write did to the nodes and links a graphChanged event names',
  valuesConfig: {
    CREATED: { description: 'A node or link was created (or, after undoMerge, an actor came back)' },
    UPDATED: { description: 'A node or link changed: its fields, its sources, its ends, or (undoMerge) the links it holds' },
    MERGED: { description: 'An actor was merged into another (mergeActors, an accepted proposal): the kept, the merged and every node whose link moved' },
    DELETED: { description: 'A link was deleted (deleteRelationship, or dropped by a merge)' },
  },
});

registerEnumType(MapEditKind, {
  name: 'MapEditKind',
  description: 'What happened to a saved map',
  valuesConfig: {
    SAVED: { description: 'saveMap wrote a new version' },
    DELETED: { description: 'deleteMap removed it; the subscription ends after this event' },
  },
});

@ObjectType({
  description:
    'A committed change to the network. A commit of more than 20 changes (an import, a merge of a well-linked actor) is coalesced: ' +
    'one event per kind of change naming every node it touched, relationshipId null, at most 500 ids an event, and past 10,000 ids a truncated event',
})
export class GraphChange {
  @Field(() => ChangeKind)
  change: ChangeKind;

  @Field(() => [ID], { description: 'Every node the change touched (a link: both its ends, before and after), not only those subscribed to' })
  nodeIds: string[];

  @Field(() => ID, { nullable: true, description: 'The link, when the event is about one link' })
  relationshipId: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the write committed' })
  at: string;

  @Field({ description: 'The commit touched more than 10,000 nodes: nodeIds is empty, every subscriber gets it, and a client refetches what it shows' })
  truncated: boolean;
}

@ObjectType({ description: 'A committed edit of a saved map; read the map itself with map(id)' })
export class MapEdit {
  @Field(() => MapEditKind)
  change: MapEditKind;

  @Field(() => ID)
  mapId: string;

  @Field(() => Int, { description: 'The version saved (the last version, for a deletion)' })
  version: number;

  @Field()
  name: string;

  @Field(() => MapVisibility)
  visibility: MapVisibility;

  @Field({ description: 'Name of the key or token that made the edit' })
  by: string;

  @Field(() => GraphQLDateTime, { description: 'When the write committed' })
  at: string;
}
