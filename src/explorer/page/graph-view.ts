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
  /** A click on the drawing away from any node, at these graph coordinates; true when it was taken (a point was awaited). */
  stageClicked?(point: { x: number; y: number }): boolean;
  /** After each frame: overlays (annotations) follow the camera. */
  rendered?(renderer: Sigma): void;
  /** The renderer was made: the editor adds node dragging. */
  created?(renderer: Sigma): void;
}

/**
 * Where the nodes go instead of ForceAtlas2's layout: a saved map's positions, or the drawing
 * on screen when it is drawn again. Nodes without a position are laid out around the others.
 */
export interface FixedLayout {
  positions: ReadonlyMap<string, { x: number; y: number }>;
  /** A saved map's styling: colour, and size relative to the default. */
  styles?: ReadonlyMap<string, { color: string | null; size: number | null }>;
  /** Saved nodes that no longer exist: drawn grey where they were, never linked. */
  gone?: readonly { id: string; x: number | null; y: number | null }[];
}

/** Grey, as nodes out of the selection are: a gone node is no longer part of the network. */
export const GONE_COLOR = '#b8bec6';
const CHANGED_COLOR = '#d62728';

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

/** The positions on screen now, to draw the same network again without moving it. */
export function positionsOnScreen(): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  renderer?.getGraph().forEachNode((node, attributes) => positions.set(node, { x: attributes.x as number, y: attributes.y as number }));
  return positions;
}

export function drawNetwork(network: ViewNetwork, events: GraphEvents, layout?: FixedLayout): void {
  const graph = new MultiDirectedGraph();
  const metric = state.sizeBy;
  const values = network.nodes.map((node) => metricValue(node, metric));
  const max = Math.max(...values, 0);
  const { color, legend } = colorScale(network, state.colorBy);
  network.nodes.forEach((node, index) => {
    // A circle is a fair start for ForceAtlas2 and gives the same drawing for the same data.
    const angle = (2 * Math.PI * index) / Math.max(network.nodes.length, 1);
    const fixed = layout?.positions.get(node.id);
    const style = layout?.styles?.get(node.id);
    const size = 4 + (max > 0 ? (metricValue(node, metric) / max) * 16 : 4);
    graph.addNode(node.id, {
      label: node.label,
      x: fixed?.x ?? Math.cos(angle) * 100,
      y: fixed?.y ?? Math.sin(angle) * 100,
      fixed: fixed !== undefined,
      size: size * (style?.size ?? 1),
      color: style?.color ?? color(node),
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
  (layout?.gone ?? []).forEach((node, index) => {
    if (graph.hasNode(node.id)) return;
    graph.addNode(node.id, {
      label: `${node.id} (gone)`,
      x: node.x ?? -120 - index * 10,
      y: node.y ?? 120,
      fixed: true,
      size: 5,
      color: GONE_COLOR,
      gone: true,
      forceLabel: true,
    });
  });
  // A saved map keeps its places: ForceAtlas2 moves only nodes that have none (the `fixed` ones stay).
  let free = 0;
  graph.forEachNode((_node, attributes) => {
    if (!attributes.fixed) free++;
  });
  if (graph.order > 1 && free > 0) {
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
      const changed = state.changedLinks.has(edge) ? { ...data, color: CHANGED_COLOR, size: (data.size ?? 1) + 2 } : data;
      if (!state.selected) return changed;
      return graph.hasExtremity(edge, state.selected) ? changed : { ...changed, color: '#eceef0' };
    },
  });
  if (events.rendered) {
    const drawn = renderer;
    drawn.on('afterRender', () => events.rendered?.(drawn));
  }
  events.created?.(renderer);
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
  renderer.on('clickStage', ({ event }) => {
    state.selected = null;
    renderer?.refresh();
    if (events.stageClicked && renderer) events.stageClicked(renderer.viewportToGraph(event));
  });
  // Sigma counts a click less than 300 ms after another (one that dragged a node, say) as a double
  // click, which zooms: while a point is awaited, it is that point instead.
  renderer.on('doubleClickStage', ({ event, preventSigmaDefault }) => {
    if (events.stageClicked && renderer && events.stageClicked(renderer.viewportToGraph(event))) preventSigmaDefault();
  });
  drawLegend(legend);
}

/** The embed has no legend. */
function drawLegend(nodeLegend: [string, string][]): void {
  const legend = document.getElementById('legend');
  if (!legend) return;
  legend.replaceChildren();
  for (const [name, color] of nodeLegend) {
    const row = element('div');
    row.append(element('span', undefined, { class: 'dot', style: `background:${color}` }), element('span', name));
    legend.append(row);
  }
}

export function drawStats(network: ViewNetwork): void {
  drawStatRows([
    ['nodes', String(network.stats.nodeCount)],
    ['links', String(network.stats.edgeCount)],
    ['density', network.stats.density.toFixed(3)],
    ['components', String(network.stats.components)],
    ['communities', String(network.stats.communities)],
    ['modularity', network.stats.modularity === null ? '\u2013' : network.stats.modularity.toFixed(3)],
  ]);
}

/** The "Network" figures of the side bar, as name and value; the embed has none. */
export function drawStatRows(rows: readonly [string, string][]): void {
  const stats = document.getElementById('stats');
  if (!stats) return;
  stats.replaceChildren();
  for (const [name, value] of rows) stats.append(element('dt', name), element('dd', value));
}
