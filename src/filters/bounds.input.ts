import { Field, Float, InputType } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsISO4217CurrencyCode, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { DateScalar } from '../common/date.scalar';

/*
 * The parts that ActorFilter, InitiativeFilter and the link filters share. They import nothing
 * of those, so that the filters, which refer to each other, can extend them whatever the order
 * Node loads the files in.
 */

/** How deep AND, OR, NOT and link filters may nest, and how many branches one list may hold. */
export const FILTER_LIMITS = { depth: 5, branches: 20 };

/**
 * The decorators of a filter's AND, OR and NOT fields, which refer to the filter's own class:
 * `@FilterBranches(() => ActorFilter, 'AND')`. Lists hold 1 to FILTER_LIMITS.branches filters.
 */
export function FilterBranches(filter: () => ClassType, kind: 'AND' | 'OR' | 'NOT'): PropertyDecorator {
  const description = { AND: 'Every one of these holds (and so do the other fields)', OR: 'At least one of these holds', NOT: 'This does not hold' }[kind];
  const decorators: PropertyDecorator[] =
    kind === 'NOT'
      ? [Field(() => filter(), { nullable: true, description }), IsOptional(), ValidateNested(), Type(filter)]
      : [
          Field(() => [filter()], { nullable: true, description }),
          IsOptional(),
          ArrayMinSize(1),
          ArrayMaxSize(FILTER_LIMITS.branches),
          ValidateNested({ each: true }),
          Type(filter),
        ];
  return (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };
}

@InputType({
  description:
    'Dates between two bounds, both included, either optional. Partial dates count as the period they name: ' +
    '`from: "2019"` starts on 2019-01-01 and `to: "2020-06"` ends on 2020-06-30. A node or link without the date ' +
    'matches no bound on it, and NOT keeps it: NOT keeps exactly what its filter leaves out.',
})
export class DateRange {
  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  from?: string;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  to?: string;
}

const AMOUNT_BOUND = { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 } as const;

/**
 * An amount range as fundingChains reads `minAmount`: in `currency` when one is given (only
 * amounts in that currency then match), else in euros (the stored euro value, or the amount
 * itself when it is in euros). An entity without a comparable amount never matches a bound.
 */
@InputType()
export abstract class AmountBounds {
  @Field(() => Float, { nullable: true, description: 'At least this amount (in `currency`, else in euros)' })
  @IsOptional()
  @IsNumber(AMOUNT_BOUND)
  @Min(0)
  @Max(1e15)
  amountGte?: number;

  @Field(() => Float, { nullable: true, description: 'At most this amount (in `currency`, else in euros)' })
  @IsOptional()
  @IsNumber(AMOUNT_BOUND)
  @Min(0)
  @Max(1e15)
  amountLte?: number;

  @Field({ nullable: true, description: 'The currency (ISO 4217) of amountGte and amountLte; only amounts in it then match' })
  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;
}

/** A period and an amount: what a link says of itself, and an initiative of its dates and budget. */
@InputType()
export abstract class PeriodAndAmountBounds extends AmountBounds {
  @Field(() => DateRange, { nullable: true, description: 'The start date is in this range' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DateRange)
  startDate?: DateRange;

  @Field(() => DateRange, { nullable: true, description: 'The end date is in this range' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DateRange)
  endDate?: DateRange;
}
