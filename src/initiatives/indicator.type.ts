import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsNumber, IsOptional, Length, ValidateNested } from 'class-validator';
import { IsNodeId } from '../common/validation';

@ObjectType({ description: 'A figure reported for an initiative, e.g. 1,479 young people supported' })
export class Indicator {
  @Field()
  name: string;

  @Field(() => Float)
  value: number;

  @Field(() => String, { nullable: true, description: 'e.g. people, EUR, PTCE, %' })
  unit: string | null;

  @Field(() => [Indicator], { description: 'Parts of the figure, e.g. 1,142 of them young women' })
  breakdown: Indicator[];

  @Field(() => [ID], { description: 'Sources of the figure; breakdowns inherit them when they name none' })
  sourceIds: string[];
}

@InputType()
export class IndicatorInput {
  @Field()
  @Length(1, 300)
  name: string;

  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;

  @Field({ nullable: true })
  @IsOptional()
  @Length(1, 50)
  unit?: string;

  @Field(() => [IndicatorInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => IndicatorInput)
  breakdown?: IndicatorInput[];

  @Field(() => [ID], { nullable: true, description: 'Required on top-level indicators' })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsNodeId({ each: true })
  sourceIds?: string[];
}

/** Every source id named anywhere in a tree of indicators. */
export function indicatorSourceIds(indicators: readonly (IndicatorInput | Indicator)[] | undefined): string[] {
  return (indicators ?? []).flatMap((indicator) => [...(indicator.sourceIds ?? []), ...indicatorSourceIds(indicator.breakdown ?? [])]);
}
