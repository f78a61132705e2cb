import { compareExact, Money, readMoney, sumExact } from '../common/money';

export interface ChainFigures {
  total: Money | null;
  bottleneck: Money | null;
  complete: boolean;
}

/** The exact euro amount: amountEur when known, else the amount itself when it is in euros. */
function euros(money: Money): string | null {
  if (money.exactEur !== undefined && money.exactEur !== null) return money.exactEur;
  return money.currency === 'EUR' ? money.exact : null;
}

/** Summed exactly (decimal strings, never floats); null when currencies differ. */
function sumMoney(amounts: readonly Money[]): Money | null {
  if (amounts.length === 0) return null;
  const currency = amounts[0].currency;
  if (amounts.some((m) => m.currency !== currency)) return null;
  const eur = amounts.map(euros);
  const eurTotal = eur.every((e): e is string => e !== null) ? sumExact(eur as string[]) : null;
  return readMoney(sumExact(amounts.map((m) => m.exact)), currency, eurTotal);
}

/** The smallest amount, in its own currency when all share one, else compared in euros when every one has a euro value. */
function smallest(amounts: readonly Money[]): Money | null {
  if (amounts.length === 0) return null;
  const sameCurrency = amounts.every((m) => m.currency === amounts[0].currency);
  if (sameCurrency) return amounts.reduce((min, m) => (compareExact(m.exact, min.exact) < 0 ? m : min));
  const eur = amounts.map(euros);
  if (eur.some((e) => e === null)) return null;
  let best = 0;
  eur.forEach((e, i) => {
    if (compareExact(e as string, eur[best] as string) < 0) best = i;
  });
  return amounts[best];
}

/**
 * Total and bottleneck of a chain over the steps whose amount is known; `complete` says
 * whether that is every step (a source often names a funder without the sum).
 */
export function chainFigures(amounts: readonly (Money | null)[]): ChainFigures {
  const known = amounts.filter((m): m is Money => m !== null);
  return { total: sumMoney(known), bottleneck: smallest(known), complete: known.length === amounts.length };
}
