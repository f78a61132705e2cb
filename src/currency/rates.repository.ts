import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, CsvError } from 'csv-parse/sync';
import { Decimal } from 'decimal.js';
import { projectRoot } from '../common/paths';
import { parsePartialDate } from '../common/partial-date';

/**
 * The reference exchange rates shipped in seeds/rates/ (provenance in seeds/rates/README.md),
 * read into memory once per process. Nothing is downloaded: newer files are installed with
 * `npm run rates` (src/currency/rates-cli.ts), which reads them with the same functions.
 *
 * - ECB (`ecb-eurofxref-hist.csv`): one row per TARGET business day, how many units of each
 *   currency one euro buys. Header `Date,USD,JPY,...,` (the trailing comma makes an empty last
 *   column, on every line). `N/A` means the ECB gave no rate for that currency on that day: not
 *   yet, no longer (a currency that joined the euro) or suspended (RUB since 2022-03-02).
 * - IMF (`imf_exchangerates_A_ENDA_USD.csv`): end-of-period annual rates, units of currency per
 *   US dollar, one row per country and year: `Date,Rate,Currency,Frequency,Source,Country code,
 *   Country`. Several countries share a currency (XOF, EUR, XCD...) and their rows for one year
 *   may differ slightly; see imfRow for which one counts.
 *
 * Rates are kept as the decimal strings of the file and read into decimal.js on use.
 */

export const ECB_FILE = 'ecb-eurofxref-hist.csv';
export const IMF_FILE = 'imf_exchangerates_A_ENDA_USD.csv';

/** seeds/rates/ of the project, whether running from sources or from dist/. */
export function defaultRatesDir(): string {
  return path.join(projectRoot(), 'seeds', 'rates');
}

/** A rates file that cannot be used: says which file, which line and why. */
export class RatesFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${file}${line === null ? '' : `, line ${line}`}: ${reason}`);
  }
}

const CURRENCY = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A positive rate as the files write it: digits with an optional point, an optional exponent. */
const RATE = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function isDay(value: string): boolean {
  return DAY.test(value) && parsePartialDate(value) !== null;
}

function isRate(value: string): boolean {
  const match = RATE.exec(value);
  return match !== null && /[1-9]/.test(match[1]);
}

interface CsvLine {
  cells: string[];
  line: number;
}

function csvLines(text: string, file: string): CsvLine[] {
  try {
    const records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return records.map(({ record, info }) => ({ cells: record, line: info.lines }));
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new RatesFileError(file, typeof line === 'number' ? line : null, `not a readable CSV file (${error.message})`);
    }
    throw error;
  }
}

/** The ECB daily table: business days in ascending order, and per currency the rate of each day or null. */
export class EcbRates {
  private readonly byCurrency: Map<string, (string | null)[]>;

  constructor(
    /** Business days, ascending, YYYY-MM-DD. */
    readonly days: readonly string[],
    byCurrency: Map<string, (string | null)[]>,
  ) {
    this.byCurrency = byCurrency;
  }

  /** The currencies of the header, without EUR (the base). */
  get currencies(): string[] {
    return [...this.byCurrency.keys()];
  }

  get firstDay(): string {
    return this.days[0];
  }

  get lastDay(): string {
    return this.days[this.days.length - 1];
  }

  /** Index of the last business day on or before `day` (YYYY-MM-DD), or -1 when the table starts later. */
  indexOnOrBefore(day: string): number {
    let low = 0;
    let high = this.days.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (this.days[mid] <= day) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /** Units of `currency` per euro on the day at `index`: 1 for EUR, null for N/A or a currency the table lacks. */
  rate(currency: string, index: number): Decimal | null {
    if (currency === 'EUR') return new Decimal(1);
    const value = this.byCurrency.get(currency)?.[index];
    return value == null ? null : new Decimal(value);
  }

  /** Whether the ECB has a column for the currency (EUR included). */
  lists(currency: string): boolean {
    return currency === 'EUR' || this.byCurrency.has(currency);
  }
}

/** One IMF row kept for a currency and year. */
export interface ImfRate {
  year: number;
  rate: string;
  /** The country (or IMF area) whose row was used. */
  country: string;
}

/** The IMF annual table: per currency, the years with a rate, ascending. */
export class ImfRates {
  constructor(private readonly byCurrency: Map<string, ImfRate[]>) {}

  get currencies(): string[] {
    return [...this.byCurrency.keys()].sort();
  }

  get firstYear(): number {
    return Math.min(...[...this.byCurrency.values()].map((rates) => rates[0].year));
  }

  get lastYear(): number {
    return Math.max(...[...this.byCurrency.values()].map((rates) => rates[rates.length - 1].year));
  }

  /** The rate of exactly `year`, or null. */
  rateIn(currency: string, year: number): ImfRate | null {
    return this.byCurrency.get(currency)?.find((rate) => rate.year === year) ?? null;
  }

  /** The rate of `year`, or of the nearest earlier year that has one; null when there is none. */
  rateOnOrBefore(currency: string, year: number): ImfRate | null {
    const rates = this.byCurrency.get(currency);
    if (!rates) return null;
    for (let i = rates.length - 1; i >= 0; i--) {
      if (rates[i].year <= year) return rates[i];
    }
    return null;
  }

  lists(currency: string): boolean {
    return this.byCurrency.has(currency);
  }
}

export interface ReferenceRates {
  ecb: EcbRates;
  imf: ImfRates;
}

/** Reads the ECB daily CSV (as published in eurofxref-hist.zip). Throws RatesFileError. */
export function parseEcbCsv(text: string, file = ECB_FILE): EcbRates {
  const lines = csvLines(text, file);
  if (lines.length === 0) throw new RatesFileError(file, null, 'the file is empty');
  const [header, ...rows] = lines;
  if (header.cells[0] !== 'Date') {
    throw new RatesFileError(file, header.line, `the header must start with "Date" (the ECB's eurofxref-hist.csv), not ${JSON.stringify(header.cells[0])}`);
  }
  // The ECB writes a comma after the last rate: an empty last column.
  const width = header.cells[header.cells.length - 1] === '' ? header.cells.length - 1 : header.cells.length;
  const codes = header.cells.slice(1, width);
  if (codes.length === 0) throw new RatesFileError(file, header.line, 'the header names no currency');
  const seen = new Set<string>();
  for (const code of codes) {
    if (!CURRENCY.test(code) || code === 'EUR') {
      throw new RatesFileError(file, header.line, `${JSON.stringify(code)} is not a currency column (three capital letters, not EUR)`);
    }
    if (seen.has(code)) throw new RatesFileError(file, header.line, `currency ${code} appears twice in the header`);
    seen.add(code);
  }
  if (rows.length === 0) throw new RatesFileError(file, null, 'the file has no rates, only a header');

  const parsed = rows.map(({ cells, line }) => {
    const day = cells[0];
    if (!isDay(day)) throw new RatesFileError(file, line, `${JSON.stringify(day)} is not a date (YYYY-MM-DD)`);
    if (width < cells.length && cells.slice(width).some((cell) => cell !== '')) {
      throw new RatesFileError(file, line, 'a value after the last currency column');
    }
    const values = codes.map((code, i) => {
      const cell = cells[i + 1];
      if (cell === 'N/A' || cell === '') return null;
      if (!isRate(cell)) throw new RatesFileError(file, line, `${code} is ${JSON.stringify(cell)}: expected a positive number or N/A`);
      return cell;
    });
    return { day, line, values };
  });
  parsed.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i].day === parsed[i - 1].day) throw new RatesFileError(file, parsed[i].line, `${parsed[i].day} appears twice`);
  }
  const byCurrency = new Map<string, (string | null)[]>(codes.map((code, c) => [code, parsed.map((row) => row.values[c])]));
  return new EcbRates(
    parsed.map((row) => row.day),
    byCurrency,
  );
}

/**
 * Which row counts when several countries give a rate for one currency and year: the issuing
 * country's (its ISO code is the currency code's first two letters: US for USD, ZA for ZAR), then
 * an IMF area's (a code with a digit: U2 euro area, 7A WAEMU, 5X CEMAC, 5Y ECCU), then the first
 * in the file.
 */
function imfRowRank(currency: string, country: string): number {
  if (country === currency.slice(0, 2)) return 0;
  if (/\d/.test(country)) return 1;
  return 2;
}

/** Reads the IMF annual CSV (codeforIATI/imf-exchangerates' imf_exchangerates_A_ENDA_USD.csv). Throws RatesFileError. */
export function parseImfCsv(text: string, file = IMF_FILE): ImfRates {
  const lines = csvLines(text, file);
  if (lines.length === 0) throw new RatesFileError(file, null, 'the file is empty');
  const [header, ...rows] = lines;
  const column = (name: string) => header.cells.indexOf(name);
  const date = column('Date');
  const rate = column('Rate');
  const currency = column('Currency');
  const frequency = column('Frequency');
  const country = column('Country code');
  const missing = ['Date', 'Rate', 'Currency'].filter((name) => column(name) < 0);
  if (missing.length) {
    throw new RatesFileError(file, header.line, `the header lacks ${missing.join(', ')} (expected Date,Rate,Currency,Frequency,Source,Country code,Country)`);
  }
  if (rows.length === 0) throw new RatesFileError(file, null, 'the file has no rates, only a header');

  const chosen = new Map<string, Map<number, ImfRate & { rank: number }>>();
  for (const { cells, line } of rows) {
    const day = cells[date];
    if (!isDay(day) && !/^\d{4}$/.test(day)) throw new RatesFileError(file, line, `Date ${JSON.stringify(day)} is not a date (YYYY-MM-DD)`);
    if (frequency >= 0 && cells[frequency] !== 'A') {
      throw new RatesFileError(file, line, `Frequency is ${JSON.stringify(cells[frequency])}: only annual rates (A) are read`);
    }
    const code = cells[currency];
    if (!CURRENCY.test(code)) throw new RatesFileError(file, line, `Currency ${JSON.stringify(code)} is not a currency code`);
    const value = cells[rate];
    if (!isRate(value)) throw new RatesFileError(file, line, `Rate ${JSON.stringify(value)} is not a positive number`);
    const year = Number(day.slice(0, 4));
    const where = country >= 0 ? cells[country] : '';
    const rank = imfRowRank(code, where);
    const years = chosen.get(code) ?? new Map<number, ImfRate & { rank: number }>();
    chosen.set(code, years);
    const kept = years.get(year);
    if (!kept || rank < kept.rank) years.set(year, { year, rate: value, country: where, rank });
  }
  const byCurrency = new Map<string, ImfRate[]>();
  for (const [code, years] of chosen) {
    byCurrency.set(
      code,
      [...years.values()].sort((a, b) => a.year - b.year).map(({ year, rate: value, country: where }) => ({ year, rate: value, country: where })),
    );
  }
  return new ImfRates(byCurrency);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new RatesFileError(file, null, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

export function readEcbFile(file: string): EcbRates {
  return parseEcbCsv(readText(file), file);
}

export function readImfFile(file: string): ImfRates {
  return parseImfCsv(readText(file), file);
}

const loaded = new Map<string, ReferenceRates>();

/**
 * Both tables of a rates folder (default seeds/rates/), read once per process and folder: every
 * later call returns the same tables. A running server sees newer files after a restart.
 */
export function loadRates(dir: string = defaultRatesDir()): ReferenceRates {
  const key = path.resolve(dir);
  let rates = loaded.get(key);
  if (!rates) {
    rates = { ecb: readEcbFile(path.join(key, ECB_FILE)), imf: readImfFile(path.join(key, IMF_FILE)) };
    loaded.set(key, rates);
  }
  return rates;
}
