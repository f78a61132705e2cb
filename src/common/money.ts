import { Field, Float, InputType, ObjectType } from 'type-graphql';
import { IsISO4217CurrencyCode, IsOptional } from 'class-validator';
import { BadInputError } from './errors';
import { IsDecimalAmount } from './validation';
import { amountProblem, exactOf } from './decimal';

export { compareExact, sumExact, toDecimal, canonicalDecimal, exactOf, MAX_AMOUNT, MAX_DECIMALS } from './decimal';

@ObjectType({
  description:
    'An amount of money, stored exactly as the decimal the source gave (any number of decimals; negative for reversals and refunds). Use `exact` for sums and comparisons.',
})
export class Money {
  @Field(() => Float, { description: 'The amount as a floating-point number, for display; may round an amount with many digits (see exact)' })
  amount: number;

  @Field({ description: 'The exact amount as a canonical decimal string: no exponent, no "+", no leading zeros nor trailing zeros after the point, e.g. "-1234.567"' })
  exact: string;

  @Field({ description: 'ISO 4217 currency code' })
  currency: string;

  @Field(() => Float, { nullable: true, description: 'The same amount in euros, when known' })
  amountEur?: number;

  /** The exact euro amount behind amountEur, when known. Not a GraphQL field. */
  exactEur?: string;

  /**
   * The date at which the amount holds, for conversions: a FUNDS link's valueDate, else its
   * startDate. Not a GraphQL field; unset on budgets and on totals.
   */
  valueDate?: string;
}

@InputType({
  description:
    'An amount of money. `amount` may be negative (a reversal, a de-obligation, a refund) and have any number of decimals (up to 20); it is stored exactly as given.',
})
export class MoneyInput {
  @Field(() => Float, {
    description:
      'Between -1e15 and 1e15. Imports may also give it as a decimal string ("-1234.5678", no exponent) so that every digit is kept; a number is read from its shortest representation (0.1 is exactly 0.1).',
  })
  @IsDecimalAmount()
  amount: number | string;

  @Field()
  @IsISO4217CurrencyCode()
  currency: string;

  @Field(() => Float, { nullable: true, description: 'The same amount in euros, when known; same rules as amount' })
  @IsOptional()
  @IsDecimalAmount()
  amountEur?: number | string;
}

/** The exact text of an amount that validation accepted; a BadInputError for the field otherwise (never after validation). */
function storedExact(value: number | string, field: string): string {
  const problem = amountProblem(value);
  if (problem !== null) throw new BadInputError(field, problem);
  return exactOf(value);
}

/**
 * How money sits on a FUNDS link: the exact decimal string is the source of truth; the float
 * beside it is for sorting and range filters only.
 */
export interface StoredMoney {
  amountExact: string;
  amountValue: number;
  currency: string;
  amountEurExact: string | null;
  amountEurValue: number | null;
}

export function storeMoney(money: MoneyInput | undefined | null, field: string): StoredMoney | null {
  if (!money) return null;
  const amountExact = storedExact(money.amount, `${field}.amount`);
  const amountEurExact = money.amountEur == null ? null : storedExact(money.amountEur, `${field}.amountEur`);
  return {
    amountExact,
    amountValue: Number(amountExact),
    currency: money.currency,
    amountEurExact,
    amountEurValue: amountEurExact === null ? null : Number(amountEurExact),
  };
}

/** The same money under an initiative's budget property names. */
export interface StoredBudget {
  budgetExact: string | null;
  budgetValue: number | null;
  budgetCurrency: string | null;
  budgetEurExact: string | null;
  budgetEurValue: number | null;
}

/** All five properties, null when there is no budget, so that an update clears an old one. */
export function storeBudget(money: MoneyInput | undefined | null, field = 'budget'): StoredBudget {
  const stored = storeMoney(money, field);
  return {
    budgetExact: stored?.amountExact ?? null,
    budgetValue: stored?.amountValue ?? null,
    budgetCurrency: stored?.currency ?? null,
    budgetEurExact: stored?.amountEurExact ?? null,
    budgetEurValue: stored?.amountEurValue ?? null,
  };
}

const text = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));

/** Money from its stored exact strings; null without an amount or a currency. */
export function readMoney(exact: unknown, currency: unknown, exactEur: unknown, valueDate?: unknown): Money | null {
  if (exact === null || exact === undefined || currency === null || currency === undefined) return null;
  const money = Object.assign(new Money(), { amount: Number(exact), exact: String(exact), currency: String(currency) });
  if (exactEur !== null && exactEur !== undefined) Object.assign(money, { amountEur: Number(exactEur), exactEur: String(exactEur) });
  const date = text(valueDate);
  if (date !== undefined) money.valueDate = date;
  return money;
}

/** A FUNDS link's money, from its properties; valueDate is the link's valueDate, else its startDate. */
export function fundsMoney(props: Record<string, unknown>): Money | null {
  return readMoney(props.amountExact, props.currency, props.amountEurExact, props.valueDate ?? props.startDate);
}

/** An initiative's budget, from its properties. */
export function budgetMoney(props: Record<string, unknown>): Money | null {
  return readMoney(props.budgetExact, props.budgetCurrency, props.budgetEurExact);
}

/**
 * What needs currency conversion gets it through this port: an exact amount at a date, in
 * another currency. It answers the same currency itself (source SAME, any date), and null when
 * no rate applies (no date included).
 */
export interface AmountConverter {
  convert(exact: string, from: string, to: string, date: string | null): { exact: string; rateDate: string | null; source: string } | null;
}
