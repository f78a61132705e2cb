import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../server/context';
import { Actor } from '../actors/actor.type';
import { NotFoundError } from '../common/errors';
import { DuplicateCandidate } from './duplicate.type';
import { DuplicateCandidatesArgs } from './duplicate.input';
import { DEFAULT_MIN_SCORE, DuplicateService } from './duplicate.service';

@Resolver(() => DuplicateCandidate)
export class DuplicateResolver {
  constructor(private readonly duplicateService: DuplicateService) {}

  @Query(() => [DuplicateCandidate], {
    description: 'Pairs of actors that may be one organisation, best first, with a score and its evidence (names, acronyms, identifiers, country and kind, shared partners); rejected merge proposals never come back',
  })
  async duplicateCandidates(@Args() { first, minScore, actorId }: DuplicateCandidatesArgs): Promise<DuplicateCandidate[]> {
    const rows = await this.duplicateService.candidates({ first, minScore: minScore ?? DEFAULT_MIN_SCORE, actorId });
    return rows.map((row) => Object.assign(new DuplicateCandidate(), row));
  }

  @FieldResolver(() => Actor)
  a(@Root() candidate: DuplicateCandidate, @Ctx() ctx: AppContext): Promise<Actor> {
    return actorOf(ctx, candidate.aId);
  }

  @FieldResolver(() => Actor)
  b(@Root() candidate: DuplicateCandidate, @Ctx() ctx: AppContext): Promise<Actor> {
    return actorOf(ctx, candidate.bId);
  }
}

// Through the request's DataLoader: every candidate's actors in one statement.
async function actorOf(ctx: AppContext, id: string): Promise<Actor> {
  const actor = await ctx.loaders.actor.load(id);
  if (!actor) throw new NotFoundError('Actor', id);
  return actor;
}
