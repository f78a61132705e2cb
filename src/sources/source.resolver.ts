import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Source, SupportedFact } from './source.type';
import { SourceInput } from './source.input';
import type { SourceService } from './source.service';
import { Connection, PageArgs, toConnection } from '../common/connection';
import type { AppContext } from '../server/context';
import { WrittenBy } from '../common/caller';

@ObjectType()
export class SourceConnection extends Connection(Source, 'Source') {}

@Resolver(() => Source)
export class SourceResolver {
  constructor(private readonly sourceService: SourceService) {}

  @Query(() => Source, { nullable: true })
  source(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Source | null> {
    return ctx.loaders.source.load(id);
  }

  @Query(() => SourceConnection)
  async sources(@Args() { first, after }: PageArgs): Promise<SourceConnection> {
    return toConnection(await this.sourceService.list(first, after));
  }

  @FieldResolver(() => [SupportedFact], { description: 'The nodes, relationships and indicators this source backs' })
  supports(@Root() source: Source, @Ctx() ctx: AppContext): Promise<SupportedFact[]> {
    return ctx.loaders.supports.load(source.id);
  }

  @Authorized('editor')
  @Mutation(() => Source)
  upsertSource(@Arg('input', () => SourceInput) input: SourceInput, @WrittenBy() by: string): Promise<Source> {
    return this.sourceService.upsert(input, by);
  }
}
