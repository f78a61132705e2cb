import type { Overview } from '../../overview/overview.type';
import { ANALYSIS_JOB_QUERY, COMMUNITY_NETWORK_QUERY, START_ANALYSIS_MUTATION } from '../queries';
import { authHeaders, gql } from './api';
import { $, setStatus } from './dom';
import { drawNetwork, drawStatRows, GraphEvents } from './graph-view';
import { state } from './state';
import { ViewNetwork } from './types';

/**
 * The overview of a graph too big to lay out in the page (GET /overview): the most central nodes
 * of the current analysis where its ForceAtlas2 run placed them, sized by PageRank and coloured
 * by community; the community meta-graph; one community drawn alone. Before any analysis, the page
 * says so and offers to start one (an editor key is needed).
 */

export async function fetchOverview(query: { nodes: number; links?: number; community?: number | null }): Promise<Overview> {
  const params = new URLSearchParams({ nodes: String(query.nodes) });
  if (query.links !== undefined) params.set('links', String(query.links));
  if (query.community !== undefined && query.community !== null) params.set('community', String(query.community));
  const response = await fetch(`/overview?${params}`, { headers: authHeaders() });
  const body = (await response.json().catch(() => null)) as (Overview & { errors?: { message: string }[] }) | null;
  if (!response.ok || !body) throw new Error(body?.errors?.[0]?.message ?? `The overview answered ${response.status}`);
  return body;
}

/** The whole graph's size only: whether the page can lay it out itself, and whether an analysis exists. */
export const fetchGraphSize = () => fetchOverview({ nodes: 1, links: 0 });

function showActions(mode: 'overview' | 'communities' | 'community' | 'no-analysis' | 'around-a-node' | 'none'): void {
  $('overview-actions').hidden = mode === 'none';
  $('overview-communities').hidden = mode === 'no-analysis' || mode === 'communities' || mode === 'around-a-node';
  $('overview-whole').hidden = mode === 'overview' || mode === 'no-analysis';
  $('overview-start').hidden = mode !== 'no-analysis';
}

/** Views other than the overview's: on a large graph, "Whole graph" leads back to it. */
export function hideOverviewActions(): void {
  showActions(state.largeGraph ? 'around-a-node' : 'none');
}

function asViewNetwork(overview: Overview): ViewNetwork {
  return {
    truncated: overview.truncated,
    nodes: overview.nodes.map((node) => ({
      id: node.id,
      label: node.label,
      type: node.type,
      kind: node.kind,
      metrics: { degree: 0, betweenness: 0, closeness: 0, eigenvector: null, pagerank: node.pagerank, community: node.community ?? -1 },
    })),
    edges: overview.links.map((link) => ({ ...link, properties: {} })),
    stats: { nodeCount: overview.nodes.length, edgeCount: overview.links.length, density: 0, components: 0, communities: 0, modularity: null },
  };
}

/** Sizes by PageRank and colours by community on entering an overview, as Gephi users expect; the controls can change both after. */
function overviewDrawing(): void {
  state.sizeBy = 'pagerank';
  state.colorBy = 'community';
  ($('size-by') as HTMLSelectElement).value = 'pagerank';
  ($('color-by') as HTMLSelectElement).value = 'community';
}

function positionsOf(overview: Overview): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  overview.nodes.forEach((node, index) => {
    // A node the layout did not place (the job ran without it) goes on a ring, never on another.
    const angle = (2 * Math.PI * index) / overview.nodes.length;
    positions.set(node.id, node.x !== null && node.y !== null ? { x: node.x, y: node.y } : { x: Math.cos(angle) * 1000, y: Math.sin(angle) * 1000 });
  });
  return positions;
}

const count = (n: number) => n.toLocaleString('en');

/** Draws the overview (or one community of it) and says what is drawn, out of what. */
export function drawOverview(overview: Overview, events: GraphEvents): void {
  const analysis = overview.analysis!;
  const network = asViewNetwork(overview);
  state.network = network;
  state.changedLinks = new Set();
  overviewDrawing();
  drawNetwork(network, events, { positions: positionsOf(overview) });
  const scope = overview.community === null ? 'the whole graph' : `community ${overview.community}`;
  $('centre').textContent = overview.community === null ? 'Overview of the whole graph' : `Community ${overview.community} (overview)`;
  drawStatRows([
    ['drawn nodes', count(overview.nodes.length)],
    ['drawn links', count(overview.links.length)],
    ['graph nodes', count(overview.graph.nodes)],
    ['graph links', count(overview.graph.links)],
    ['communities', analysis.communityCount === null ? '\u2013' : count(analysis.communityCount)],
    ['modularity', analysis.modularity === null ? '\u2013' : analysis.modularity.toFixed(3)],
  ]);
  showActions(overview.community === null ? 'overview' : 'community');
  const cut = overview.truncated ? `, the most central of ${count(overview.community === null ? analysis.nodeCount : overview.nodes.length)} analysed` : '';
  setStatus(
    `${overview.nodes.length} nodes, ${overview.links.length} links: overview of ${scope}${cut}, laid out by the analysis of ${analysis.computedAt.slice(0, 10)}. Double-click a node to explore around it`,
  );
}

/** The community meta-graph: one node per community at the mean place of its nodes, links weighted by the links between them. */
export async function drawCommunities(events: GraphEvents, openCommunity: (id: number) => void): Promise<void> {
  setStatus('Loading the communities\u2026');
  const { communityNetwork } = await gql<{
    communityNetwork: { jobId: string; nodes: { id: number; size: number; label: string; x: number | null; y: number | null }[]; links: { source: number; target: number; weight: number }[] } | null;
  }>(COMMUNITY_NETWORK_QUERY);
  if (!communityNetwork) {
    setStatus('No analysis has run yet: there are no communities to show', true);
    return;
  }
  const id = (community: number) => `community:${community}`;
  const network: ViewNetwork = {
    truncated: false,
    nodes: communityNetwork.nodes.map((community) => ({
      id: id(community.id),
      label: `${community.id}: ${community.label} (${count(community.size)})`,
      type: 'Actor',
      kind: 'community',
      metrics: { degree: community.size, betweenness: 0, closeness: 0, eigenvector: null, pagerank: community.size, community: community.id },
    })),
    edges: communityNetwork.links.map((link) => ({ id: `${id(link.source)}-${id(link.target)}`, source: id(link.source), target: id(link.target), type: 'RELATED_TO', properties: { weight: link.weight } })),
    stats: { nodeCount: communityNetwork.nodes.length, edgeCount: communityNetwork.links.length, density: 0, components: 0, communities: communityNetwork.nodes.length, modularity: null },
  };
  state.network = network;
  overviewDrawing();
  const positions = new Map(communityNetwork.nodes.filter((c) => c.x !== null && c.y !== null).map((c) => [id(c.id), { x: c.x!, y: c.y! }]));
  const communityOf = (nodeId: string) => Number(nodeId.slice('community:'.length));
  drawNetwork(network, { ...events, nodeClicked: (nodeId) => setStatus(`Community ${communityOf(nodeId)}: double-click it to draw its nodes`), nodeDoubleClicked: (node) => openCommunity(communityOf(node.id)) }, { positions });
  $('centre').textContent = 'Communities of the whole graph';
  drawStatRows([
    ['communities', count(communityNetwork.nodes.length)],
    ['links between them', count(communityNetwork.links.length)],
  ]);
  showActions('communities');
  setStatus(`${network.nodes.length} nodes, ${network.edges.length} links: the communities of the last analysis, sized by their number of nodes. Double-click one to draw it`);
}

/** Before any analysis: what the page would show, and the way to get it. */
export function offerAnalysis(overview: Overview): void {
  state.network = null;
  drawNetwork({ truncated: false, nodes: [], edges: [], stats: { nodeCount: 0, edgeCount: 0, density: 0, components: 0, communities: 0, modularity: null } }, { nodeClicked: () => {}, nodeDoubleClicked: () => {} });
  $('centre').textContent = 'Whole graph: no analysis yet';
  drawStatRows([
    ['graph nodes', count(overview.graph.nodes)],
    ['graph links', count(overview.graph.links)],
  ]);
  showActions('no-analysis');
  setStatus(
    `0 nodes, 0 links: this graph has ${count(overview.graph.nodes)} nodes, too many to lay out in the page. It opens on the layout of an analysis job, and none has run yet: ` +
      'start one with an editor key (under "API key"), or search a node to explore around it',
  );
}

/** Starts a job, follows it on the status line, and calls `done` once it is DONE. */
export async function startAnalysis(done: () => void): Promise<void> {
  try {
    const { startAnalysis: job } = await gql<{ startAnalysis: { id: string } }>(START_ANALYSIS_MUTATION);
    for (;;) {
      const { analysisJob } = await gql<{ analysisJob: { state: string; progress: number; phase: string | null; error: string | null } }>(ANALYSIS_JOB_QUERY, { id: job.id });
      if (analysisJob.state === 'DONE') return done();
      if (analysisJob.state === 'FAILED') throw new Error(`The analysis failed: ${analysisJob.error ?? 'no reason given'}`);
      setStatus(`Analysis ${analysisJob.state.toLowerCase()}: ${Math.round(analysisJob.progress * 100)} %${analysisJob.phase ? ` (${analysisJob.phase})` : ''}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } catch (error) {
    setStatus((error as Error).message, true);
  }
}
