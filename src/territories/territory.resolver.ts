import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Territory } from './territory.type';
import { TerritoryFilter, TerritoryInput } from './territory.input';
import type { TerritoryService } from './territory.service';
import { Connection, PageArgs, toConnection } from '../common/connection';
import { RelationshipsArgs } from '../relationships/relationship.input';
import { RelationshipConnection } from '../relationships/relationship.resolver';
import { relationshipsOf } from '../relationships/relationship-fields';
import { Source } from '../sources/source.type';
import { loadSources } from '../common/sources-field';
import type { AppContext } from '../server/context';
import { WrittenBy } from '../common/caller';

@ObjectType()
export class TerritoryConnection extends Connection(Territory, 'Territory') {}

@Resolver(() => Territory)
export class TerritoryResolver {
  constructor(private readonly territoryService: TerritoryService) {}

  @Query(() => Territory, { nullable: true })
  territory(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Territory | null> {
    return ctx.loaders.territory.load(id);
  }

  @Query(() => TerritoryConnection)
  async territories(
    @Args() { first, after }: PageArgs,
    @Arg('filter', () => TerritoryFilter, { nullable: true }) filter?: TerritoryFilter,
  ): Promise<TerritoryConnection> {
    return toConnection(await this.territoryService.list(filter, first, after));
  }

  @FieldResolver(() => Territory, { nullable: true, description: 'The enclosing territory (first PART_OF parent)' })
  async parent(@Root() territory: Territory, @Ctx() ctx: AppContext): Promise<Territory | null> {
    const parents = await ctx.loaders.territoryNeighbours('parents').load(territory.id);
    return (parents[0] as Territory | undefined) ?? null;
  }

  @FieldResolver(() => [Territory], { description: 'Every territory this one is PART_OF (a watershed may span several)' })
  parents(@Root() territory: Territory, @Ctx() ctx: AppContext): Promise<Territory[]> {
    return ctx.loaders.territoryNeighbours('parents').load(territory.id) as Promise<Territory[]>;
  }

  @FieldResolver(() => [Territory])
  children(@Root() territory: Territory, @Ctx() ctx: AppContext): Promise<Territory[]> {
    return ctx.loaders.territoryNeighbours('children').load(territory.id) as Promise<Territory[]>;
  }

  @FieldResolver(() => RelationshipConnection)
  relationships(
    @Root() territory: Territory,
    @Args() args: RelationshipsArgs,
    @Ctx() ctx: AppContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RelationshipConnection> {
    return relationshipsOf(ctx, 'Territory', territory, args, info);
  }

  @FieldResolver(() => [Source])
  sources(@Root() territory: Territory, @Ctx() ctx: AppContext): Promise<Source[]> {
    return loadSources(ctx, territory);
  }

  @Authorized('editor')
  @Mutation(() => Territory)
  upsertTerritory(@Arg('input', () => TerritoryInput) input: TerritoryInput, @WrittenBy() by: string): Promise<Territory> {
    return this.territoryService.upsert(input, by);
  }
}
