import { InitiativeSort, MAX_SORT_KEYS } from '../analysis/node-sort';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { pageReads } from '../common/selection';
import { Initiative } from './initiative.type';
import { MEMBERSHIP_TYPES } from '../relationships/relationship-kinds';
import { InitiativeFilter, InitiativeInput } from './initiative.input';
import type { InitiativeService } from './initiative.service';
import { Participant } from './participant.type';
import { Connection, PageArgs, toConnection } from '../common/connection';
import { RelationshipsArgs } from '../relationships/relationship.input';
import { RelationshipConnection } from '../relationships/relationship.resolver';
import { relationshipsOf } from '../relationships/relationship-fields';
import { withReadAhead } from '../common/read-ahead';
import { NODE_LIST_READ_AHEAD } from '../common/node-list-read-ahead';
import { neighboursOf } from '../common/neighbour-fields';
import { Territory } from '../territories/territory.type';
import { Source } from '../sources/source.type';
import type { Actor } from '../actors/actor.type';
import { loadSources } from '../common/sources-field';
import { MAX_PAGE_SIZE } from '../common/connection';
import type { AppContext } from '../server/context';
import { WrittenBy } from '../common/caller';

@ObjectType()
export class InitiativeConnection extends Connection(Initiative, 'Initiative') {}

@Resolver(() => Initiative)
export class InitiativeResolver {
  constructor(private readonly initiativeService: InitiativeService) {}

  @Query(() => Initiative, { nullable: true })
  initiative(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Initiative | null> {
    return ctx.loaders.initiative.load(id);
  }

  @Query(() => InitiativeConnection)
  async initiatives(
    @Info() info: GraphQLResolveInfo,
    @Args() { first, after }: PageArgs,
    @Arg('filter', () => InitiativeFilter, { nullable: true }) filter?: InitiativeFilter,
    @Arg('sort', () => [InitiativeSort], { nullable: true, description: `Up to ${MAX_SORT_KEYS} keys; a cursor works only with the sort it was made under` })
    sort?: InitiativeSort[],
  ): Promise<InitiativeConnection> {
    return toConnection(
      await withReadAhead(info, 'Initiative', pageReads(info), NODE_LIST_READ_AHEAD, (reads) => this.initiativeService.list(filter, first, after, sort, reads)),
    );
  }

  @FieldResolver(() => RelationshipConnection)
  relationships(
    @Root() initiative: Initiative,
    @Args() args: RelationshipsArgs,
    @Ctx() ctx: AppContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RelationshipConnection> {
    return relationshipsOf(ctx, 'Initiative', initiative, args, info);
  }

  @FieldResolver(() => [Participant], { description: 'Actors that lead, participate in or coordinate it' })
  async participants(@Root() initiative: Initiative, @Ctx() ctx: AppContext): Promise<Participant[]> {
    const page = await ctx.loaders
      .relationshipsOf({
        label: 'Initiative',
        types: MEMBERSHIP_TYPES,
        direction: 'IN',
        asOf: null,
        first: MAX_PAGE_SIZE,
        after: null,
      })
      .load(initiative.id);
    return page.items.map((relationship) => ({ actor: relationship.from as Actor, relationship }));
  }

  @FieldResolver(() => [Territory], { description: 'Where it acts (ACTS_IN)' })
  territories(@Root() initiative: Initiative, @Ctx() ctx: AppContext): Promise<Territory[]> {
    return neighboursOf(ctx, 'Initiative', initiative, 'territories') as Promise<Territory[]>;
  }

  @FieldResolver(() => [Source])
  sources(@Root() initiative: Initiative, @Ctx() ctx: AppContext): Promise<Source[]> {
    return loadSources(ctx, initiative);
  }

  @Authorized('editor')
  @Mutation(() => Initiative)
  upsertInitiative(@Arg('input', () => InitiativeInput) input: InitiativeInput, @WrittenBy() by: string): Promise<Initiative> {
    return this.initiativeService.upsert(input, by);
  }
}
