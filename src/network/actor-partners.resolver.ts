import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { partnerReads } from './partner-paths';
import { Actor } from '../actors/actor.type';
import type { AppContext } from '../server/context';
import { ActorPartnersArgs } from './network.input';
import { Partner } from './partner.type';

/** Actor.partners lives with the network code; the loader batches it across all parent actors. */
@Resolver(() => Actor)
export class ActorPartnersResolver {
  @FieldResolver(() => [Partner], { description: 'Actors reached through partnerships, nearest first' })
  partners(
    @Root() actor: Actor,
    @Args() { depth, via, types, asOf, first }: ActorPartnersArgs,
    @Ctx() ctx: AppContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Partner[]> {
    const options = { depth, via: [...via].sort(), types: types ? [...types].sort() : null, asOf: asOf ?? null, first };
    return ctx.loaders.partners({ ...options, ...partnerReads(info) }).load(actor.id);
  }
}
