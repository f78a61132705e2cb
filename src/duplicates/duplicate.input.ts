import { ArgsType, Field, Float, ID, Int } from 'type-graphql';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { Cost } from '../common/cost';
import { IsNodeId } from '../common/validation';
import { DEFAULT_MIN_SCORE } from './duplicate.service';

export const DUPLICATES_FIRST = { default: 20, min: 1, max: 200 } as const;

@ArgsType()
export class DuplicateCandidatesArgs {
  @Field(() => Int, { defaultValue: DUPLICATES_FIRST.default, description: `At most this many pairs, best first (${DUPLICATES_FIRST.min}..${DUPLICATES_FIRST.max})` })
  @Cost('rows')
  @Min(DUPLICATES_FIRST.min)
  @Max(DUPLICATES_FIRST.max)
  first: number = DUPLICATES_FIRST.default;

  @Field(() => Float, {
    nullable: true,
    description: `Only pairs scoring at least this, 0..1; by default ${DEFAULT_MIN_SCORE}, the threshold chosen on a hand-labelled set of real data`,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minScore?: number;

  @Field(() => ID, { nullable: true, description: 'Only pairs that include this actor' })
  @IsOptional()
  @IsNodeId()
  actorId?: string;
}
