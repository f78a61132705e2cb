import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Actor } from './actor.type';
import { actorPropertiesFor } from './actor.repository';
import { pageReads } from '../common/selection';
import { ActorFilter, ActorInput } from './actor.input';
import type { ActorService } from './actor.service';
import { Connection, PageArgs, toConnection } from '../common/connection';
import { FundingArgs, RelationshipsArgs } from '../relationships/relationship.input';
import { Relationship } from '../relationships/relationship.type';
import { RelationshipConnection } from '../relationships/relationship.resolver';
import { fundingOf, relationshipsOf } from '../relationships/relationship-fields';
import { withReadAhead } from '../common/read-ahead';
import { NODE_LIST_READ_AHEAD } from '../common/node-list-read-ahead';
import { neighboursOf } from '../common/neighbour-fields';
import { Initiative } from '../initiatives/initiative.type';
import { Territory } from '../territories/territory.type';
import { Source } from '../sources/source.type';
import { Identifier } from './identifier.type';
import { loadSources } from '../common/sources-field';
import type { AppContext } from '../server/context';
import { WrittenBy } from '../common/caller';
import { ActorSort, MAX_SORT_KEYS } from '../analysis/node-sort';

@ObjectType()
export class ActorConnection extends Connection(Actor, 'Actor') {}

@Resolver(() => Actor)
export class ActorResolver {
  constructor(private readonly actorService: ActorService) {}

  @Query(() => Actor, { nullable: true, description: 'One actor by id' })
  actor(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Actor | null> {
    return ctx.loaders.actor.load(id);
  }

  @Query(() => ActorConnection, {
    description: 'Actors, filtered, as a Relay connection: in id order, or by `sort` (names, or metrics of the current analysis), ties by id',
  })
  async actors(
    @Info() info: GraphQLResolveInfo,
    @Args() { first, after }: PageArgs,
    @Arg('filter', () => ActorFilter, { nullable: true }) filter?: ActorFilter,
    @Arg('sort', () => [ActorSort], { nullable: true, description: `Up to ${MAX_SORT_KEYS} keys; a cursor works only with the sort it was made under` })
    sort?: ActorSort[],
  ): Promise<ActorConnection> {
    return toConnection(
      await withReadAhead(info, 'Actor', pageReads(info, actorPropertiesFor), NODE_LIST_READ_AHEAD, (reads) => this.actorService.list(filter, first, after, sort, reads)),
    );
  }

  @FieldResolver(() => RelationshipConnection, { description: 'Links of this actor, in id order unless sorted' })
  relationships(
    @Root() actor: Actor,
    @Args() args: RelationshipsArgs,
    @Ctx() ctx: AppContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RelationshipConnection> {
    return relationshipsOf(ctx, 'Actor', actor, args, info);
  }

  @FieldResolver(() => [Relationship], { description: 'FUNDS links that point at this actor' })
  fundingReceived(@Root() actor: Actor, @Args() { asOf, first }: FundingArgs, @Ctx() ctx: AppContext): Promise<Relationship[]> {
    return fundingOf(ctx, actor.id, 'IN', asOf, first);
  }

  @FieldResolver(() => [Relationship], { description: 'FUNDS links that start at this actor' })
  fundingGiven(@Root() actor: Actor, @Args() { asOf, first }: FundingArgs, @Ctx() ctx: AppContext): Promise<Relationship[]> {
    return fundingOf(ctx, actor.id, 'OUT', asOf, first);
  }

  @FieldResolver(() => [Initiative], { description: 'Initiatives it leads, joins, coordinates, funds or supports' })
  initiatives(@Root() actor: Actor, @Ctx() ctx: AppContext): Promise<Initiative[]> {
    return neighboursOf(ctx, 'Actor', actor, 'initiatives') as Promise<Initiative[]>;
  }

  @FieldResolver(() => [Territory], { description: 'Where it acts (ACTS_IN)' })
  territories(@Root() actor: Actor, @Ctx() ctx: AppContext): Promise<Territory[]> {
    return neighboursOf(ctx, 'Actor', actor, 'territories') as Promise<Territory[]>;
  }

  @FieldResolver(() => [Source])
  sources(@Root() actor: Actor, @Ctx() ctx: AppContext): Promise<Source[]> {
    return loadSources(ctx, actor);
  }

  @FieldResolver(() => [Identifier], { description: 'Its identifiers in public registries (IATI, Wikidata, LEI), each held by this actor only' })
  identifiers(@Root() actor: Actor, @Ctx() ctx: AppContext): Promise<Identifier[]> {
    return ctx.loaders.identifiers.load(actor.id);
  }

  @Authorized('editor')
  @Mutation(() => Actor, { description: 'Creates an actor, or updates the one with input.id' })
  upsertActor(@Arg('input', () => ActorInput) input: ActorInput, @WrittenBy() by: string): Promise<Actor> {
    return this.actorService.upsert(input, by);
  }

  @Authorized('editor')
  @Mutation(() => Actor, { description: 'Folds mergeId into keepId: links, identifiers, aliases and sources move over, mergeId is deleted' })
  mergeActors(
    @Arg('keepId', () => ID) keepId: string,
    @Arg('mergeId', () => ID) mergeId: string,
    @WrittenBy() by: string,
  ): Promise<Actor> {
    return this.actorService.merge(keepId, mergeId, by);
  }
}
