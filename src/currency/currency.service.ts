import { Decimal } from 'decimal.js';
import { parsePartialDate } from '../common/partial-date';
import type { ReferenceRates } from './rates.repository';

/**
 * Converts an exact amount from one currency to another at its value date, with the reference
 * rates shipped in seeds/rates/ (see seeds/rates/README.md, which states the same rules).
 *
 * 1. Same currency: the amount unchanged (source SAME), with or without a value date.
 * 2. Otherwise a value date is needed. A partial date stands for its last day: 2013-05 is
 *    2013-05-31, 2013 is 2013-12-31. (Rates are never dated in the future, so a last day after
 *    today picks the same rate as today would.)
 * 3. ECB: when the ECB quotes both currencies (EUR is its base), the cross rate through EUR of
 *    the value date, or of the nearest earlier business day that has a rate for both. The search
 *    starts at the last ECB business day on or before the value date (after the end of the file,
 *    its last day) and goes back at most MAX_ECB_GAP_DAYS calendar days: past that, the ECB
 *    counts as not quoting the currency then (N/A: not yet, no longer, or suspended, as RUB
 *    since 2022-03-02 and ISK from 2008-12-10 to 2018-01-31). Before 1999-01-04 there is no ECB
 *    rate.
 * 4. Otherwise through the US dollar, one leg per currency: USD itself is 1; a currency the ECB
 *    quotes at the date (see 3) is taken against USD from the ECB table of that day; any other
 *    currency uses the IMF end-of-period rate of the value date's year. When the IMF has no rate
 *    for that year (its rates end in 2024; some series stop earlier), the nearest earlier year
 *    that has one for every IMF leg is used, and both legs are then taken at the end of that
 *    year (the ECB's last business day of it for a currency the ECB quotes then, else the IMF
 *    rate of that year), so that the two rates of a cross are of one date: CYP, whose rates stop
 *    in 2007, converts to EUR in 2015 at the rates of 2007-12-31, not at a 2007 CYP rate against
 *    a 2015 euro. No IMF year that early: no rate.
 * 5. No rate for a leg: null. So is an unknown currency, a bad date or an amount that is not a
 *    decimal.
 *
 * `source` is ECB when only ECB daily rates were used, IMF when an IMF annual rate was. `rateDate`
 * is the ECB business day used (YYYY-MM-DD), or, when an IMF rate was used, its year (YYYY); for
 * SAME it is the value date as given (or null).
 *
 * Arithmetic: decimal.js with COMPUTE_DIGITS significant digits (amount × rate(to) / rate(from),
 * rates as the files write them), then rounded to RESULT_DECIMALS decimal places, half to even,
 * written without exponent or trailing zeros ("0" for zero). A same-currency amount keeps every
 * digit it had.
 */

export type RateSource = 'ECB' | 'IMF' | 'SAME';

export interface Conversion {
  /** The converted amount, as an exact decimal string. */
  exact: string;
  currency: string;
  /** The ECB business day, the IMF year, or for SAME the value date as given (null when there was none). */
  rateDate: string | null;
  source: RateSource;
}

/** How far back (calendar days) the ECB search goes for a day quoting both currencies. */
export const MAX_ECB_GAP_DAYS = 7;
export const COMPUTE_DIGITS = 60;
export const RESULT_DECIMALS = 6;

const RateDecimal = Decimal.clone({ precision: COMPUTE_DIGITS, rounding: Decimal.ROUND_HALF_EVEN });
const AMOUNT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Units of a currency per US dollar, and where that came from. */
interface DollarLeg {
  perUsd: Decimal;
  /** null for USD itself. */
  source: 'ECB' | 'IMF' | null;
  /** ECB day (YYYY-MM-DD) or IMF year (YYYY). */
  date: string | null;
}

function daysBefore(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

function canonical(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

export class CurrencyService {
  constructor(private readonly rates: ReferenceRates) {}

  /** Whether any shipped table has rates for the currency (EUR and USD always). */
  knows(currency: string): boolean {
    return currency === 'EUR' || currency === 'USD' || this.rates.ecb.lists(currency) || this.rates.imf.lists(currency);
  }

  /**
   * `exact` (a decimal string) in `from`, converted to `to` at `date` (YYYY, YYYY-MM or
   * YYYY-MM-DD); null when no rate applies. See the module comment for the rules.
   */
  convert(exact: string, from: string, to: string, date: string | null | undefined): Conversion | null {
    if (typeof exact !== 'string' || !AMOUNT.test(exact.trim())) return null;
    const amount = new RateDecimal(exact.trim());
    if (from === to) return { exact: canonical(amount), currency: to, rateDate: date ?? null, source: 'SAME' };
    const bounds = date ? parsePartialDate(date) : null;
    if (!bounds) return null;
    const day = bounds.last;

    const common = this.ecbIndex(day, [from, to]);
    if (common !== null) {
      const ecb = this.rates.ecb;
      const value = amount.times(ecb.rate(to, common)!).div(ecb.rate(from, common)!);
      return { exact: this.rounded(value), currency: to, rateDate: ecb.days[common], source: 'ECB' };
    }

    // Through USD. When an IMF rate is needed and its year has none, both legs move to the nearest
    // earlier year that has them all, ECB legs included: a cross of two rates of one date.
    const year = Number(day.slice(0, 4));
    const viaImf = [from, to].filter((currency) => currency !== 'USD' && this.ecbIndex(day, [currency, 'USD']) === null);
    let legDay = day;
    let imfYear = year;
    if (viaImf.length) {
      const common = this.imfYearOnOrBefore(viaImf, year);
      if (common === null) return null;
      if (common < year) legDay = `${String(common).padStart(4, '0')}-12-31`;
      imfYear = common;
    }
    const fromLeg = this.dollarLeg(from, legDay, imfYear);
    const toLeg = this.dollarLeg(to, legDay, imfYear);
    if (!fromLeg || !toLeg) return null;
    const value = amount.times(toLeg.perUsd).div(fromLeg.perUsd);
    const legs = [fromLeg, toLeg].filter((leg) => leg.source !== null);
    const imf = legs.filter((leg) => leg.source === 'IMF');
    const rateDate = (imf.length ? imf : legs).map((leg) => leg.date!).sort()[0];
    return { exact: this.rounded(value), currency: to, rateDate, source: imf.length ? 'IMF' : 'ECB' };
  }

  private rounded(value: Decimal): string {
    return canonical(value.toDecimalPlaces(RESULT_DECIMALS, Decimal.ROUND_HALF_EVEN));
  }

  /** The ECB row to use for these currencies on `day`, or null when the ECB does not quote them all then. */
  private ecbIndex(day: string, currencies: string[]): number | null {
    const ecb = this.rates.ecb;
    if (!currencies.every((currency) => ecb.lists(currency))) return null;
    const start = ecb.indexOnOrBefore(day);
    if (start < 0) return null;
    const floor = daysBefore(ecb.days[start], MAX_ECB_GAP_DAYS);
    for (let i = start; i >= 0 && ecb.days[i] >= floor; i--) {
      if (currencies.every((currency) => ecb.rate(currency, i) !== null)) return i;
    }
    return null;
  }

  /** The latest year on or before `year` in which the IMF has a rate for every one of the currencies. */
  private imfYearOnOrBefore(currencies: string[], year: number): number | null {
    const imf = this.rates.imf;
    for (let y = Math.min(year, imf.lastYear); y >= imf.firstYear; y--) {
      if (currencies.every((currency) => imf.rateIn(currency, y) !== null)) return y;
    }
    return null;
  }

  /** Units of the currency per USD: 1 for USD, the ECB's on `day` when it quotes it then, else the IMF's of `imfYear`. */
  private dollarLeg(currency: string, day: string, imfYear: number): DollarLeg | null {
    if (currency === 'USD') return { perUsd: new RateDecimal(1), source: null, date: null };
    const index = this.ecbIndex(day, [currency, 'USD']);
    if (index !== null) {
      const ecb = this.rates.ecb;
      // Units per euro over dollars per euro: units per dollar.
      return { perUsd: new RateDecimal(ecb.rate(currency, index)!).div(ecb.rate('USD', index)!), source: 'ECB', date: ecb.days[index] };
    }
    const imf = this.rates.imf.rateIn(currency, imfYear);
    if (!imf) return null;
    return { perUsd: new RateDecimal(imf.rate), source: 'IMF', date: String(imf.year).padStart(4, '0') };
  }
}
