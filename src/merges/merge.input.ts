import { ArgsType, Field, ID } from 'type-graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsNodeId } from '../common/validation';
import { PageArgs } from '../common/connection';
import { MergeState } from './merge.type';

const NOTE_MAX_LENGTH = 2000;

@ArgsType()
export class ProposeMergeArgs {
  @Field(() => ID, { description: 'The actor that stays' })
  @IsNodeId()
  keepId: string;

  @Field(() => ID, { description: 'The actor to fold into it' })
  @IsNodeId()
  mergeId: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_MAX_LENGTH)
  note?: string | null;
}

@ArgsType()
export class DecideMergeArgs {
  @Field(() => ID, { description: 'The proposal' })
  @IsNodeId()
  id: string;

  @Field({ description: 'true merges the pair now; false rejects it for good' })
  @IsBoolean()
  accept: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_MAX_LENGTH)
  note?: string | null;
}

@ArgsType()
export class UndoMergeArgs {
  @Field(() => ID, { description: "The mergeActors audit entry of the merge (MergeProposal.auditEntryId, or an id from history)" })
  @IsNodeId()
  auditEntryId: string;
}

@ArgsType()
export class MergeProposalsArgs extends PageArgs {
  @Field(() => MergeState, { nullable: true, description: 'Only proposals in this state' })
  @IsOptional()
  @IsEnum(MergeState)
  state?: MergeState | null;

  @Field(() => ID, { nullable: true, description: 'Only proposals about this actor, kept or merged' })
  @IsOptional()
  @IsNodeId()
  actorId?: string | null;
}
