import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toConnection } from '../common/connection';
import { WrittenBy } from '../common/caller';
import { Actor } from '../actors/actor.type';
import type { AppContext } from '../server/context';
import type { MergeService } from './merge.service';
import { DecideMergeArgs, MergeProposalsArgs, ProposeMergeArgs, UndoMergeArgs } from './merge.input';
import { MergeProposal, MergeProposalConnection } from './merge.type';

/** Proposing is a write, like every other, so it takes the editor role: there is no lesser writing role. */
@Resolver(() => MergeProposal)
export class MergeResolver {
  constructor(private readonly mergeService: MergeService) {}

  @Query(() => MergeProposal, { nullable: true, description: 'One merge proposal by id' })
  mergeProposal(@Arg('id', () => ID) id: string): Promise<MergeProposal | null> {
    return this.mergeService.byId(id);
  }

  @Query(() => MergeProposalConnection, { description: 'Merge proposals in the order they were made, as a Relay connection' })
  async mergeProposals(@Args() { state, actorId, first, after }: MergeProposalsArgs): Promise<MergeProposalConnection> {
    return toConnection(await this.mergeService.list({ state: state ?? null, actorId: actorId ?? null, first, after }));
  }

  @FieldResolver(() => Actor, { nullable: true, description: 'The actor that stays; null once deleted' })
  keep(@Root() proposal: MergeProposal, @Ctx() ctx: AppContext): Promise<Actor | null> {
    return ctx.loaders.actor.load(proposal.keepId);
  }

  @FieldResolver(() => Actor, { nullable: true, description: 'The actor folded into the kept one; null once merged' })
  merged(@Root() proposal: MergeProposal, @Ctx() ctx: AppContext): Promise<Actor | null> {
    return ctx.loaders.actor.load(proposal.mergeId);
  }

  @Authorized('editor')
  @Mutation(() => MergeProposal, { description: 'Proposes folding mergeId into keepId, with the duplicate evidence for the pair' })
  proposeMerge(@Args() { keepId, mergeId, note }: ProposeMergeArgs, @WrittenBy() by: string): Promise<MergeProposal> {
    return this.mergeService.propose(keepId, mergeId, note ?? null, by);
  }

  @Authorized('editor')
  @Mutation(() => MergeProposal, { description: 'Accepts a proposal, merging the pair as mergeActors does, or rejects it for good' })
  decideMerge(@Args() { id, accept, note }: DecideMergeArgs, @WrittenBy() by: string): Promise<MergeProposal> {
    return this.mergeService.decide(id, accept, note ?? null, by);
  }

  @Authorized('editor')
  @Mutation(() => Actor, {
    description: 'Undoes a merge from its mergeActors audit entry and returns the actor brought back; refused when changes made since conflict',
  })
  undoMerge(@Args() { auditEntryId }: UndoMergeArgs, @WrittenBy() by: string): Promise<Actor> {
    return this.mergeService.undo(auditEntryId, by);
  }
}
