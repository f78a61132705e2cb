import { DETAIL_QUERIES, sourcesQuery } from '../queries';
import { gql } from './api';
import { showCandidates } from './candidates';
import { $, element, safeUrl } from './dom';
import { resizeGraph } from './graph-view';
import { state } from './state';
import { SourceInfo, ViewEdge, ViewNode } from './types';

export interface PanelActions {
  centreOn(id: string, label: string): void;
  showFunding(node: ViewNode): void;
  reloadView(): Promise<void>;
}


function sourceItem(source: SourceInfo): HTMLLIElement {
  const item = element('li');
  const href = safeUrl(source.url);
  if (href) item.append(element('a', source.title, { href, target: '_blank', rel: 'noopener noreferrer' }));
  else item.append(element('span', source.title));
  const meta = [source.publisher, source.date].filter(Boolean).join(', ');
  if (meta) item.append(element('span', ` \u2014 ${meta}`));
  if (source.excerpt) item.append(element('blockquote', source.excerpt));
  return item;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (value && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export async function showDetails(nodeId: string, actions: PanelActions): Promise<void> {
  const network = state.network;
  const node = network?.nodes.find((candidate) => candidate.id === nodeId);
  if (!network || !node) return;
  const panel = $('panel');
  const opening = panel.hidden;
  panel.hidden = false;
  // The drawing gives up the panel's width: sigma sizes its canvases to its container only when it draws.
  if (opening) resizeGraph();
  panel.replaceChildren();
  const close = element('button', '\u00d7', { id: 'panel-close', 'aria-label': 'Close', type: 'button' });
  close.addEventListener('click', () => {
    panel.hidden = true;
    state.selected = null;
    resizeGraph();
  });
  panel.append(close, element('h2', node.label), element('p', `${node.type}${node.kind ? ' \u00b7 ' + node.kind : ''}`, { class: 'meta' }));

  const buttons = element('div', undefined, { class: 'actions' });
  const centre = element('button', 'Centre the view here', { type: 'button' });
  centre.addEventListener('click', () => actions.centreOn(node.id, node.label));
  const funding = element('button', 'Funding flows', { type: 'button' });
  funding.addEventListener('click', () => actions.showFunding(node));
  buttons.append(centre, funding);
  panel.append(buttons);

  if (node.metrics) {
    panel.append(element('h3', 'In this view'));
    const list = element('ul');
    for (const name of ['degree', 'betweenness', 'closeness', 'eigenvector', 'pagerank', 'community'] as const) {
      const value = node.metrics[name];
      list.append(element('li', `${name}: ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(4) : value ?? '\u2013'}`));
    }
    panel.append(list);
  }

  const details = element('div');
  const links = network.edges.filter((edge) => edge.source === nodeId || edge.target === nodeId);
  panel.append(details, element('h3', `Links in this view (${links.length})`));
  const labels = new Map(network.nodes.map((candidate) => [candidate.id, candidate.label]));
  const linkList = element('ul');
  for (const link of links) {
    const outgoing = link.source === nodeId;
    const other = labels.get(outgoing ? link.target : link.source) ?? '?';
    const facts = Object.entries(link.properties)
      .filter(([key]) => !['sourceIds', 'description', 'excerpt'].includes(key))
      .map(([key, value]) => `${key}: ${describeValue(value)}`);
    const item = element('li', `${outgoing ? '\u2192' : '\u2190'} ${link.type} ${other}${facts.length ? ` (${facts.join('; ')})` : ''}`);
    if (typeof link.properties.description === 'string') item.append(element('blockquote', link.properties.description));
    linkList.append(item);
  }
  panel.append(linkList);

  // Loaded on its own: the details below do not wait for the duplicate finder, nor it for them.
  if (node.type === 'Actor') {
    void showCandidates(panel, node, { centreOn: actions.centreOn, reloadView: actions.reloadView, refreshPanel: () => void showDetails(node.id, actions) });
  }

  try {
    const data = await gql<{ node: (Record<string, unknown> & { sources: SourceInfo[] }) | null }>(DETAIL_QUERIES[node.type], { id: nodeId });
    // The user may have clicked another node while this one's details were on their way.
    if (state.selected !== nodeId || !data.node) return;
    const facts = element('ul');
    for (const [key, value] of Object.entries(data.node)) {
      if (['id', 'name', 'sources'].includes(key) || value === null || (Array.isArray(value) && value.length === 0)) continue;
      if (key === 'website') {
        const href = safeUrl(String(value));
        const item = element('li', 'website: ');
        if (href) item.append(element('a', href, { href, target: '_blank', rel: 'noopener noreferrer' }));
        facts.append(item);
        continue;
      }
      facts.append(element('li', `${key}: ${describeValue(value)}`));
    }
    details.append(element('h3', 'Details'), facts, element('h3', `Sources (${data.node.sources.length})`));
    const sources = element('ul');
    data.node.sources.forEach((source) => sources.append(sourceItem(source)));
    details.append(sources);
    await showLinkSources(links, details, nodeId);
  } catch (error) {
    details.append(element('p', (error as Error).message, { class: 'meta' }));
  }
}

/** The documents behind the node's links, in one request (bounded by the API's alias limit). */
async function showLinkSources(links: ViewEdge[], container: HTMLElement, nodeId: string): Promise<void> {
  const ids = [...new Set(links.flatMap((link) => (Array.isArray(link.properties.sourceIds) ? (link.properties.sourceIds as string[]) : [])))];
  if (ids.length === 0) return;
  const { query, variables } = sourcesQuery(ids);
  const data = await gql<Record<string, SourceInfo | null>>(query, variables);
  if (state.selected !== nodeId) return;
  const list = element('ul');
  Object.values(data).forEach((source) => source && list.append(sourceItem(source)));
  container.append(element('h3', 'Sources of these links'), list);
}
