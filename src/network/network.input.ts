import { ArgsType, Field, Float, ID, InputType, Int } from 'type-graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsEnum,
  IsISO4217CurrencyCode,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  Min,
} from 'class-validator';
import { IsNodeId } from '../common/validation';
import { Cost } from '../common/cost';
import { PartnerVia } from './partner.type';
import { FlowDirection } from './funding.type';
import { FundingStage } from '../relationships/transaction-type';
import { NoFields, withAsOf, withTypes } from './network.mixins';
import {
  EGO_LIMIT,
  EGO_RADIUS,
  FUNDING_FIRST,
  FUNDING_HOPS,
  NETWORK_LIMIT,
  PARTNER_DEPTH,
  PARTNER_FIRST,
  PATH_HOPS,
  SHARED_ACTORS,
  SHARED_FIRST,
} from './network.limits';

@ArgsType()
export class ActorPartnersArgs extends withAsOf(
  withTypes(NoFields, 'Actor-to-actor link types that count as partnership besides PARTNERS_WITH (e.g. MEMBER_OF, FUNDS)'),
  'Only links (and shared initiatives) active at this date',
) {
  @Field(() => Int, { defaultValue: PARTNER_DEPTH.default, description: `Partnership steps, ${PARTNER_DEPTH.min}..${PARTNER_DEPTH.max}` })
  @Cost('hops')
  @Min(PARTNER_DEPTH.min)
  @Max(PARTNER_DEPTH.max)
  depth: number = PARTNER_DEPTH.default;

  // No initializer: type-graphql compares it with defaultValue by identity, and two arrays never match.
  @Field(() => [PartnerVia], { defaultValue: [PartnerVia.DIRECT] })
  @ArrayMinSize(1)
  @IsEnum(PartnerVia, { each: true })
  via: PartnerVia[];

  @Field(() => Int, { defaultValue: PARTNER_FIRST.default, description: 'At most this many partners, nearest first' })
  @Cost('rows')
  @Min(PARTNER_FIRST.min)
  @Max(PARTNER_FIRST.max)
  first: number = PARTNER_FIRST.default;
}

@ArgsType()
export class PartnersArgs extends ActorPartnersArgs {
  @Field(() => ID)
  @IsNodeId()
  actorId: string;
}

@ArgsType()
export class SharedPartnersArgs extends withAsOf(withTypes(NoFields)) {
  @Field(() => [ID], { description: `${SHARED_ACTORS.min} to ${SHARED_ACTORS.max} actor ids` })
  @ArrayMinSize(SHARED_ACTORS.min)
  @ArrayMaxSize(SHARED_ACTORS.max)
  @ArrayUnique()
  @IsNodeId({ each: true })
  actorIds: string[];

  @Field(() => Int, { defaultValue: SHARED_FIRST.default })
  @Cost('rows')
  @Min(SHARED_FIRST.min)
  @Max(SHARED_FIRST.max)
  first: number = SHARED_FIRST.default;
}

@ArgsType()
export class FundingChainsArgs extends withAsOf(NoFields) {
  @Field(() => ID, { nullable: true, description: 'The funder the chains start at; from or to (or both) must be given' })
  @IsOptional()
  @IsNodeId()
  from?: string;

  @Field(() => ID, { nullable: true, description: 'The actor or initiative the chains end at' })
  @IsOptional()
  @IsNodeId()
  to?: string;

  @Field(() => Int, { defaultValue: FUNDING_HOPS.default, description: `At most ${FUNDING_HOPS.max}` })
  @Cost('hops')
  @Min(FUNDING_HOPS.min)
  @Max(FUNDING_HOPS.max)
  maxHops: number = FUNDING_HOPS.default;

  @Field(() => Float, {
    nullable: true,
    description: 'Every step must have at least this amount: in `currency` when given, else in euros (amountEur, or the amount of a EUR step)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e15)
  minAmount?: number;

  @Field({ nullable: true, description: 'Every step with an amount must be in this currency (ISO 4217)' })
  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;

  @Field(() => Int, { defaultValue: FUNDING_FIRST.default, description: 'At most this many chains, shortest first' })
  @Cost('rows')
  @Min(FUNDING_FIRST.min)
  @Max(FUNDING_FIRST.max)
  first: number = FUNDING_FIRST.default;

  @Field(() => FundingStage, {
    defaultValue: FundingStage.DISBURSED,
    description: 'Follow the links of this stage only; stages are never added together',
  })
  @IsEnum(FundingStage)
  stage: FundingStage = FundingStage.DISBURSED;
}

@ArgsType()
export class FundingFlowsArgs extends withAsOf(NoFields) {
  @Field(() => ID, { description: 'A funder (DOWNSTREAM) or a recipient (UPSTREAM): actor or initiative' })
  @IsNodeId()
  rootId: string;

  @Field(() => FlowDirection, { defaultValue: FlowDirection.DOWNSTREAM })
  @IsEnum(FlowDirection)
  direction: FlowDirection = FlowDirection.DOWNSTREAM;

  @Field(() => Int, { defaultValue: FUNDING_HOPS.default, description: `At most ${FUNDING_HOPS.max}` })
  @Cost('hops')
  @Min(FUNDING_HOPS.min)
  @Max(FUNDING_HOPS.max)
  maxHops: number = FUNDING_HOPS.default;

  @Field(() => FundingStage, {
    defaultValue: FundingStage.DISBURSED,
    description: 'Follow the links of this stage only; stages are never added together',
  })
  @IsEnum(FundingStage)
  stage: FundingStage = FundingStage.DISBURSED;

  @Field({ nullable: true, description: 'Convert every amount at its value date into this currency (ISO 4217) and sum in it' })
  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;
}

@ArgsType()
export class NodeAsOfArgs extends withAsOf(NoFields) {
  @Field(() => ID)
  @IsNodeId()
  id: string;
}

@ArgsType()
export class ShortestPathArgs extends withAsOf(withTypes(NoFields)) {
  @Field(() => ID)
  @IsNodeId()
  from: string;

  @Field(() => ID)
  @IsNodeId()
  to: string;

  @Field(() => Int, { defaultValue: PATH_HOPS.default, description: `At most ${PATH_HOPS.max}` })
  @Cost('hops')
  @Min(PATH_HOPS.min)
  @Max(PATH_HOPS.max)
  maxHops: number = PATH_HOPS.default;
}

@ArgsType()
export class EgoNetworkArgs extends withAsOf(withTypes(NoFields)) {
  @Field(() => ID, { description: 'The actor, initiative or territory at the centre' })
  @IsNodeId()
  id: string;

  @Field(() => Int, { defaultValue: EGO_RADIUS.default, description: `Hops from the centre, ${EGO_RADIUS.min}..${EGO_RADIUS.max}` })
  @Cost('hops')
  @Min(EGO_RADIUS.min)
  @Max(EGO_RADIUS.max)
  radius: number = EGO_RADIUS.default;

  @Field(() => Int, { defaultValue: EGO_LIMIT.default, description: `Most nodes, nearest first; at most ${EGO_LIMIT.max}` })
  @Cost('rows')
  @Min(EGO_LIMIT.min)
  @Max(EGO_LIMIT.max)
  limit: number = EGO_LIMIT.default;
}

@InputType({ description: 'Which subgraph network() returns; filters combine with AND' })
export class NetworkFilter extends withAsOf(withTypes(NoFields), 'Only links active at this date') {
  @Field(() => [String], {
    nullable: true,
    description: 'Node kinds to keep: ActorKind or InitiativeKind values, or TerritoryLevel values for territories',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  kinds?: string[];

  @Field(() => ID, { nullable: true, description: 'Actors and initiatives acting in this territory or any place inside it' })
  @IsOptional()
  @IsNodeId()
  territoryId?: string;

  @Field(() => ID, { nullable: true, description: 'The initiative and every node linked to it' })
  @IsOptional()
  @IsNodeId()
  initiativeId?: string;

  @Field(() => Int, { defaultValue: NETWORK_LIMIT.default, description: `Most nodes, in id order; at most ${NETWORK_LIMIT.max}` })
  @Cost('rows')
  @Min(NETWORK_LIMIT.min)
  @Max(NETWORK_LIMIT.max)
  limit: number = NETWORK_LIMIT.default;
}
