import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Actor } from '../actors/actor.type';
import type { AppContext } from '../server/context';
import { ActorPartnersArgs } from './network.input';
import { Partner } from './partner.type';

/** Actor.partners lives with the network code; the loader batches it across all parent actors. */
@Resolver(() => Actor)
export class ActorPartnersResolver {
  @FieldResolver(() => [Partner], { description: 'Actors reached through partnerships, nearest first' })
  partners(@Root() actor: Actor, @Args() { depth, via, types, asOf, first }: ActorPartnersArgs, @Ctx() ctx: AppContext): Promise<Partner[]> {
    return ctx.loaders
      .partners({ depth, via: [...via].sort(), types: types ? [...types].sort() : null, asOf: asOf ?? null, first })
      .load(actor.id);
  }
}
