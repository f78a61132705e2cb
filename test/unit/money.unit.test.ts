import 'reflect-metadata';
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Decimal } from 'decimal.js';
import {
  budgetMoney,
  compareExact,
  fundsMoney,
  MoneyInput,
  readMoney,
  storeBudget,
  storeMoney,
  sumExact,
  toDecimal,
} from '../../src/common/money';
import { amountProblem, exactOf } from '../../src/common/decimal';

/** The reasons class-validator gives for a MoneyInput, by property; empty when it is valid. */
function problems(plain: Record<string, unknown>): Record<string, string[]> {
  const errors = validateSync(plainToInstance(MoneyInput, plain), { whitelist: true, forbidNonWhitelisted: true });
  return Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})]));
}

describe('exact decimals', () => {
  it('reads a number from its shortest representation and a string digit for digit', () => {
    expect(toDecimal(0.1).toFixed()).toBe('0.1');
    expect(toDecimal(-1234.567).toFixed()).toBe('-1234.567');
    expect(toDecimal('123456789012345.123456789').toFixed()).toBe('123456789012345.123456789');
    expect(toDecimal(1e-7).toFixed()).toBe('0.0000001');
    expect(toDecimal('12.') instanceof Decimal).toBe(true);
  });

  it('writes one canonical form: no sign "+", no leading zeros, no trailing zeros, "0" for zero', () => {
    expect(exactOf('+001234.5670')).toBe('1234.567');
    expect(exactOf('-0.00')).toBe('0');
    expect(exactOf(-0)).toBe('0');
    expect(exactOf('.5')).toBe('0.5');
    expect(exactOf('12.')).toBe('12');
    expect(exactOf('0.125')).toBe('0.125');
    expect(exactOf(1e15)).toBe('1000000000000000');
  });

  it('sums without float drift, negatives included', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumExact(['0.1', '0.2'])).toBe('0.3');
    expect(sumExact([exactOf(0.1), exactOf(0.2)])).toBe('0.3');
    expect(sumExact(['1000', '-1000.005', '0.005'])).toBe('0');
    expect(sumExact(['-12', '0.125'])).toBe('-11.875');
    expect(sumExact([])).toBe('0');
    // 20 significant digits (decimal.js's default precision) would round this sum.
    expect(sumExact(['999999999999999.12345678901234567891', '0.00000000000000000009'])).toBe('999999999999999.123456789012345679');
    expect(sumExact(Array.from({ length: 1000 }, () => '999999999999999.99999999999999999999'))).toBe('999999999999999999.99999999999999999');
  });

  it('compares exactly where floats cannot tell amounts apart', () => {
    expect(Number('900719925474099.21')).toBe(Number('900719925474099.2'));
    expect(compareExact('900719925474099.21', '900719925474099.2')).toBe(1);
    expect(compareExact('-5', '0.001')).toBe(-1);
    expect(compareExact('1.50', 1.5)).toBe(0);
  });

  it('refuses what is not a decimal', () => {
    for (const bad of ['abc', '1e3', '', ' 12', '1,5', '--1', 'Infinity', 'NaN', '0x10']) expect(() => toDecimal(bad)).toThrow(/decimal/);
    expect(() => toDecimal(Number.NaN)).toThrow(/finite/);
  });
});

describe('MoneyInput validation', () => {
  it('accepts negative amounts, any number of decimals, and decimal strings', () => {
    expect(problems({ amount: -1234.567, currency: 'EUR' })).toEqual({});
    expect(problems({ amount: 0.125, currency: 'EUR', amountEur: -0.0001 })).toEqual({});
    expect(problems({ amount: '1234.5678', currency: 'USD' })).toEqual({});
    expect(problems({ amount: '-12', currency: 'USD', amountEur: '0.125' })).toEqual({});
    expect(problems({ amount: 1e15, currency: 'EUR' })).toEqual({});
    expect(problems({ amount: '-1000000000000000', currency: 'EUR' })).toEqual({});
  });

  it.each([
    ['abc', /decimal string/],
    ['1e3', /no exponent/],
    ['', /decimal string/],
    ['1000000000000000.01', /between -1000000000000000 and 1000000000000000/],
    [2e15, /between/],
    [-1e16, /between/],
    ['1'.repeat(101), /at most 100 characters/],
    ['0.000000000000000000001', /at most 20 decimal places/],
    [Number.POSITIVE_INFINITY, /finite/],
    [Number.NaN, /finite/],
    [null, /number or a decimal string/],
    [true, /number or a decimal string/],
  ])('refuses amount %p', (amount, reason) => {
    const found = problems({ amount, currency: 'EUR' });
    expect(Object.keys(found)).toEqual(['amount']);
    expect(found.amount.join('; ')).toMatch(reason);
    expect(found.amount.join('; ')).toMatch(/^amount /);
  });

  it('checks amountEur by the same rule', () => {
    expect(problems({ amount: 1, currency: 'EUR', amountEur: '1e3' })).toEqual({ amountEur: [expect.stringMatching(/no exponent/)] });
  });

  it('stores everything it accepts, exactly (validation and writing agree)', () => {
    const decimalString = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,15}$/), fc.option(fc.stringMatching(/^\d{0,20}$/), { nil: undefined }))
      .map(([sign, int, frac]) => (frac === undefined ? `${sign}${int}` : `${sign}${int}.${frac}`));
    const amount = fc.oneof(fc.double({ min: -1e15, max: 1e15, noNaN: true }), decimalString);
    fc.assert(
      fc.property(amount, (value) => {
        if (Object.keys(problems({ amount: value, currency: 'EUR' })).length) return;
        const stored = storeMoney(plainToInstance(MoneyInput, { amount: value, currency: 'EUR' }), 'amount')!;
        expect(toDecimal(stored.amountExact).eq(toDecimal(value))).toBe(true);
        expect(exactOf(stored.amountExact)).toBe(stored.amountExact);
        expect(stored.amountValue).toBe(Number(stored.amountExact));
        if (typeof value === 'number') expect(stored.amountValue).toBe(value === 0 ? 0 : value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('stored money', () => {
  it('writes the exact string and a float beside it, for links and budgets', () => {
    expect(storeMoney({ amount: '-1234.5670', currency: 'USD', amountEur: 0.125 }, 'amount')).toEqual({
      amountExact: '-1234.567',
      amountValue: -1234.567,
      currency: 'USD',
      amountEurExact: '0.125',
      amountEurValue: 0.125,
    });
    expect(storeMoney(null, 'amount')).toBeNull();
    expect(storeBudget({ amount: 10, currency: 'EUR' })).toEqual({
      budgetExact: '10',
      budgetValue: 10,
      budgetCurrency: 'EUR',
      budgetEurExact: null,
      budgetEurValue: null,
    });
    expect(Object.values(storeBudget(null))).toEqual([null, null, null, null, null]);
  });

  it('names the field when given what validation refuses, rather than storing it', () => {
    expect(() => storeMoney({ amount: '1e3', currency: 'EUR' }, 'relationships.3.amount')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'relationships.3.amount.amount' }) }),
    );
  });

  it('reads Money from the stored strings, with the value date of a FUNDS link', () => {
    const link = fundsMoney({ amountExact: '-1234.567', amountValue: -1234.567, currency: 'USD', amountEurExact: '-1100.5', startDate: '2014-03', valueDate: '2014-03-15' });
    expect({ ...link }).toEqual({ amount: -1234.567, exact: '-1234.567', currency: 'USD', amountEur: -1100.5, exactEur: '-1100.5', valueDate: '2014-03-15' });
    expect(fundsMoney({ amountExact: '5', currency: 'EUR', startDate: '2014' })?.valueDate).toBe('2014');
    expect(fundsMoney({ amountExact: '5', currency: 'EUR' })?.valueDate).toBeUndefined();
    expect(fundsMoney({ currency: 'EUR' })).toBeNull();
    expect({ ...budgetMoney({ budgetExact: '0.05', budgetCurrency: 'XOF' }) }).toEqual({ amount: 0.05, exact: '0.05', currency: 'XOF' });
    expect(readMoney('1', null, null)).toBeNull();
  });

  it('says what is wrong in the words validation uses', () => {
    expect(amountProblem('1e3')).toMatch(/no exponent/);
    expect(amountProblem(-5)).toBeNull();
  });
});
