import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CurrencyService } from '../../src/currency/currency.service';
import { ECB_FILE, IMF_FILE, loadRates, parseEcbCsv, parseImfCsv, RatesFileError } from '../../src/currency/rates.repository';
import { main as ratesCli } from '../../src/currency/rates-cli';
import { ecbByDay, ecbHeader, ecbRate as ecb, imfRate as imf, imfRows, RATES_DIR, RateDecimal as D, roundedRate as rounded } from '../support/reference-rates';

/*
 * Expected values come from the shipped CSV files read with plain string splitting
 * (test/support/reference-rates.ts), not through the loader.
 */
function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

describe('CurrencyService', () => {
  const service = new CurrencyService(loadRates());
  const DAY = '2013-05-15';

  it('reads a business day as given', () => {
    expect(ecbByDay.has(DAY)).toBe(true);
    expect(weekday(DAY)).toBe(3);
  });

  it('converts EUR to USD with that day\'s USD column', () => {
    expect(service.convert('10000', 'EUR', 'USD', DAY)).toEqual({
      exact: rounded(new D('10000').times(ecb(DAY, 'USD'))),
      currency: 'USD',
      rateDate: DAY,
      source: 'ECB',
    });
  });

  it('converts USD to EUR by dividing by it', () => {
    expect(service.convert('10000', 'USD', 'EUR', DAY)?.exact).toBe(rounded(new D('10000').div(ecb(DAY, 'USD'))));
  });

  it('crosses USD to JPY through EUR on the same day', () => {
    const expected = rounded(new D('2500.5').times(ecb(DAY, 'JPY')).div(ecb(DAY, 'USD')));
    expect(service.convert('2500.5', 'USD', 'JPY', DAY)).toEqual({ exact: expected, currency: 'JPY', rateDate: DAY, source: 'ECB' });
  });

  it('uses the previous Friday for a weekend date', () => {
    const saturday = '2013-05-18';
    const sunday = '2013-05-19';
    const friday = '2013-05-17';
    expect([weekday(saturday), weekday(sunday), weekday(friday)]).toEqual([6, 0, 5]);
    expect(ecbByDay.has(saturday) || ecbByDay.has(sunday)).toBe(false);
    const expected = { exact: rounded(new D('100').times(ecb(friday, 'GBP'))), currency: 'GBP', rateDate: friday, source: 'ECB' };
    expect(service.convert('100', 'EUR', 'GBP', saturday)).toEqual(expected);
    expect(service.convert('100', 'EUR', 'GBP', sunday)).toEqual(expected);
  });

  it('uses the last business day on or before the end of a partial date', () => {
    const lastOfMay = [...ecbByDay.keys()].filter((day) => day.startsWith('2013-05')).sort().pop()!;
    expect(service.convert('100', 'EUR', 'CHF', '2013-05')).toMatchObject({ rateDate: lastOfMay, exact: rounded(new D(100).times(ecb(lastOfMay, 'CHF'))) });
    const lastOf2013 = [...ecbByDay.keys()].filter((day) => day.startsWith('2013')).sort().pop()!;
    expect(service.convert('100', 'EUR', 'CHF', '2013')).toMatchObject({ rateDate: lastOf2013, exact: rounded(new D(100).times(ecb(lastOf2013, 'CHF'))) });
  });

  it('uses the last day of the file for a later date', () => {
    const last = [...ecbByDay.keys()].sort().pop()!;
    expect(service.convert('1', 'EUR', 'USD', '2099-01-01')).toEqual({ exact: rounded(new D(ecb(last, 'USD'))), currency: 'USD', rateDate: last, source: 'ECB' });
  });

  describe('a currency the ECB does not list: the IMF annual rate, through USD', () => {
    it('KES is not an ECB column', () => expect(ecbHeader).not.toContain('KES'));

    it('KES to USD divides by the IMF rate of the year', () => {
      expect(service.convert('1000000', 'KES', 'USD', DAY)).toEqual({
        exact: rounded(new D('1000000').div(imf('KES', 2013))),
        currency: 'USD',
        rateDate: '2013',
        source: 'IMF',
      });
    });

    it('EUR to KES takes EUR to USD from the ECB day, then USD to KES from the IMF year', () => {
      const expected = rounded(new D('1234.5').times(ecb(DAY, 'USD')).times(imf('KES', 2013)));
      expect(service.convert('1234.5', 'EUR', 'KES', DAY)).toEqual({ exact: expected, currency: 'KES', rateDate: '2013', source: 'IMF' });
    });

    it('KES to PEN goes through USD with both IMF rates', () => {
      const expected = rounded(new D('500').times(imf('PEN', 2010)).div(imf('KES', 2010)));
      expect(service.convert('500', 'KES', 'PEN', '2010-07-01')).toEqual({ exact: expected, currency: 'PEN', rateDate: '2010', source: 'IMF' });
    });

    it('falls back to the nearest earlier year (IMF rates end in 2024)', () => {
      expect(imfRows.some((row) => row.currency === 'KES' && row.year > 2024)).toBe(false);
      expect(service.convert('1000', 'KES', 'USD', '2026-02-10')).toMatchObject({
        exact: rounded(new D('1000').div(imf('KES', 2024))),
        rateDate: '2024',
        source: 'IMF',
      });
      const lastOf2024 = [...ecbByDay.keys()].filter((day) => day.startsWith('2024')).sort().pop()!;
      expect(service.convert('1000', 'EUR', 'KES', '2026-02-10')).toMatchObject({
        exact: rounded(new D('1000').times(ecb(lastOf2024, 'USD')).times(imf('KES', 2024))),
        rateDate: '2024',
      });
    });

    it('when the IMF year falls back, takes the other leg at the end of that year too', () => {
      // AFN's IMF rates stop in 2020: EUR to AFN in 2024 crosses end-2020 rates, ECB and IMF.
      expect(Math.max(...imfRows.filter((row) => row.currency === 'AFN').map((row) => row.year))).toBe(2020);
      const lastOf2020 = [...ecbByDay.keys()].filter((day) => day.startsWith('2020')).sort().pop()!;
      expect(service.convert('1000', 'EUR', 'AFN', '2024-05-10')).toEqual({
        exact: rounded(new D('1000').times(ecb(lastOf2020, 'USD')).times(imf('AFN', 2020))),
        currency: 'AFN',
        rateDate: '2020',
        source: 'IMF',
      });
      // CYP (in the euro since 2008) converts in 2015 at the ECB's last CYP rate, 2007-12-31.
      expect(service.convert('100', 'CYP', 'EUR', '2015-06-30')).toMatchObject({
        exact: rounded(new D('100').div(ecb('2007-12-31', 'CYP'))),
        rateDate: '2007-12-31',
        source: 'ECB',
      });
    });

    it('takes the IMF rate for an ECB currency on a day the ECB has N/A (RUB, suspended since March 2022)', () => {
      expect(ecbByDay.get('2023-06-15')![ecbHeader.indexOf('RUB')]).toBe('N/A');
      const expected = rounded(new D('1000').times(ecb('2023-06-15', 'USD')).times(imf('RUB', 2023)));
      expect(service.convert('1000', 'EUR', 'RUB', '2023-06-15')).toEqual({ exact: expected, currency: 'RUB', rateDate: '2023', source: 'IMF' });
    });

    it('for a currency several countries share, uses the IMF area row (XOF: 7A, the WAEMU)', () => {
      expect(imfRows.filter((row) => row.currency === 'XOF' && row.year === 2020).length).toBeGreaterThan(1);
      expect(service.convert('655957', 'XOF', 'USD', '2020-12-31')?.exact).toBe(rounded(new D('655957').div(imf('XOF', 2020, '7A'))));
    });
  });

  describe('no rate', () => {
    it('EUR/USD before the first ECB day (1999-01-04) is null: the IMF has no EUR rate before 1999', () => {
      expect(imfRows.some((row) => row.currency === 'EUR' && row.year < 1999)).toBe(false);
      expect(service.convert('100', 'EUR', 'USD', '1998-06-30')).toBeNull();
      expect(service.convert('100', 'USD', 'EUR', '1998')).toBeNull();
    });

    it('USD/JPY before 1999 uses the IMF', () => {
      expect(service.convert('100', 'USD', 'JPY', '1998-06-30')).toEqual({
        exact: rounded(new D('100').times(imf('JPY', 1998))),
        currency: 'JPY',
        rateDate: '1998',
        source: 'IMF',
      });
    });

    it('an unknown currency is null', () => {
      expect(service.convert('100', 'EUR', 'ZZZ', DAY)).toBeNull();
      expect(service.convert('100', 'ZZZ', 'USD', DAY)).toBeNull();
    });

    it('a conversion without a value date is null', () => {
      expect(service.convert('100', 'EUR', 'USD', undefined)).toBeNull();
      expect(service.convert('100', 'EUR', 'USD', 'not a date')).toBeNull();
    });
  });

  describe('exact amounts', () => {
    it('keeps a same-currency amount exactly, negative or with three decimals, with or without a date', () => {
      expect(service.convert('-1234.567', 'EUR', 'EUR', DAY)).toEqual({ exact: '-1234.567', currency: 'EUR', rateDate: DAY, source: 'SAME' });
      expect(service.convert('0.125', 'USD', 'USD', undefined)).toEqual({ exact: '0.125', currency: 'USD', rateDate: null, source: 'SAME' });
    });

    it('converts a negative three-decimal amount exactly, then rounds to 6 decimals', () => {
      const product = new D('-1234.567').times(ecb(DAY, 'USD'));
      expect(service.convert('-1234.567', 'EUR', 'USD', DAY)?.exact).toBe(rounded(product));
      expect(service.convert('-1234.567', 'EUR', 'USD', DAY)?.exact).toMatch(/^-\d+\.\d{1,6}$/);
    });

    it('keeps digits a float would lose', () => {
      const amount = '123456789012.345';
      expect(service.convert(amount, 'EUR', 'JPY', DAY)?.exact).toBe(rounded(new D(amount).times(ecb(DAY, 'JPY'))));
    });

    it('writes zero as "0"', () => expect(service.convert('-0', 'EUR', 'USD', DAY)?.exact).toBe('0'));
  });
});

describe('rates files', () => {
  it('reads the shipped files: the ECB header\'s trailing empty column, N/A, and every IMF currency', () => {
    const { ecb: daily, imf: annual } = loadRates();
    expect(daily.currencies).toEqual(ecbHeader.slice(1).filter((code) => code !== ''));
    expect(daily.days.length).toBe(ecbByDay.size);
    expect([daily.firstDay, daily.lastDay]).toEqual([[...ecbByDay.keys()].sort()[0], [...ecbByDay.keys()].sort().pop()]);
    expect(annual.currencies).toEqual([...new Set(imfRows.map((row) => row.currency))].sort());
  });

  it('refuses files that are not rate tables, naming the line', () => {
    const bad = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        expect(error).toBeInstanceOf(RatesFileError);
        return (error as Error).message;
      }
      throw new Error('expected a RatesFileError');
    };
    expect(bad(() => parseEcbCsv('Date,USD,\n2020-01-02,abc,\n'))).toMatch(/line 2: USD is "abc"/);
    expect(bad(() => parseEcbCsv('Day,USD,\n2020-01-02,1.1,\n'))).toMatch(/header must start with "Date"/);
    expect(bad(() => parseEcbCsv('Date,USD,\n2020-02-30,1.1,\n'))).toMatch(/line 2: "2020-02-30" is not a date/);
    expect(bad(() => parseEcbCsv('Date,USD,\n2020-01-02,1.1\n'))).toMatch(/not a readable CSV/);
    expect(bad(() => parseEcbCsv(''))).toMatch(/empty/);
    expect(bad(() => parseImfCsv('Date,Rate\n2020-12-31,1.5\n'))).toMatch(/lacks Currency/);
    expect(bad(() => parseImfCsv('Date,Rate,Currency,Frequency\n2020-12-31,-1,KES,A\n'))).toMatch(/line 2: Rate "-1"/);
    expect(bad(() => parseImfCsv('Date,Rate,Currency,Frequency\n2020-12-31,1,KES,M\n'))).toMatch(/only annual rates/);
  });
});

describe('npm run rates', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, cwd: process.cwd() } };
  }

  function folder(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'rates-'));
    writeFileSync(path.join(dir, ECB_FILE), 'Date,USD,\n2000-01-03,1.0090,\n');
    writeFileSync(path.join(dir, IMF_FILE), 'Date,Rate,Currency,Frequency,Source,Country code,Country\n2000-12-31,78.0,KES,A,IMF,KE,Kenya\n');
    return dir;
  }

  it('installs parsed files byte for byte and prints their ranges and currency counts', () => {
    const dir = folder();
    const run = io();
    const code = ratesCli(['--ecb', path.join(RATES_DIR, ECB_FILE), '--imf', path.join(RATES_DIR, IMF_FILE), '--dir', dir], run.io);
    expect(run.err.join('')).toBe('');
    expect(code).toBe(0);
    for (const name of [ECB_FILE, IMF_FILE]) {
      expect(readFileSync(path.join(dir, name)).equals(readFileSync(path.join(RATES_DIR, name)))).toBe(true);
    }
    const output = run.out.join('');
    expect(output).toMatch(/ECB: .*\n {2}1999-01-04 to \d{4}-\d\d-\d\d, \d+ business days, 41 currencies against EUR\n {2}\(was 2000-01-03 to 2000-01-03, 1 business days, 1 currencies against EUR\)/);
    expect(output).toMatch(/IMF: .*\n {2}1940 to 2024, 174 currencies against USD\n/);
  });

  it('refuses a file that does not parse with exit code 2, and replaces nothing', () => {
    const dir = folder();
    const before = [ECB_FILE, IMF_FILE].map((name) => readFileSync(path.join(dir, name), 'utf8'));
    const broken = path.join(dir, 'broken.csv');
    writeFileSync(broken, 'Date,USD,\n2024-01-02,one,\n');
    copyFileSync(path.join(RATES_DIR, IMF_FILE), path.join(dir, 'imf-new.csv'));
    const run = io();
    expect(ratesCli(['--ecb', broken, '--imf', path.join(dir, 'imf-new.csv'), '--dir', dir], run.io)).toBe(2);
    expect(run.err.join('')).toMatch(/ECB: .*broken\.csv, line 2: USD is "one": expected a positive number or N\/A\nnothing was replaced/);
    expect([ECB_FILE, IMF_FILE].map((name) => readFileSync(path.join(dir, name), 'utf8'))).toEqual(before);
  });

  it('needs at least one file, and refuses a missing one', () => {
    const run = io();
    expect(ratesCli([], run.io)).toBe(2);
    expect(run.err.join('')).toMatch(/give --ecb <file>, --imf <file> or both/);
    const missing = io();
    expect(ratesCli(['--imf', '/no/such/file.csv', '--dir', folder()], missing.io)).toBe(2);
    expect(missing.err.join('')).toMatch(/IMF: \/no\/such\/file\.csv: no such file/);
  });
});
