import type { NetworkData } from '../network/network.type';
import type { Sankey } from '../network/funding.type';
import { exactOf, sumExact } from '../common/money';

/** The JSON shape of Query.fundingFlows, so one Sankey drawing code reads both. */
export interface SankeyJson {
  nodes: { id: string; name: string }[];
  links: { source: string; target: string; value: number; currency: string | null; count: number }[];
  truncated: boolean;
}

export function sankeyJson(sankey: Sankey): SankeyJson {
  return {
    nodes: sankey.nodes.map(({ id, name }) => ({ id, name })),
    links: sankey.links.map(({ source, target, value, currency, count }) => ({ source, target, value, currency, count })),
    truncated: sankey.truncated,
  };
}

/**
 * The FUNDS links of a returned network in fundingFlows' shape: summed per funder, recipient and
 * currency, a link without an amount counting 0 with currency null. Only nodes that give or
 * receive appear. Sums are exact (decimal strings, amountExact when the network has it) so
 * that 0.1 + 0.2 stays 0.3.
 */
export function sankeyFromNetwork(network: NetworkData): SankeyJson {
  const names = new Map(network.nodes.map((node) => [node.id, node.label]));
  const flows = new Map<string, { source: string; target: string; amounts: string[]; currency: string | null; count: number }>();
  for (const edge of network.edges) {
    if (edge.type !== 'FUNDS') continue;
    const amount = typeof edge.properties?.amount === 'number' ? edge.properties.amount : null;
    const currency = amount === null ? null : typeof edge.properties?.currency === 'string' ? edge.properties.currency : null;
    const exact = amount === null ? null : typeof edge.properties?.amountExact === 'string' ? edge.properties.amountExact : exactOf(amount);
    const key = JSON.stringify([edge.source, edge.target, currency]);
    const flow = flows.get(key) ?? { source: edge.source, target: edge.target, amounts: [], currency, count: 0 };
    if (exact !== null) flow.amounts.push(exact);
    flow.count += 1;
    flows.set(key, flow);
  }
  const involved = new Set([...flows.values()].flatMap((flow) => [flow.source, flow.target]));
  return {
    nodes: network.nodes.filter((node) => involved.has(node.id)).map((node) => ({ id: node.id, name: names.get(node.id) ?? node.id })),
    links: [...flows.values()].map(({ source, target, amounts, currency, count }) => ({ source, target, value: Number(sumExact(amounts)), currency, count })),
    truncated: network.truncated,
  };
}
