import type { Money } from '../common/money';

export interface ChainFigures {
  total: Money | null;
  bottleneck: Money | null;
  complete: boolean;
}

/** Amounts are read from cents, so going back to cents is exact and sums stay exact. */
const cents = (amount: number): number => Math.round(amount * 100);

function euros(money: Money): number | null {
  if (money.amountEur !== undefined && money.amountEur !== null) return cents(money.amountEur);
  return money.currency === 'EUR' ? cents(money.amount) : null;
}

function sumMoney(amounts: readonly Money[]): Money | null {
  if (amounts.length === 0) return null;
  const currency = amounts[0].currency;
  if (amounts.some((m) => m.currency !== currency)) return null;
  const eur = amounts.map(euros);
  const total: Money = { amount: amounts.reduce((sum, m) => sum + cents(m.amount), 0) / 100, currency };
  if (eur.every((e) => e !== null)) total.amountEur = eur.reduce((sum, e) => sum + (e as number), 0) / 100;
  return total;
}

/** The smallest amount, in its own currency when all share one, else compared in euros when every one has a euro value. */
function smallest(amounts: readonly Money[]): Money | null {
  if (amounts.length === 0) return null;
  const sameCurrency = amounts.every((m) => m.currency === amounts[0].currency);
  if (sameCurrency) return amounts.reduce((min, m) => (m.amount < min.amount ? m : min));
  const eur = amounts.map(euros);
  if (eur.some((e) => e === null)) return null;
  let best = 0;
  eur.forEach((e, i) => {
    if ((e as number) < (eur[best] as number)) best = i;
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
