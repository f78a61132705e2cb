import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { IsISO4217CurrencyCode, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { BadInputError } from './errors';

@ObjectType({ description: 'An amount of money. Amounts are stored exactly, in hundredths.' })
export class Money {
  @Field(() => Float)
  amount: number;

  @Field({ description: 'ISO 4217 currency code' })
  currency: string;

  @Field(() => Float, { nullable: true, description: 'The same amount in euros, when known' })
  amountEur?: number;
}

@InputType()
export class MoneyInput {
  @Field(() => Float)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e15)
  amount: number;

  @Field()
  @IsISO4217CurrencyCode()
  currency: string;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1e15)
  amountEur?: number;
}

/** Integer hundredths, so that 10,000.00 stays 10,000.00 through sums and comparisons. */
export function toCents(amount: number, field: string): number {
  const cents = Math.round(amount * 100);
  if (Math.abs(cents - amount * 100) > 1e-6 || !Number.isSafeInteger(cents)) {
    throw new BadInputError(field, 'must have at most two decimal places');
  }
  return cents;
}

export interface StoredMoney {
  amountCents: number;
  currency: string;
  amountEurCents: number | null;
}

export function storeMoney(money: MoneyInput | undefined | null, field: string): StoredMoney | null {
  if (!money) return null;
  return {
    amountCents: toCents(money.amount, `${field}.amount`),
    currency: money.currency,
    amountEurCents: money.amountEur == null ? null : toCents(money.amountEur, `${field}.amountEur`),
  };
}

export function readMoney(amountCents: unknown, currency: unknown, amountEurCents: unknown): Money | null {
  if (amountCents == null || currency == null) return null;
  return {
    amount: Number(amountCents) / 100,
    currency: String(currency),
    amountEur: amountEurCents == null ? undefined : Number(amountEurCents) / 100,
  };
}
