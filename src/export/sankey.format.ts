import type { NetworkData } from '../network/network.type';
import type { Sankey } from '../network/funding.type';

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
 * receive appear. Sums are done in cents so that 0.1 + 0.2 stays 0.3.
 */
export function sankeyFromNetwork(network: NetworkData): SankeyJson {
  const names = new Map(network.nodes.map((node) => [node.id, node.label]));
  const flows = new Map<string, { source: string; target: string; cents: number; currency: string | null; count: number }>();
  for (const edge of network.edges) {
    if (edge.type !== 'FUNDS') continue;
    const amount = typeof edge.properties?.amount === 'number' ? edge.properties.amount : null;
    const currency = amount === null ? null : typeof edge.properties?.currency === 'string' ? edge.properties.currency : null;
    const key = JSON.stringify([edge.source, edge.target, currency]);
    const flow = flows.get(key) ?? { source: edge.source, target: edge.target, cents: 0, currency, count: 0 };
    flow.cents += amount === null ? 0 : Math.round(amount * 100);
    flow.count += 1;
    flows.set(key, flow);
  }
  const involved = new Set([...flows.values()].flatMap((flow) => [flow.source, flow.target]));
  return {
    nodes: network.nodes.filter((node) => involved.has(node.id)).map((node) => ({ id: node.id, name: names.get(node.id) ?? node.id })),
    links: [...flows.values()].map(({ source, target, cents, currency, count }) => ({ source, target, value: cents / 100, currency, count })),
    truncated: network.truncated,
  };
}
