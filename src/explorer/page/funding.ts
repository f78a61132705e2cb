import { sankey as d3Sankey, sankeyLinkHorizontal, SankeyGraph } from 'd3-sankey';
import { select } from 'd3-selection';
import { FLOWS_QUERY } from '../queries';
import { gql } from './api';
import { $, element } from './dom';
import { state } from './state';
import { PALETTE } from './styles';
import { SankeyData } from './types';

export function flowDirection(): string {
  return ($('flow-direction') as HTMLSelectElement).value;
}

/** The stage and currency the Sankey is drawn in; stages are never added together. */
function flowMeasure(): { stage: string; currency: string | null } {
  return { stage: ($('flow-stage') as HTMLSelectElement).value, currency: ($('flow-currency') as HTMLSelectElement).value || null };
}

export async function loadFunding(): Promise<void> {
  const target = $('sankey');
  target.replaceChildren();
  if (!state.centre) {
    target.append(element('p', 'Search or double-click a funder or a recipient to see its funding flows.'));
    return;
  }
  const direction = flowDirection();
  try {
    const { fundingFlows } = await gql<{ fundingFlows: SankeyData }>(FLOWS_QUERY, { rootId: state.centre.id, direction, asOf: state.asOf, ...flowMeasure() });
    drawSankey(fundingFlows, target);
  } catch (error) {
    target.append(element('p', (error as Error).message, { class: 'meta' }));
  }
}

function drawSankey(data: SankeyData, target: HTMLElement): void {
  if (data.links.length === 0) {
    target.append(element('p', `No FUNDS links ${flowDirection() === 'DOWNSTREAM' ? 'from' : 'to'} ${state.centre?.label}.`));
    return;
  }
  // Links without a known amount still show, thinly, so that the chain is visible.
  const known = data.links.map((link) => link.value).filter((value) => value > 0);
  const floor = known.length ? Math.min(...known) * 0.05 : 1;
  const width = Math.max(target.clientWidth - 24, 600);
  const height = Math.max(320, data.nodes.length * 28);
  type N = { id: string; name: string };
  type L = { source: string; target: string; value: number; amount: number; currency: string | null; count: number };
  const layout = d3Sankey<N, L>()
    .nodeId((node) => node.id)
    .nodeWidth(14)
    .nodePadding(12)
    .extent([[8, 8], [width - 8, height - 8]]);
  let graph: SankeyGraph<N, L>;
  try {
    graph = layout({
      nodes: data.nodes.map((node) => ({ ...node })),
      links: data.links.map((link) => ({ ...link, amount: link.value, value: Math.max(link.value, floor) })),
    });
  } catch (error) {
    target.append(element('p', `These flows cannot be drawn as a Sankey chart: ${(error as Error).message}`));
    return;
  }
  const svg = select(target).append('svg').attr('width', width).attr('height', height).attr('role', 'img').attr('aria-label', 'Funding flows');
  const color = new Map(data.nodes.map((node, index) => [node.id, PALETTE[index % PALETTE.length]]));
  svg
    .append('g')
    .attr('fill', 'none')
    .selectAll('path')
    .data(graph.links)
    .join('path')
    .attr('d', sankeyLinkHorizontal())
    .attr('stroke', (link) => color.get((link.source as N).id) ?? '#999')
    .attr('stroke-opacity', (link) => (link.amount > 0 ? 0.45 : 0.2))
    .attr('stroke-width', (link) => Math.max(1, link.width ?? 1))
    .append('title')
    .text((link) => `${(link.source as N).name} \u2192 ${(link.target as N).name}: ${link.amount > 0 ? `${link.amount.toLocaleString()} ${link.currency ?? ''}` : 'amount unknown'} (${link.count} link${link.count > 1 ? 's' : ''})`);
  const nodes = svg.append('g').selectAll('g').data(graph.nodes).join('g');
  nodes
    .append('rect')
    .attr('x', (node) => node.x0 ?? 0)
    .attr('y', (node) => node.y0 ?? 0)
    .attr('width', (node) => (node.x1 ?? 0) - (node.x0 ?? 0))
    .attr('height', (node) => Math.max(1, (node.y1 ?? 0) - (node.y0 ?? 0)))
    .attr('fill', (node) => color.get(node.id) ?? '#999');
  nodes
    .append('text')
    .attr('x', (node) => ((node.x0 ?? 0) < width / 2 ? (node.x1 ?? 0) + 6 : (node.x0 ?? 0) - 6))
    .attr('y', (node) => ((node.y0 ?? 0) + (node.y1 ?? 0)) / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', (node) => ((node.x0 ?? 0) < width / 2 ? 'start' : 'end'))
    .text((node) => node.name);
  const unconverted = data.links.reduce((sum, link) => sum + link.unconverted, 0);
  if (unconverted > 0) target.append(element('p', `${unconverted} amount(s) had no exchange rate at their date and are left out.`, { class: 'meta' }));
  const currencies = new Set(data.links.map((link) => link.currency).filter(Boolean));
  if (currencies.size > 1) target.append(element('p', `Amounts are in several currencies (${[...currencies].join(', ')}); widths compare them as they are.`, { class: 'meta' }));
  if (data.truncated) target.append(element('p', 'A limit left some flows out.', { class: 'meta' }));
}
