import type { GraphQLResolveInfo } from 'graphql';
import { selects } from '../common/selection';
import type { AppContext } from '../server/context';
import type { NodeLabel } from './relationship-kinds';
import type { RelationshipsArgs } from './relationship.input';
import { toConnection } from '../common/connection';
import type { RelationshipConnection } from './relationship.resolver';
import type { Relationship } from './relationship.type';

/** Actor, Initiative and Territory all expose their links the same way, batched per request. */
export async function relationshipsOf(
  ctx: AppContext,
  label: NodeLabel,
  id: string,
  args: RelationshipsArgs,
  info: GraphQLResolveInfo,
): Promise<RelationshipConnection> {
  const page = await ctx.loaders
    .relationshipsOf({
      label,
      types: args.types,
      direction: args.direction,
      asOf: args.asOf ?? null,
      first: args.first,
      after: args.after ?? null,
      filter: args.filter ?? null,
      sort: args.sort ?? null,
      aggregate: selects(info, 'aggregate'),
    })
    .load(id);
  return { ...toConnection(page), aggregate: page.aggregate };
}

export async function fundingOf(
  ctx: AppContext,
  id: string,
  direction: 'IN' | 'OUT',
  asOf: string | undefined,
  first: number,
): Promise<Relationship[]> {
  const page = await ctx.loaders
    .relationshipsOf({ label: 'Actor', types: ['FUNDS'], direction, asOf: asOf ?? null, first, after: null })
    .load(id);
  return page.items;
}
