import { ArgsType, Field, ID } from 'type-graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsISO4217CurrencyCode, IsOptional } from 'class-validator';
import { IsNodeId } from '../common/validation';
import { FundingStage } from '../relationships/transaction-type';
import { NoFields, withAsOf } from '../network/network.mixins';
import { FundingGroupBy } from './funding-total.type';

@ArgsType()
export class FundingTotalsArgs extends withAsOf(NoFields, 'Only FUNDS links active at this (partial) date') {
  @Field(() => ID, { nullable: true, description: 'Only money from this actor' })
  @IsOptional()
  @IsNodeId()
  fromId?: string;

  @Field(() => ID, { nullable: true, description: 'Only money to this actor or initiative' })
  @IsOptional()
  @IsNodeId()
  toId?: string;

  @Field(() => FundingStage, { description: 'Which stage to sum: stages are never added together' })
  @IsEnum(FundingStage)
  stage: FundingStage;

  @Field({ description: 'ISO 4217 code of the currency to sum in; each amount is converted at its value date' })
  @IsISO4217CurrencyCode()
  currency: string;

  @Field(() => [FundingGroupBy], { nullable: true, description: 'One row per combination of these; one row in all when left out' })
  @IsOptional()
  @IsEnum(FundingGroupBy, { each: true })
  @ArrayUnique()
  @ArrayMaxSize(5)
  groupBy?: FundingGroupBy[];
}
