import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { GraphNode } from '../common/graph-node';
import { DateScalar } from '../common/date.scalar';
import { Connection } from '../common/connection';
import { Relationship, RelationshipType } from '../relationships/relationship.type';
import type { RelationshipTypeName } from '../relationships/relationship-kinds';

export enum MapVisibility {
  PUBLIC = 'PUBLIC',
  PRIVATE = 'PRIVATE',
}

registerEnumType(MapVisibility, {
  name: 'MapVisibility',
  description: 'Who may open a saved map',
  valuesConfig: {
    PUBLIC: { description: 'Anyone, with or without a key; any editor may change its content, only its author its visibility or delete it' },
    PRIVATE: { description: 'Its author only (the name of the key or token that created it); to anyone else it does not exist' },
  },
});

export enum MapChangeKind {
  ADDED = 'ADDED',
  ENDED = 'ENDED',
  REMOVED = 'REMOVED',
}

registerEnumType(MapChangeKind, {
  name: 'MapChangeKind',
  description: 'What happened to a link among the nodes of a map',
  valuesConfig: {
    ADDED: { description: 'The link was created (its createdAt is after the date)' },
    ENDED: { description: 'A write after the date gave the link an endDate it did not have' },
    REMOVED: { description: 'The link was deleted (deleteRelationship), or dropped by a merge of two of the map\'s nodes' },
  },
});

/** A node of a map as stored: the id it was saved with, its place and its styling. */
export interface StoredMapNode {
  id: string;
  x?: number | null;
  y?: number | null;
  color?: string | null;
  size?: number | null;
}

/** An annotation as stored: pinned to exactly one of a node, a link or a point. */
export interface StoredAnnotation {
  id: string;
  text: string;
  nodeId?: string | null;
  relationshipId?: string | null;
  x?: number | null;
  y?: number | null;
  sourceIds: string[];
}

@ObjectType({ description: 'A node of a saved map: the network node it shows, where, and how' })
export class MapNode {
  @Field(() => ID, { description: 'The id the map was saved with' })
  id: string;

  @Field(() => GraphNode, {
    nullable: true,
    description: 'The actor, initiative or territory: after a merge, the one it was merged into; null when gone',
  })
  node: GraphNode | null;

  @Field(() => Float, { nullable: true })
  x: number | null;

  @Field(() => Float, { nullable: true })
  y: number | null;

  @Field(() => String, { nullable: true, description: 'Fill colour, #rgb or #rrggbb' })
  color: string | null;

  @Field(() => Float, { nullable: true, description: 'Relative size, 1 being the default' })
  size: number | null;

  @Field({ description: 'The node no longer exists (deleted, or merged into a node that no longer exists): node is null' })
  gone: boolean;

  @Field(() => ID, { nullable: true, description: 'When the saved id was merged into another actor: the id it now follows (the end of a chain of merges)' })
  mergedInto: string | null;
}

@ObjectType({ description: 'A note on a map, pinned to one of its nodes, to a link between two of them, or to a point' })
export class Annotation {
  @Field(() => ID)
  id: string;

  @Field()
  text: string;

  @Field(() => ID, { nullable: true, description: 'The node it is pinned to, as saved' })
  nodeId: string | null;

  @Field(() => ID, { nullable: true, description: 'The link it is pinned to' })
  relationshipId: string | null;

  @Field(() => Float, { nullable: true, description: 'The point it is pinned to, when it is pinned to neither a node nor a link' })
  x: number | null;

  @Field(() => Float, { nullable: true })
  y: number | null;

  @Field(() => [ID])
  sourceIds: string[];
}

@ObjectType({ description: 'A link among the nodes of a map that was added, ended or removed since a date' })
export class MapChange {
  @Field(() => MapChangeKind)
  change: MapChangeKind;

  @Field(() => ID)
  relationshipId: string;

  @Field(() => Relationship, { nullable: true, description: 'The link as it is now; null when it was removed' })
  relationship: Relationship | null;

  @Field(() => RelationshipType)
  type: RelationshipTypeName;

  @Field(() => ID, { description: 'Where the link starts (where it started, for a removed link)' })
  fromId: string;

  @Field(() => ID)
  toId: string;

  @Field(() => GraphQLDateTime, { description: 'When it happened: the link\'s createdAt, or the time of the write that ended or removed it' })
  at: string;

  @Field(() => String, { nullable: true, description: 'Who did it, from the audit trail; null when the trail does not say' })
  by: string | null;
}

@ObjectType('Map', {
  description:
    'A saved map: chosen nodes of the network with their positions and styling, annotations, an optional as-of date, and a visibility. ' +
    'Maps are not part of the network: no network query, search or export sees them.',
})
export class SavedMap {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => MapVisibility)
  visibility: MapVisibility;

  @Field(() => DateScalar, { nullable: true, description: 'The date the map shows the network at, if any' })
  asOf: string | null;

  @Field({ description: 'Name of the key or token that created it; it stays the author' })
  author: string;

  @Field(() => Int, { description: 'Starts at 1 and grows by one with each save that changes something' })
  version: number;

  @Field(() => GraphQLDateTime)
  createdAt: string;

  @Field(() => GraphQLDateTime)
  updatedAt: string;

  @Field({ description: 'Name of the key or token that saved the current version' })
  updatedBy: string;

  /** Read by the nodes and annotations field resolvers. */
  storedNodes: StoredMapNode[];
  storedAnnotations: StoredAnnotation[];
}

@ObjectType()
export class MapConnection extends Connection(SavedMap, 'Map') {}
