import { Decimal } from 'decimal.js';

/**
 * Exact decimal arithmetic for money. Amounts are decimal strings in one canonical form (see
 * canonicalDecimal), never floats, whenever they are stored, summed or compared.
 *
 * decimal.js rounds the result of every operation to `precision` significant digits (20 by
 * default: too few for a sum of large amounts with many decimals). With 100 digits, any sum of
 * accepted amounts (at most 16 integer and MAX_DECIMALS decimal digits each) stays exact.
 */
export const ExactDecimal = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });

/** The largest magnitude accepted for an amount, either way. */
export const MAX_AMOUNT = 1e15;
/** Decimals an amount may have (trailing zeros do not count). */
export const MAX_DECIMALS = 20;
/** A decimal string may be no longer than this, leading zeros and all. */
export const MAX_DECIMAL_LENGTH = 100;

/** An optional sign, then digits with an optional point: xsd:decimal's lexical form, without spaces. No exponent. */
export const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

const MAX = new ExactDecimal(MAX_AMOUNT);

export class DecimalError extends Error {}

/** The reason a value cannot be read as a decimal at all, or the decimal. */
function parse(value: unknown): Decimal | string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'must be a finite number';
    // The shortest representation of the number, which is what a JSON client typed: 0.1 is "0.1".
    return new ExactDecimal(String(value));
  }
  if (typeof value === 'string') {
    if (value.length > MAX_DECIMAL_LENGTH) return `must be at most ${MAX_DECIMAL_LENGTH} characters long`;
    if (!DECIMAL_PATTERN.test(value)) {
      return 'must be a number or a decimal string such as "-1234.5678" (digits, an optional sign and point; no exponent)';
    }
    return new ExactDecimal(value);
  }
  return 'must be a number or a decimal string such as "-1234.5678"';
}

/**
 * Why a value is not an acceptable amount, or null when it is: a finite number or a decimal
 * string, negative allowed, |x| <= MAX_AMOUNT, at most MAX_DECIMALS decimals. The one rule that
 * validation applies and that storing relies on.
 */
export function amountProblem(value: unknown): string | null {
  const parsed = parse(value);
  if (typeof parsed === 'string') return parsed;
  if (parsed.abs().gt(MAX)) return `must be between -${MAX_AMOUNT} and ${MAX_AMOUNT}`;
  if (parsed.decimalPlaces() > MAX_DECIMALS) return `must have at most ${MAX_DECIMALS} decimal places`;
  return null;
}

/**
 * The exact decimal of a number (from its shortest representation, new Decimal(String(n))) or of
 * a decimal string (no exponent). No bound on the magnitude, so totals can be read back too.
 * Throws DecimalError on anything else.
 */
export function toDecimal(value: number | string): Decimal {
  const parsed = parse(value);
  if (typeof parsed === 'string') throw new DecimalError(`${JSON.stringify(value)} ${parsed}`);
  return parsed;
}

/**
 * The canonical text of a decimal: no exponent, no "+", no leading zeros, no trailing zeros after
 * the point (nor a bare point), and "0" for zero of either sign. Every digit that carries value is
 * kept, never rounded: "-001234.5670" is "-1234.567". Equal amounts have equal strings.
 */
export function canonicalDecimal(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

/** toDecimal, then canonicalDecimal. */
export function exactOf(value: number | string): string {
  return canonicalDecimal(toDecimal(value));
}

/** The exact sum of decimal strings, in canonical form; "0" for none. */
export function sumExact(values: readonly string[]): string {
  let total: Decimal = new ExactDecimal(0);
  for (const value of values) total = total.plus(toDecimal(value));
  return canonicalDecimal(total);
}

/** -1, 0 or 1 as a is less than, equal to or greater than b, compared exactly. */
export function compareExact(a: number | string, b: number | string): number {
  return toDecimal(a).comparedTo(toDecimal(b));
}
