import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Identifier } from './identifier.type';
import { Source } from '../sources/source.type';
import { loadSources } from '../common/sources-field';
import type { AppContext } from '../server/context';

@Resolver(() => Identifier)
export class IdentifierResolver {
  @FieldResolver(() => [Source], { description: 'Where the identifier was read, e.g. the IATI file or org-id.guide' })
  sources(@Root() identifier: Identifier, @Ctx() ctx: AppContext): Promise<Source[]> {
    return loadSources(ctx, identifier);
  }
}
