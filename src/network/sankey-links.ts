import { AmountConverter, sumExact } from '../common/money';
import type { FlowRow } from './queries';
import type { SankeyLink } from './funding.type';

/** One Sankey link per (source, target, currency), in the links' own currency. */
export function sankeyLink(flow: FlowRow): SankeyLink {
  const exact = sumExact(flow.amounts.map((amount) => amount.exact));
  return { source: flow.source, target: flow.target, value: Number(exact), exact, currency: flow.currency, count: flow.links, unconverted: 0 };
}

/**
 * One Sankey link per (source, target) in `currency`: each amount converted at its own value
 * date, then added exactly. Amounts with no rate stay out of the value and are counted apart.
 */
export function sankeyLinksIn(flows: readonly FlowRow[], currency: string, converter: AmountConverter): SankeyLink[] {
  const links = new Map<string, { link: SankeyLink; amounts: string[] }>();
  for (const flow of flows) {
    const key = `${flow.source}\u0000${flow.target}`;
    let entry = links.get(key);
    if (!entry) {
      entry = { link: { source: flow.source, target: flow.target, value: 0, exact: '0', currency, count: 0, unconverted: 0 }, amounts: [] };
      links.set(key, entry);
    }
    entry.link.count += flow.links;
    for (const amount of flow.amounts) {
      const converted = flow.currency ? converter.convert(amount.exact, flow.currency, currency, amount.date)?.exact : undefined;
      if (converted === undefined) entry.link.unconverted++;
      else entry.amounts.push(converted);
    }
  }
  return [...links.values()].map(({ link, amounts }) => {
    const exact = sumExact(amounts);
    return { ...link, exact, value: Number(exact) };
  });
}
