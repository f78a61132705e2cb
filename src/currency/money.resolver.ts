import { Arg, Field, FieldResolver, ObjectType, registerEnumType, Resolver, Root } from 'type-graphql';
import { isISO4217CurrencyCode } from 'class-validator';
import { Money } from '../common/money';
import { BadInputError } from '../common/errors';
import { DateScalar } from '../common/date.scalar';
import type { CurrencyService, RateSource as RateSourceName } from './currency.service';

export enum RateSource {
  ECB = 'ECB',
  IMF = 'IMF',
  SAME = 'SAME',
}

registerEnumType(RateSource, {
  name: 'RateSource',
  description: 'Where the rate of a conversion came from (seeds/rates/README.md)',
  valuesConfig: {
    ECB: { description: 'ECB euro reference rates of a business day, crossed through EUR or USD' },
    IMF: { description: 'An IMF end-of-period annual rate (per USD), for a currency the ECB does not quote at that date' },
    SAME: { description: 'No conversion: the amount was already in that currency' },
  },
});

@ObjectType({ description: 'The reference rate that converted an amount' })
export class ConversionRate {
  @Field(() => DateScalar, {
    nullable: true,
    description: 'The ECB business day (YYYY-MM-DD) or the IMF year (YYYY) of the rate; for SAME, the value date (null when the amount has none)',
  })
  date: string | null;

  @Field(() => RateSource)
  source: RateSourceName;
}

/** A Money returned by `converted` carries the rate that made it; stored amounts carry none. */
interface ConvertedMoney extends Money {
  conversionRate?: ConversionRate;
}

const CODE = /^[A-Z]{3}$/;

/**
 * Money.converted(to) and Money.rate: conversion at the amount's value date with the shipped
 * reference rates (rules in currency.service.ts and seeds/rates/README.md). A client asks for
 * the converted amount and the rate behind it in one selection:
 *
 *   amount { exact currency converted(to: "USD") { exact currency rate { date source } } }
 */
@Resolver(() => Money)
export class MoneyResolver {
  constructor(private readonly currencyService: CurrencyService) {}

  @FieldResolver(() => Money, {
    nullable: true,
    description:
      'This amount in another currency (ISO 4217 code, e.g. "USD") at its value date: ECB daily reference rates (the value date or the nearest earlier business day), IMF annual rates for currencies the ECB does not quote then; computed exactly, rounded to 6 decimals. The same currency gives the amount unchanged. Null when no rate applies, or when the amount has no value date. `rate` on the result says which rate was used (seeds/rates/README.md).',
  })
  converted(@Root() money: Money, @Arg('to', () => String) to: string): Money | null {
    if (!CODE.test(to) || !(isISO4217CurrencyCode(to) || this.currencyService.knows(to))) {
      throw new BadInputError('to', 'must be an ISO 4217 currency code in capitals, such as "USD"');
    }
    const exact = money.exact ?? String(money.amount);
    const conversion = this.currencyService.convert(exact, money.currency, to, money.valueDate);
    if (!conversion) return null;
    const converted: ConvertedMoney = {
      exact: conversion.exact,
      amount: Number(conversion.exact),
      currency: conversion.currency,
      valueDate: money.valueDate,
      conversionRate: { date: conversion.rateDate, source: conversion.source },
    };
    return converted;
  }

  @FieldResolver(() => ConversionRate, {
    nullable: true,
    description: 'On an amount returned by `converted`: the rate used (its date and source). Null on amounts as stored.',
  })
  rate(@Root() money: Money): ConversionRate | null {
    return (money as ConvertedMoney).conversionRate ?? null;
  }
}
