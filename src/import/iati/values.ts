import { DECIMAL_PATTERN, exactOf } from '../../common/decimal';
import { cleanName, hasMarkup } from '../../common/names';

export function clip(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

export function isoDate(value: string | undefined): string | undefined {
  const match = value ? /^(\d{4}-\d{2}-\d{2})/.exec(value) : null;
  return match ? match[1] : undefined;
}

export { hasMarkup };

/** The warning for a name with markup in it: it is stored cleaned, and as given in originalName. */
export function markupReason(name: string): string {
  return `holds HTML markup ("${clip(name, 120)}"); stored as "${clip(cleanName(name), 120)}", with the name as given in originalName`;
}

/**
 * The decimal text of a value exactly as the XML gives it (trimmed, a leading '+' dropped): no
 * rounding, any number of decimals, negative values kept signed. Anything that is not a decimal
 * goes on as the text given, for the validator to refuse with its line.
 */
export function amountOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const compact = value.trim();
  if (!DECIMAL_PATTERN.test(compact)) return value;
  return compact.startsWith('+') ? compact.slice(1) : compact;
}

export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL_PATTERN.test(value);
}

/** One text per amount, so that "1000", "1000.00" and "+1000.0" compare equal; non-decimals stay as given. */
export function comparableAmount(value: string | undefined): string {
  return isDecimal(value) ? exactOf(value) : (value ?? '');
}
