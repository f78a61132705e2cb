/**
 * The explorer page: search a node, draw its ego network with sigma.js, filter by link type
 * and date, size and colour nodes by the API's metrics, show details and sources, draw the
 * funding flows as a Sankey chart and download the view. Everything comes from this server's
 * /graphql and /export routes; the libraries are bundled by esbuild at build time.
 */
import { MultiDirectedGraph } from 'graphology';
import Sigma from 'sigma';
import { EdgeArrowProgram, EdgeDoubleArrowProgram, EdgeRectangleProgram } from 'sigma/rendering';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { sankey as d3Sankey, sankeyLinkHorizontal, SankeyGraph } from 'd3-sankey';
import { select } from 'd3-selection';
import { RELATIONSHIP_TYPES, RelationshipTypeName } from '../relationships/relationship-kinds';
import { DETAIL_QUERIES, EGO_QUERY, FLOWS_QUERY, OVERVIEW_QUERY, SEARCH_QUERY, sourcesQuery } from './queries';

type MetricName = 'degree' | 'betweenness' | 'closeness' | 'eigenvector' | 'pagerank';
type ColorBy = 'kind' | 'community' | 'type';

interface Metrics {
  degree: number;
  betweenness: number;
  closeness: number;
  eigenvector: number | null;
  pagerank: number | null;
  community: number;
}

interface ViewNode {
  id: string;
  label: string;
  type: 'Actor' | 'Initiative' | 'Territory';
  kind: string | null;
  metrics: Metrics | null;
}

interface ViewEdge {
  id: string;
  source: string;
  target: string;
  type: RelationshipTypeName;
  properties: Record<string, unknown>;
}

interface ViewNetwork {
  truncated: boolean;
  nodes: ViewNode[];
  edges: ViewEdge[];
  stats: { nodeCount: number; edgeCount: number; density: number; components: number; communities: number; modularity: number | null };
}

interface SourceInfo {
  id: string;
  title: string;
  url: string | null;
  publisher: string | null;
  date: string | null;
  excerpt: string | null;
}

interface SankeyData {
  nodes: { id: string; name: string }[];
  links: { source: string; target: string; value: number; currency: string | null; count: number }[];
  truncated: boolean;
}

/** Colour, thickness and drawing program per link type: arrows where direction matters. */
const EDGE_STYLES: Record<RelationshipTypeName, { color: string; size: number; program: 'arrow' | 'line' | 'both' }> = {
  PARTNERS_WITH: { color: '#1f77b4', size: 2, program: 'both' },
  FUNDS: { color: '#2ca02c', size: 3.5, program: 'arrow' },
  SUPPORTS: { color: '#17becf', size: 2, program: 'arrow' },
  LEADS: { color: '#ff7f0e', size: 2.5, program: 'arrow' },
  PARTICIPATES_IN: { color: '#bcbd22', size: 1.5, program: 'arrow' },
  MEMBER_OF: { color: '#9467bd', size: 2, program: 'arrow' },
  COORDINATES: { color: '#8c564b', size: 2, program: 'arrow' },
  ARTICULATES: { color: '#e377c2', size: 2, program: 'arrow' },
  PART_OF: { color: '#7f7f7f', size: 1, program: 'line' },
  ACTS_IN: { color: '#c7c7c7', size: 1, program: 'line' },
  SUCCEEDED_BY: { color: '#393b79', size: 1.5, program: 'arrow' },
};

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6', '#d37295', '#a0cbe8', '#ffbe7d'];
const TYPE_COLORS: Record<string, string> = { Actor: '#4e79a7', Initiative: '#f28e2b', Territory: '#59a14f' };

const EXPORTS: { label: string; format: string; table?: string }[] = [
  { label: 'Cytoscape', format: 'cytoscape' },
  { label: 'GEXF', format: 'gexf' },
  { label: 'GraphML', format: 'graphml' },
  { label: 'CSV nodes', format: 'csv', table: 'nodes' },
  { label: 'CSV links', format: 'csv', table: 'edges' },
  { label: 'Sankey', format: 'sankey' },
];

const state = {
  centre: null as { id: string; label: string } | null,
  radius: 2,
  types: new Set<RelationshipTypeName>(RELATIONSHIP_TYPES),
  asOf: null as string | null,
  sizeBy: 'betweenness' as MetricName,
  colorBy: 'kind' as ColorBy,
  view: 'graph' as 'graph' | 'funding',
  network: null as ViewNetwork | null,
  selected: null as string | null,
};

let renderer: Sigma | null = null;
let loadCounter = 0;

/**
 * A read-only handle on the live drawing for browser tests and automation: sigma draws on a
 * canvas, so the nodes and their positions on screen are not in the DOM. The page never reads it.
 */
declare global {
  interface Window {
    explorer?: { readonly renderer: Sigma | null; readonly centre: string | null; readonly selected: string | null };
  }
}
window.explorer = {
  get renderer() {
    return renderer;
  },
  get centre() {
    return state.centre?.id ?? null;
  },
  get selected() {
    return state.selected;
  },
};

function $(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (text !== undefined) created.textContent = text;
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  return created;
}

function setStatus(message: string, isError = false): void {
  const status = $('status');
  status.textContent = message;
  status.classList.toggle('error', isError);
}

function authHeaders(): Record<string, string> {
  const key = localStorage.getItem('governance-graph.apiKey');
  return key ? { authorization: `Bearer ${key}` } : {};
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  if (!body) throw new Error(`The API answered ${response.status}`);
  if (body.errors?.length) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data as T;
}

function selectedTypes(): RelationshipTypeName[] | null {
  return state.types.size === RELATIONSHIP_TYPES.length ? null : [...state.types];
}

/* ---------- network view ---------- */

async function loadNetwork(): Promise<void> {
  const ticket = ++loadCounter;
  const types = selectedTypes();
  if (types && types.length === 0) {
    setStatus('Choose at least one relationship type');
    return;
  }
  setStatus('Loading\u2026');
  try {
    const network = state.centre
      ? (await gql<{ egoNetwork: ViewNetwork }>(EGO_QUERY, { id: state.centre.id, radius: state.radius, types, asOf: state.asOf })).egoNetwork
      : (await gql<{ network: ViewNetwork }>(OVERVIEW_QUERY, { types, asOf: state.asOf })).network;
    if (ticket !== loadCounter) return;
    state.network = network;
    const centre = state.centre && network.nodes.find((node) => node.id === state.centre!.id);
    if (centre && state.centre) {
      // A view opened from a link (?id=) knows the id only until the network arrives.
      state.centre.label = centre.label;
      $('centre').textContent = `Around: ${centre.label}`;
    }
    drawNetwork(network);
    drawStats(network);
    const when = state.asOf ? ` as of ${state.asOf}` : '';
    setStatus(`${network.nodes.length} nodes, ${network.edges.length} links${when}${network.truncated ? ' (cut by a limit)' : ''}`);
    if (state.view === 'funding') await loadFunding();
  } catch (error) {
    if (ticket === loadCounter) setStatus((error as Error).message, true);
  }
}

function metricValue(node: ViewNode, metric: MetricName): number {
  const value = node.metrics?.[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Colours follow the order of first appearance of a category, so a redraw keeps them stable for the same data. */
function colorScale(network: ViewNetwork, colorBy: ColorBy): { color: (node: ViewNode) => string; legend: [string, string][] } {
  if (colorBy === 'type') {
    return { color: (node) => TYPE_COLORS[node.type] ?? '#999', legend: Object.entries(TYPE_COLORS) };
  }
  const keyOf = (node: ViewNode) => (colorBy === 'community' ? `community ${node.metrics?.community ?? '?'}` : node.kind ?? node.type);
  const keys = [...new Set(network.nodes.map(keyOf))];
  if (colorBy === 'community') keys.sort((a, b) => Number(a.split(' ')[1]) - Number(b.split(' ')[1]));
  const colors = new Map(keys.map((key, index) => [key, PALETTE[index % PALETTE.length]]));
  return { color: (node) => colors.get(keyOf(node)) ?? '#999', legend: [...colors] };
}

function drawNetwork(network: ViewNetwork): void {
  const graph = new MultiDirectedGraph();
  const metric = state.sizeBy;
  const values = network.nodes.map((node) => metricValue(node, metric));
  const max = Math.max(...values, 0);
  const { color, legend } = colorScale(network, state.colorBy);
  network.nodes.forEach((node, index) => {
    // A circle is a fair start for ForceAtlas2 and gives the same drawing for the same data.
    const angle = (2 * Math.PI * index) / Math.max(network.nodes.length, 1);
    graph.addNode(node.id, {
      label: node.label,
      x: Math.cos(angle) * 100,
      y: Math.sin(angle) * 100,
      size: 4 + (max > 0 ? (metricValue(node, metric) / max) * 16 : 4),
      color: color(node),
      nodeType: node.type,
      // Sigma hides the labels of small nodes, and the node searched for may have a low score.
      forceLabel: node.id === state.centre?.id,
    });
  });
  for (const edge of network.edges) {
    const style = EDGE_STYLES[edge.type];
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      label: edge.type,
      color: style.color,
      size: style.size,
      type: style.program,
    });
  }
  if (graph.order > 1) {
    forceAtlas2.assign(graph, { iterations: 200, settings: { ...forceAtlas2.inferSettings(graph), adjustSizes: false } });
  }
  renderer?.kill();
  renderer = new Sigma(graph, $('graph'), {
    renderEdgeLabels: false,
    allowInvalidContainer: true,
    defaultEdgeType: 'arrow',
    edgeProgramClasses: { arrow: EdgeArrowProgram, line: EdgeRectangleProgram, both: EdgeDoubleArrowProgram },
    nodeReducer: (node, data) => {
      if (!state.selected) return data;
      if (node === state.selected) return { ...data, highlighted: true, zIndex: 2 };
      return graph.areNeighbors(node, state.selected) ? data : { ...data, color: '#d5d8dc', label: '' };
    },
    edgeReducer: (edge, data) => {
      if (!state.selected) return data;
      return graph.hasExtremity(edge, state.selected) ? data : { ...data, color: '#eceef0' };
    },
  });
  renderer.on('clickNode', ({ node }) => {
    state.selected = node;
    renderer?.refresh();
    void showDetails(node);
  });
  renderer.on('doubleClickNode', ({ node, preventSigmaDefault }) => {
    preventSigmaDefault();
    const target = network.nodes.find((candidate) => candidate.id === node);
    if (target) centreOn(target.id, target.label);
  });
  renderer.on('clickStage', () => {
    state.selected = null;
    renderer?.refresh();
  });
  drawLegend(legend);
}

function drawLegend(nodeLegend: [string, string][]): void {
  const legend = $('legend');
  legend.replaceChildren();
  for (const [name, color] of nodeLegend) {
    const row = element('div');
    row.append(element('span', undefined, { class: 'dot', style: `background:${color}` }), element('span', name));
    legend.append(row);
  }
}

function drawStats(network: ViewNetwork): void {
  const stats = $('stats');
  stats.replaceChildren();
  const rows: [string, string][] = [
    ['nodes', String(network.stats.nodeCount)],
    ['links', String(network.stats.edgeCount)],
    ['density', network.stats.density.toFixed(3)],
    ['components', String(network.stats.components)],
    ['communities', String(network.stats.communities)],
    ['modularity', network.stats.modularity === null ? '\u2013' : network.stats.modularity.toFixed(3)],
  ];
  for (const [name, value] of rows) stats.append(element('dt', name), element('dd', value));
}

/* ---------- details panel ---------- */

function safeUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
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

async function showDetails(nodeId: string): Promise<void> {
  const network = state.network;
  const node = network?.nodes.find((candidate) => candidate.id === nodeId);
  if (!network || !node) return;
  const panel = $('panel');
  panel.hidden = false;
  panel.replaceChildren();
  const close = element('button', '\u00d7', { id: 'panel-close', 'aria-label': 'Close', type: 'button' });
  close.addEventListener('click', () => {
    panel.hidden = true;
    state.selected = null;
    renderer?.refresh();
  });
  panel.append(close, element('h2', node.label), element('p', `${node.type}${node.kind ? ' \u00b7 ' + node.kind : ''}`, { class: 'meta' }));

  const actions = element('div', undefined, { class: 'actions' });
  const centre = element('button', 'Centre the view here', { type: 'button' });
  centre.addEventListener('click', () => centreOn(node.id, node.label));
  const funding = element('button', 'Funding flows', { type: 'button' });
  funding.addEventListener('click', () => {
    centreOn(node.id, node.label);
    setView('funding');
  });
  actions.append(centre, funding);
  panel.append(actions);

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

  try {
    const data = await gql<{ node: (Record<string, unknown> & { sources: SourceInfo[] }) | null }>(DETAIL_QUERIES[node.type], { id: nodeId });
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

/* ---------- funding view ---------- */

async function loadFunding(): Promise<void> {
  const target = $('sankey');
  target.replaceChildren();
  if (!state.centre) {
    target.append(element('p', 'Search or double-click a funder or a recipient to see its funding flows.'));
    return;
  }
  const direction = ($('flow-direction') as HTMLSelectElement).value;
  try {
    const { fundingFlows } = await gql<{ fundingFlows: SankeyData }>(FLOWS_QUERY, { rootId: state.centre.id, direction, asOf: state.asOf });
    drawSankey(fundingFlows, target);
  } catch (error) {
    target.append(element('p', (error as Error).message, { class: 'meta' }));
  }
}

function drawSankey(data: SankeyData, target: HTMLElement): void {
  if (data.links.length === 0) {
    target.append(element('p', `No FUNDS links ${($('flow-direction') as HTMLSelectElement).value === 'DOWNSTREAM' ? 'from' : 'to'} ${state.centre?.label}.`));
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
  const currencies = new Set(data.links.map((link) => link.currency).filter(Boolean));
  if (currencies.size > 1) target.append(element('p', `Amounts are in several currencies (${[...currencies].join(', ')}); widths compare them as they are.`, { class: 'meta' }));
  if (data.truncated) target.append(element('p', 'A limit left some flows out.', { class: 'meta' }));
}

/* ---------- downloads ---------- */

function exportUrl(format: string, table?: string): string {
  const params = new URLSearchParams();
  if (format === 'sankey') {
    params.set('rootId', state.centre!.id);
    params.set('direction', ($('flow-direction') as HTMLSelectElement).value.toLowerCase());
  } else {
    params.set('id', state.centre!.id);
    params.set('radius', String(state.radius));
    const types = selectedTypes();
    if (types) params.set('types', types.join(','));
    if (table) params.set('table', table);
  }
  if (state.asOf) params.set('asOf', state.asOf);
  return `/export/${format}?${params}`;
}

async function download(format: string, table?: string): Promise<void> {
  if (!state.centre) {
    setStatus('Choose a node first: downloads hold the ego network of the centre node', true);
    return;
  }
  try {
    const response = await fetch(exportUrl(format, table), { headers: authHeaders() });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null;
      throw new Error(body?.errors?.[0]?.message ?? `Download failed (${response.status})`);
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `export.${format}`;
    const url = URL.createObjectURL(await response.blob());
    const link = element('a', undefined, { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    setStatus((error as Error).message, true);
  }
}

/* ---------- search and controls ---------- */

function centreOn(id: string, label: string): void {
  state.centre = { id, label };
  state.selected = id;
  $('centre').textContent = `Around: ${label}`;
  const url = new URL(location.href);
  url.searchParams.set('id', id);
  history.replaceState(null, '', url);
  void loadNetwork().then(() => showDetails(id));
}

function setView(view: 'graph' | 'funding'): void {
  state.view = view;
  document.querySelectorAll<HTMLButtonElement>('nav button').forEach((button) => button.setAttribute('aria-pressed', String(button.dataset.view === view)));
  $('graph').hidden = view !== 'graph';
  $('funding').hidden = view !== 'funding';
  if (view === 'funding') void loadFunding();
  else renderer?.resize(true).refresh();
}

function setupSearch(): void {
  const input = $('search') as HTMLInputElement;
  const results = $('search-results');
  let timer: number | undefined;
  let hits: { id: string; name: string; label: string }[] = [];
  let active = -1;
  const choose = (index: number) => {
    const hit = hits[index];
    if (!hit) return;
    results.replaceChildren();
    input.value = hit.name;
    centreOn(hit.id, hit.name);
  };
  const render = () => {
    results.replaceChildren(
      ...hits.map((hit, index) => {
        const item = element('li', hit.name, { role: 'option', 'aria-selected': String(index === active), 'data-id': hit.id });
        item.append(element('small', hit.label));
        item.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(index);
        });
        return item;
      }),
    );
  };
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) {
      hits = [];
      render();
      return;
    }
    timer = window.setTimeout(async () => {
      try {
        const data = await gql<{ search: { label: string; node: { id: string; name: string } }[] }>(SEARCH_QUERY, { text });
        if (input.value.trim() !== text) return;
        hits = data.search.map((hit) => ({ id: hit.node.id, name: hit.node.name, label: hit.label }));
        active = hits.length ? 0 : -1;
        render();
      } catch (error) {
        setStatus((error as Error).message, true);
      }
    }, 200);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (hits.length) active = (active + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      render();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      hits = [];
      render();
    }
  });
  input.addEventListener('blur', () => window.setTimeout(() => results.replaceChildren(), 150));
}

function setupControls(): void {
  const typesBox = $('types');
  for (const type of RELATIONSHIP_TYPES) {
    const label = element('label');
    const box = element('input', undefined, { type: 'checkbox', value: type });
    box.checked = true;
    box.addEventListener('change', () => {
      if (box.checked) state.types.add(type);
      else state.types.delete(type);
      void loadNetwork();
    });
    label.append(box, element('span', undefined, { class: 'swatch', style: `background:${EDGE_STYLES[type].color}` }), element('span', type));
    typesBox.append(label);
  }

  const radius = $('radius') as HTMLSelectElement;
  radius.addEventListener('change', () => {
    state.radius = Number(radius.value);
    if (state.centre) void loadNetwork();
  });

  const slider = $('asof') as HTMLInputElement;
  const enabled = $('asof-on') as HTMLInputElement;
  const label = $('asof-label');
  slider.max = String(new Date().getFullYear());
  let timer: number | undefined;
  const update = () => {
    label.textContent = enabled.checked ? slider.value : 'any date';
    state.asOf = enabled.checked ? slider.value : null;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void loadNetwork(), 250);
  };
  label.textContent = 'any date';
  slider.addEventListener('input', () => {
    enabled.checked = true;
    update();
  });
  enabled.addEventListener('change', update);

  ($('size-by') as HTMLSelectElement).addEventListener('change', (event) => {
    state.sizeBy = (event.target as HTMLSelectElement).value as MetricName;
    if (state.network) drawNetwork(state.network);
  });
  ($('color-by') as HTMLSelectElement).addEventListener('change', (event) => {
    state.colorBy = (event.target as HTMLSelectElement).value as ColorBy;
    if (state.network) drawNetwork(state.network);
  });
  ($('flow-direction') as HTMLSelectElement).addEventListener('change', () => void loadFunding());

  document.querySelectorAll<HTMLButtonElement>('nav button').forEach((button) =>
    button.addEventListener('click', () => setView(button.dataset.view === 'funding' ? 'funding' : 'graph')),
  );

  const downloads = $('downloads');
  for (const { label: text, format, table } of EXPORTS) {
    const button = element('button', text, { type: 'button', 'data-format': format });
    button.addEventListener('click', () => void download(format, table));
    downloads.append(button);
  }

  const key = $('api-key') as HTMLInputElement;
  key.value = localStorage.getItem('governance-graph.apiKey') ?? '';
  key.addEventListener('change', () => {
    if (key.value.trim()) localStorage.setItem('governance-graph.apiKey', key.value.trim());
    else localStorage.removeItem('governance-graph.apiKey');
    void loadNetwork();
  });
}

function start(): void {
  setupSearch();
  setupControls();
  const id = new URL(location.href).searchParams.get('id');
  if (id) centreOn(id, id);
  else void loadNetwork();
}

start();
