import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';

/*
 * The shipped rate files read with plain string splitting, not through the server's loader, so
 * that conversion tests check the loader and the service against the files themselves: the ECB
 * file is one business day a line, `Date,USD,JPY,...,` (units per EUR); the IMF file is
 * `Date,Rate,Currency,Frequency,Source,Country code,Country` (units per USD; only the last cell,
 * Country, is ever quoted, so the first six split cleanly).
 */
export const RATES_DIR = path.resolve(__dirname, '../../seeds/rates');

const ecbLines = readFileSync(path.join(RATES_DIR, 'ecb-eurofxref-hist.csv'), 'utf8').trim().split('\n');
export const ecbHeader = ecbLines[0].trim().split(',');
export const ecbByDay = new Map(
  ecbLines.slice(1).map((line) => {
    const cells = line.trim().split(',');
    return [cells[0], cells] as const;
  }),
);
export const imfRows = readFileSync(path.join(RATES_DIR, 'imf_exchangerates_A_ENDA_USD.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.trim().split(','))
  .map(([date, rate, currency, , , country]) => ({ year: Number(date.slice(0, 4)), rate, currency, country }));

/** Units of `currency` per EUR on `day`, straight from the ECB file; throws when there is none. */
export function ecbRate(day: string, currency: string): string {
  const cells = ecbByDay.get(day);
  if (!cells) throw new Error(`${day} is not an ECB business day`);
  const value = cells[ecbHeader.indexOf(currency)];
  if (!value || value === 'N/A') throw new Error(`no ECB ${currency} rate on ${day}`);
  return value;
}

/** The IMF row of a currency (used by one country only, or by `country`) in a year. */
export function imfRate(currency: string, year: number, country?: string): string {
  const rows = imfRows.filter((row) => row.currency === currency && row.year === year && (!country || row.country === country));
  if (rows.length !== 1) throw new Error(`expected one IMF row for ${currency} ${year} ${country ?? ''}, found ${rows.length}`);
  return rows[0].rate;
}

export const RateDecimal = Decimal.clone({ precision: 60 });

/** The documented rounding of a conversion: 6 decimal places, half to even, no trailing zeros. */
export function roundedRate(value: Decimal): string {
  return value.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed();
}
