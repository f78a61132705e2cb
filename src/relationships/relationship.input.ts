import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { Type } from 'class-transformer';
import { RelationshipFilter } from '../filters/filter.input';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsIn, IsOptional, Length, Max, MaxLength, Min, ValidateNested, IsISO31661Alpha2 } from 'class-validator';
import { Direction, LinkDirection, RelationshipType } from './relationship.type';
import { RELATIONSHIP_TYPES, RelationshipTypeName } from './relationship-kinds';
import { MoneyInput } from '../common/money';
import { TransactionType } from './transaction-type';
import { Cost } from '../common/cost';
import { Scale } from '../common/scale';
import { DateScalar } from '../common/date.scalar';
import { MAX_PAGE_SIZE } from '../common/connection';
import { IsNodeId, IsPartialDate, NotBeforeStartDate } from '../common/validation';
import { TagsAndAttributesInput } from '../common/free-attributes.input';
import { MAX_SORT_KEYS, SortDirection } from '../analysis/node-sort';

export enum RelationshipSortField {
  START_DATE = 'START_DATE',
  END_DATE = 'END_DATE',
  AMOUNT_EUR = 'AMOUNT_EUR',
  TYPE = 'TYPE',
}
registerEnumType(RelationshipSortField, {
  name: 'RelationshipSortField',
  valuesConfig: {
    START_DATE: { description: 'The first day the start date covers (2019 sorts as 2019-01-01); links without one come last' },
    END_DATE: { description: 'The last day the end date covers (2019 sorts as 2019-12-31); links without one come last' },
    AMOUNT_EUR: { description: 'The amount in euros (as amount.amountEur gives it, or the amount itself when in EUR); links without one come last' },
    TYPE: { description: 'The relationship type, e.g. FUNDS' },
  },
});

@InputType({ description: 'One key of the order of links; ties go to the next key, then to the id' })
export class RelationshipSort {
  @Field(() => RelationshipSortField)
  @IsEnum(RelationshipSortField)
  field: RelationshipSortField;

  @Field(() => SortDirection)
  @IsEnum(SortDirection)
  direction: SortDirection;
}

@InputType({ description: 'A link to create, or the new state of a link to update' })
export class RelationshipInput extends TagsAndAttributesInput {
  @Field(() => ID, { nullable: true, description: 'Leave out to generate one' })
  @IsOptional()
  @IsNodeId()
  id?: string;

  @Field(() => RelationshipType)
  @IsIn(RELATIONSHIP_TYPES)
  type: RelationshipTypeName;

  @Field(() => ID)
  @IsNodeId()
  fromId: string;

  @Field(() => ID)
  @IsNodeId()
  toId: string;

  @Field(() => [ID], { description: 'One or more existing source ids' })
  @ArrayMinSize(1, { message: '$property must name at least one source' })
  @ArrayMaxSize(50)
  @IsNodeId({ each: true })
  sourceIds: string[];

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 100)
  role?: string;

  @Field({ nullable: true, description: 'PARTNERS_WITH, SUPPORTS: kind of partnership or support; RELATED_TO: the type the source gave the link' })
  @IsOptional()
  @Length(1, 100)
  kind?: string;

  @Field(() => Scale, { nullable: true })
  @IsOptional()
  @IsEnum(Scale)
  level?: Scale;

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  amount?: MoneyInput;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 50)
  instrument?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsNodeId()
  viaInitiativeId?: string;

  @Field(() => TransactionType, { nullable: true, description: 'FUNDS: the kind of reported transaction (IATI TransactionType); leave out for a link entered by hand' })
  @IsOptional()
  @IsEnum(TransactionType)
  transactionType?: TransactionType;

  @Field(() => DateScalar, { nullable: true, description: 'FUNDS: the date the amount holds at, for currency conversion (IATI value/@value-date)' })
  @IsOptional()
  @IsPartialDate()
  valueDate?: string;

  @Field(() => ID, { nullable: true, description: 'FUNDS: the actor that reported the transaction (IATI reporting-org)' })
  @IsOptional()
  @IsNodeId()
  reportingOrgId?: string;

  @Field(() => ID, { nullable: true, description: 'FUNDS: the initiative whose report holds the transaction (the IATI activity)' })
  @IsOptional()
  @IsNodeId()
  reportingActivityId?: string;

  @Field({ nullable: true, description: 'FUNDS: ISO 3166 code of the country the money is for (IATI recipient-country)' })
  @IsOptional()
  @IsISO31661Alpha2()
  recipientCountry?: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsPartialDate()
  startDate?: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsPartialDate()
  @NotBeforeStartDate()
  endDate?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(2000)
  excerpt?: string;

  @Field(() => LinkDirection, { nullable: true, description: 'How the link reads (Kumu\'s direction); leave out for a directed link' })
  @IsOptional()
  @IsEnum(LinkDirection)
  direction?: LinkDirection;
}

@ArgsType()
export class RelationshipsArgs {
  @Field(() => [RelationshipType], { nullable: true, description: 'Only these types; all when left out' })
  @IsOptional()
  @IsIn(RELATIONSHIP_TYPES, { each: true })
  types?: RelationshipTypeName[];

  @Field(() => Direction, { defaultValue: Direction.BOTH })
  @IsEnum(Direction)
  direction: Direction = Direction.BOTH;

  @Field(() => DateScalar, { nullable: true, description: 'Only links active at this date' })
  @IsOptional()
  @IsPartialDate()
  asOf?: string;

  @Field(() => Int, { defaultValue: 50 })
  @Cost('rows')
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first: number = 50;

  @Field({ nullable: true })
  @IsOptional()
  after?: string;

  @Field(() => RelationshipFilter, { nullable: true, description: 'Only links whose dates and amount match' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RelationshipFilter)
  filter?: RelationshipFilter;

  @Field(() => [RelationshipSort], { nullable: true, description: `Up to ${MAX_SORT_KEYS} keys; a cursor works only with the sort it was made under. Id order when left out` })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => RelationshipSort)
  sort?: RelationshipSort[];
}

@ArgsType()
export class FundingArgs {
  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsPartialDate()
  asOf?: string;

  @Field(() => Int, { defaultValue: 100 })
  @Cost('rows')
  @Min(0)
  @Max(MAX_PAGE_SIZE)
  first: number = 100;
}
