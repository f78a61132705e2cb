import DataLoader from 'dataloader';
import { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toConnection } from '../common/connection';
import { selectedFields } from '../common/selection';
import { readsEdgeProperties } from '../network/network-reads';
import { anyNodePropertiesFor, LIGHT_NODE_PROPERTIES } from '../db/projection';
import { Caller, CurrentCaller } from '../common/caller';
import { GraphNode } from '../common/graph-node';
import { loadSources } from '../common/sources-field';
import { Relationship } from '../relationships/relationship.type';
import { Source } from '../sources/source.type';
import type { AppContext } from '../server/context';
import type { MapService } from './map.service';
import type { NodeResolution } from './map.rules';
import { nodesShown } from './map.rules';
import { Network } from '../network/network.type';
import { ChangesSinceArgs, MapInput, MapNetworkArgs, MapsArgs } from './map.input';
import { Annotation, MapChange, MapConnection, MapNode, SavedMap } from './map.type';

/**
 * Loaders per request for what saved node ids stand for now: the nodes of every map a request
 * reads (a page of maps, their annotations, their changes) are resolved together, in one batch
 * per set of node properties read. `nodes { node }` and `annotations { node }` read what their
 * selection needs (anyNodePropertiesFor); the fields that only need to know which node an id
 * names now (network, changesSince) share whichever loader the request made first.
 */
const resolutionLoaders = new WeakMap<object, Map<string, DataLoader<string, NodeResolution<GraphNode>>>>();

function resolutionsFor(ctx: AppContext, maps: MapService, properties?: readonly string[] | null): DataLoader<string, NodeResolution<GraphNode>> {
  let loaders = resolutionLoaders.get(ctx);
  if (!loaders) {
    loaders = new Map();
    resolutionLoaders.set(ctx, loaders);
  }
  if (properties === undefined) {
    const [first] = loaders.values();
    if (first) return first;
  }
  const read = properties === undefined ? LIGHT_NODE_PROPERTIES : properties;
  const key = JSON.stringify(read);
  let loader = loaders.get(key);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly string[]) => {
      const found = await maps.resolveNodes(ids, read);
      return ids.map((id) => found.get(id) ?? { node: null, mergedInto: null });
    });
    loaders.set(key, loader);
  }
  return loader;
}

async function resolutionsOf(
  ctx: AppContext,
  maps: MapService,
  ids: readonly string[],
  properties?: readonly string[] | null,
): Promise<Map<string, NodeResolution<GraphNode>>> {
  const loaded = await resolutionsFor(ctx, maps, properties).loadMany(ids);
  const found = new Map<string, NodeResolution<GraphNode>>();
  loaded.forEach((resolution, index) => {
    if (resolution instanceof Error) throw resolution;
    found.set(ids[index], resolution);
  });
  return found;
}

/** Mutations are @Authorized, so they always have a caller. */
function signedIn(caller: Caller | null): Caller {
  if (!caller) throw new GraphQLError('This operation needs an API key or token', { extensions: { code: 'UNAUTHENTICATED' } });
  return caller;
}

@Resolver(() => SavedMap)
export class MapResolver {
  constructor(private readonly mapService: MapService) {}

  @Query(() => SavedMap, { nullable: true, description: 'One saved map by id; null when there is none, or it is private to someone else' })
  map(@Arg('id', () => ID) id: string, @CurrentCaller() caller: Caller | null): Promise<SavedMap | null> {
    return this.mapService.byId(id, caller);
  }

  @Query(() => MapConnection, { description: 'The maps the caller may open (every public map, and its own private ones), in id order, as a Relay connection' })
  async maps(@Args() { first, after }: MapsArgs, @CurrentCaller() caller: Caller | null): Promise<MapConnection> {
    return toConnection(await this.mapService.list(caller, first, after));
  }

  @Authorized('editor')
  @Mutation(() => SavedMap, {
    description:
      'Creates a map (the caller is its author), or replaces the content of the one with input.id: a private map is its author\'s alone; ' +
      'a public one any editor may change, but only its author may change its visibility. Each save that changes something is a version in history(id)',
  })
  saveMap(@Arg('input', () => MapInput) input: MapInput, @CurrentCaller() caller: Caller | null): Promise<SavedMap> {
    return this.mapService.save(input, signedIn(caller));
  }

  @Authorized('editor')
  @Mutation(() => Boolean, { description: 'Deletes a map; only its author may. Its audit trail stays' })
  deleteMap(@Arg('id', () => ID) id: string, @CurrentCaller() caller: Caller | null): Promise<boolean> {
    return this.mapService.delete(id, signedIn(caller));
  }

  @FieldResolver(() => [MapNode], {
    description:
      'Its nodes in the order saved. A node merged into another actor shows that actor (mergedInto says so); when merges made two nodes one, ' +
      'the first keeps its place and the others are left out. A node that no longer exists is gone, with node null',
  })
  async nodes(@Root() map: SavedMap, @Ctx() ctx: AppContext, @Info() info: GraphQLResolveInfo): Promise<MapNode[]> {
    const properties = anyNodePropertiesFor(selectedFields(info, 'node'));
    const resolved = await resolutionsOf(ctx, this.mapService, map.storedNodes.map((node) => node.id), properties);
    return nodesShown(map.storedNodes, resolved).map(({ node, resolution }) =>
      Object.assign(new MapNode(), {
        id: node.id,
        node: resolution.node,
        x: node.x ?? null,
        y: node.y ?? null,
        color: node.color ?? null,
        size: node.size ?? null,
        gone: resolution.node === null,
        mergedInto: resolution.mergedInto,
      }),
    );
  }

  @FieldResolver(() => [Annotation])
  annotations(@Root() map: SavedMap): Annotation[] {
    return map.storedAnnotations.map((annotation) =>
      Object.assign(new Annotation(), {
        id: annotation.id,
        text: annotation.text,
        nodeId: annotation.nodeId ?? null,
        relationshipId: annotation.relationshipId ?? null,
        x: annotation.x ?? null,
        y: annotation.y ?? null,
        sourceIds: annotation.sourceIds ?? [],
      }),
    );
  }

  @FieldResolver(() => Network, {
    description:
      'The map to draw: its nodes as they are now (after merges; gone nodes left out), in the order saved, with the links among them, ' +
      'their metrics and stats, in one request whatever the map\'s size',
  })
  async network(@Root() map: SavedMap, @Args() { types, asOf }: MapNetworkArgs, @Ctx() ctx: AppContext, @Info() info: GraphQLResolveInfo): Promise<Network> {
    const resolved = await resolutionsOf(ctx, this.mapService, map.storedNodes.map((node) => node.id));
    return Object.assign(new Network(), await this.mapService.network(map, resolved, { types, asOf, edgeProperties: readsEdgeProperties(info) }));
  }

  @FieldResolver(() => [MapChange], {
    description:
      'The links among its nodes (as they are now, after merges) that were added, ended or removed after `date`, newest first: ' +
      'from the links\' createdAt and the audit trail',
  })
  async changesSince(@Root() map: SavedMap, @Args() { date, first }: ChangesSinceArgs, @Ctx() ctx: AppContext): Promise<MapChange[]> {
    const resolved = await resolutionsOf(ctx, this.mapService, map.storedNodes.map((node) => node.id));
    return this.mapService.changesSince(map, resolved, date, first);
  }
}

@Resolver(() => Annotation)
export class AnnotationResolver {
  constructor(private readonly mapService: MapService) {}

  @FieldResolver(() => GraphNode, { nullable: true, description: 'The node it is pinned to, after merges; null when gone or when it is not pinned to a node' })
  async node(@Root() annotation: Annotation, @Ctx() ctx: AppContext, @Info() info: GraphQLResolveInfo): Promise<GraphNode | null> {
    if (!annotation.nodeId) return null;
    return (await resolutionsFor(ctx, this.mapService, anyNodePropertiesFor(selectedFields(info))).load(annotation.nodeId)).node;
  }

  @FieldResolver(() => Relationship, { nullable: true, description: 'The link it is pinned to; null when deleted since, or when it is not pinned to a link' })
  relationship(@Root() annotation: Annotation, @Ctx() ctx: AppContext): Promise<Relationship | null> {
    return annotation.relationshipId ? ctx.loaders.relationship.load(annotation.relationshipId) : Promise.resolve(null);
  }

  @FieldResolver(() => [Source])
  sources(@Root() annotation: Annotation, @Ctx() ctx: AppContext): Promise<Source[]> {
    return loadSources(ctx, annotation);
  }
}
