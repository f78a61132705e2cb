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
export function sumMoney(amounts: readonly Money[]): Money | null {
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
 * Figures of a chain given the amounts of each leg's links: the total of every known step
 * amount, the bottleneck as the smallest leg (a leg being the sum of its links), and whether
 * every step has an amount (a source often names a funder without the sum).
 */
export function chainFigures(legs: readonly (readonly (Money | null)[])[]): ChainFigures {
  const steps = legs.flat();
  const known = steps.filter((m): m is Money => m !== null);
  const legSums = legs.map((amounts) => sumMoney(amounts.filter((m): m is Money => m !== null)));
  const bottleneck = legSums.every((sum): sum is Money => sum !== null) ? smallest(legSums as Money[]) : smallest(known);
  return { total: sumMoney(known), bottleneck, complete: known.length === steps.length };
}
