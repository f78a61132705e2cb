import { MultiDirectedGraph } from 'graphology';
import Sigma from 'sigma';
import { EdgeArrowProgram, EdgeDoubleArrowProgram, EdgeRectangleProgram } from 'sigma/rendering';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { $, element } from './dom';
import { state } from './state';
import { EDGE_STYLES, edgeProgram, PALETTE, TYPE_COLORS } from './styles';
import { ColorBy, MetricName, ViewNetwork, ViewNode } from './types';

export interface GraphEvents {
  nodeClicked(nodeId: string): void;
  nodeDoubleClicked(node: ViewNode): void;
}

let renderer: Sigma | null = null;

export function currentRenderer(): Sigma | null {
  return renderer;
}

export function refreshGraph(): void {
  renderer?.refresh();
}

/** The container is hidden in the funding view, so sigma's idea of its size may be stale on return. */
export function resizeGraph(): void {
  renderer?.resize(true).refresh();
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

export function drawNetwork(network: ViewNetwork, events: GraphEvents): void {
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
      type: edgeProgram(edge.type, edge.properties),
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
    events.nodeClicked(node);
  });
  renderer.on('doubleClickNode', ({ node, preventSigmaDefault }) => {
    preventSigmaDefault();
    const target = network.nodes.find((candidate) => candidate.id === node);
    if (target) events.nodeDoubleClicked(target);
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

export function drawStats(network: ViewNetwork): void {
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
