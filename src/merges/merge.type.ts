import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../common/connection';

export enum MergeState {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  UNDONE = 'UNDONE',
}

registerEnumType(MergeState, {
  name: 'MergeState',
  description: 'Where a merge proposal stands',
  valuesConfig: {
    PROPOSED: { description: 'Waiting for an editor to decide' },
    ACCEPTED: { description: 'Merged: the kept actor took over the other one' },
    REJECTED: { description: 'Not the same actor: the pair is never proposed as duplicates again' },
    UNDONE: { description: 'Accepted, then undone with undoMerge: both actors exist again' },
  },
});

@ObjectType({ description: 'A proposal to fold one actor into another, its evidence, and the decision taken on it' })
export class MergeProposal {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The actor that stays' })
  keepId: string;

  @Field(() => ID, { description: 'The actor folded into the kept one, and deleted, when the merge is accepted' })
  mergeId: string;

  @Field(() => MergeState)
  state: MergeState;

  @Field(() => Float, { nullable: true, description: 'Duplicate score of the pair when it was proposed; null when it was not scored' })
  score: number | null;

  @Field(() => [String], { description: 'Why the pair looked like one actor when it was proposed' })
  reasons: string[];

  @Field(() => String, { nullable: true, description: "The proposer's note" })
  note: string | null;

  @Field({ description: 'Name of the API key that proposed it' })
  proposedBy: string;

  @Field()
  proposedAt: string;

  @Field(() => String, { nullable: true, description: 'Name of the API key that accepted or rejected it' })
  decidedBy: string | null;

  @Field(() => String, { nullable: true })
  decidedAt: string | null;

  @Field(() => String, { nullable: true, description: "The decider's note" })
  decisionNote: string | null;

  @Field(() => ID, { nullable: true, description: "The kept actor's mergeActors audit entry, once accepted: what undoMerge takes" })
  auditEntryId: string | null;
}

@ObjectType()
export class MergeProposalConnection extends Connection(MergeProposal, 'MergeProposal') {}
