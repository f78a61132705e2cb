import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Indicator } from './indicator.type';
import { Source } from '../sources/source.type';
import { loadSources } from '../common/sources-field';
import type { AppContext } from '../server/context';

@Resolver(() => Indicator)
export class IndicatorResolver {
  @FieldResolver(() => [Source])
  sources(@Root() indicator: Indicator, @Ctx() ctx: AppContext): Promise<Source[]> {
    return loadSources(ctx, indicator);
  }
}
