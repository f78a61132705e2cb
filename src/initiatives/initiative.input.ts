import { Field, ID, InputType } from 'type-graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { InitiativeKind } from './initiative.type';
import { IndicatorInput } from './indicator.type';
import { MoneyInput } from '../common/money';
import { Scale } from '../common/scale';
import { DateScalar } from '../common/date.scalar';
import { HasNameText, IsNodeId, IsPartialDate, NotBeforeStartDate } from '../common/validation';
import { NAME_INPUT_DESCRIPTION } from '../common/names';
import { TagsAndAttributesInput } from '../common/free-attributes.input';
import { FilterBranches, PeriodAndAmountBounds } from '../filters/bounds.input';
import { LinkFilter } from '../filters/filter.input';

@InputType({ description: 'Creates an initiative, or updates the one with this id. Omitted fields stay as they are.' })
export class InitiativeInput extends TagsAndAttributesInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsNodeId()
  id?: string;

  @Field({ description: NAME_INPUT_DESCRIPTION })
  @Length(1, 300)
  @HasNameText()
  name: string;

  @Field(() => InitiativeKind)
  @IsEnum(InitiativeKind)
  kind: InitiativeKind;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  aliases?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 50)
  acronym?: string;

  @Field({ nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsPartialDate()
  startDate?: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsPartialDate()
  @NotBeforeStartDate()
  endDate?: string;

  @Field(() => MoneyInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyInput)
  budget?: MoneyInput;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @Length(1, 200, { each: true })
  themes?: string[];

  @Field(() => Scale, { nullable: true })
  @IsOptional()
  @IsEnum(Scale)
  scale?: Scale;

  @Field(() => [IndicatorInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => IndicatorInput)
  indicators?: IndicatorInput[];

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @IsNodeId({ each: true })
  sourceIds?: string[];
}

@InputType({
  description:
    'Every field given must hold; AND, OR and NOT combine filters (nested at most 5 deep). amountGte and amountLte bound the budget.',
})
export class InitiativeFilter extends PeriodAndAmountBounds {
  @Field(() => [InitiativeKind], { nullable: true })
  @IsOptional()
  @IsEnum(InitiativeKind, { each: true })
  kind?: InitiativeKind[];

  @Field(() => ID, { nullable: true, description: 'Initiatives acting in this territory or inside it' })
  @IsOptional()
  @IsNodeId()
  territoryId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 200)
  text?: string;

  @Field(() => LinkFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LinkFilter)
  hasLink?: LinkFilter;

  @FilterBranches(() => InitiativeFilter, 'AND')
  AND?: InitiativeFilter[];

  @FilterBranches(() => InitiativeFilter, 'OR')
  OR?: InitiativeFilter[];

  @FilterBranches(() => InitiativeFilter, 'NOT')
  NOT?: InitiativeFilter;
}
