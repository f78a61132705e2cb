/**
 * A saved map on screen: read in one request (its stored nodes and annotations, and the network of
 * what they stand for now), drawn at its saved positions with its gone nodes greyed, counted on
 * the status line, and the links that changed among its nodes since it was saved highlighted.
 * Both the explorer and the read-only embed draw maps through here.
 */
import { MAP_CHANGES_QUERY, MAP_PATH_METRICS_QUERY, MAP_QUERY } from '../queries';
import { gql } from './api';
import { afterNextPaint, setStatus } from './dom';
import { drawNetwork, drawStats, FixedLayout, GraphEvents } from './graph-view';
import { selectedTypes, state } from './state';
import { edgeProgram } from './styles';
import { MapChangeInfo, MapInfo } from './types';

export interface MapRequest {
  /** The embed sends no key. */
  anonymous?: boolean;
}

/** The map, or null when there is none the caller may see (a private map looks missing to others). */
export async function fetchMap(id: string, request: MapRequest = {}): Promise<MapInfo | null> {
  const data = await gql<{ map: MapInfo | null }>(MAP_QUERY, { id, types: selectedTypes(), asOf: state.asOf }, request);
  // The links' properties come with the path metrics, once the map is drawn.
  for (const edge of data.map?.network.edges ?? []) edge.properties ??= {};
  return data.map;
}

export function layoutOf(map: MapInfo): FixedLayout {
  const positions = new Map<string, { x: number; y: number }>();
  const styles = new Map<string, { color: string | null; size: number | null }>();
  const gone: { id: string; x: number | null; y: number | null }[] = [];
  for (const saved of map.nodes) {
    if (saved.gone || !saved.node) {
      gone.push({ id: saved.id, x: saved.x, y: saved.y });
      continue;
    }
    if (saved.x !== null && saved.y !== null) positions.set(saved.node.id, { x: saved.x, y: saved.y });
    if (saved.color !== null || saved.size !== null) styles.set(saved.node.id, { color: saved.color, size: saved.size });
  }
  return { positions, styles, gone };
}

export function goneNodes(map: MapInfo): string[] {
  return map.nodes.filter((node) => node.gone).map((node) => node.id);
}

/** "N nodes, M links", then what a reader must know: gone nodes, a date, a cut. */
export function mapStatus(map: MapInfo): string {
  const gone = goneNodes(map).length;
  const when = state.asOf ?? map.asOf;
  return (
    `${map.network.nodes.length} nodes, ${map.network.edges.length} links` +
    (gone ? ` (${gone} gone)` : '') +
    (when ? ` as of ${when}` : '') +
    (map.network.truncated ? ' (cut by a limit)' : '')
  );
}

/** Draws the map and says so on the status line; the annotations are the map's. */
export function drawMap(map: MapInfo, events: GraphEvents, keep?: ReadonlyMap<string, { x: number; y: number }>): void {
  state.network = map.network;
  state.annotations = map.annotations.map((annotation) => ({ ...annotation }));
  const layout = layoutOf(map);
  drawNetwork(map.network, events, keep ? { ...layout, positions: new Map([...layout.positions, ...keep]) } : layout);
  drawStats(map.network);
  setStatus(mapStatus(map));
  // Browser tests and bench/explorer-map.ts read when the map was drawn.
  performance.mark('explorer:map-drawn');
}

/**
 * The links added or ended among the map's nodes since it was saved, drawn highlighted; asked
 * after the map is on screen, so that opening it never waits for the audit trail.
 */
export async function loadChanges(map: MapInfo, request: MapRequest = {}): Promise<MapChangeInfo[]> {
  const data = await gql<{ map: { changesSince: MapChangeInfo[] } | null }>(MAP_CHANGES_QUERY, { id: map.id, date: map.updatedAt }, request);
  const changes = data.map?.changesSince ?? [];
  state.changedLinks = new Set(changes.filter((change) => change.change !== 'REMOVED').map((change) => change.relationshipId));
  return changes;
}

/**
 * Betweenness and closeness of the map's nodes and its links' properties, asked after it is drawn
 * (MAP_QUERY leaves them out), merged into the map's network; true when they change the drawing:
 * "Size by" is one of the two metrics, or a link's direction changes how it is drawn.
 */
export async function loadPathMetrics(map: MapInfo, request: MapRequest = {}): Promise<boolean> {
  const data = await gql<{
    map: {
      network: {
        nodes: { id: string; metrics: { betweenness: number | null; closeness: number | null } | null }[];
        edges: { id: string; properties: Record<string, unknown> }[];
      };
    } | null;
  }>(MAP_PATH_METRICS_QUERY, { id: map.id, types: selectedTypes(), asOf: state.asOf }, request);
  const found = new Map((data.map?.network.nodes ?? []).map((node) => [node.id, node.metrics]));
  for (const node of map.network.nodes) {
    const metrics = found.get(node.id);
    if (node.metrics && metrics) Object.assign(node.metrics, { betweenness: metrics.betweenness ?? 0, closeness: metrics.closeness ?? 0 });
  }
  const properties = new Map((data.map?.network.edges ?? []).map((edge) => [edge.id, edge.properties]));
  let redrawn = false;
  for (const edge of map.network.edges) {
    const found = properties.get(edge.id);
    if (!found) continue;
    if (edgeProgram(edge.type, found) !== edgeProgram(edge.type, edge.properties)) redrawn = true;
    edge.properties = found;
  }
  return redrawn || state.sizeBy === 'betweenness' || state.sizeBy === 'closeness';
}

/**
 * The changes since saved and the path metrics, asked once the drawing is on screen, after
 * `onScreen` (the page starts its live updates there, so that they overlap the changes asked
 * for): their betweenness and closeness are the costliest part of a map for the server, and
 * asked at once they competed with the browser's first frame for the machine's cores
 * (bench/explorer-map.ts).
 */
export async function loadAfterDrawing(map: MapInfo, request: MapRequest = {}, onScreen?: () => void): Promise<[MapChangeInfo[], boolean]> {
  await afterNextPaint();
  onScreen?.();
  return Promise.all([loadChanges(map, request), loadPathMetrics(map, request)]);
}

/** Everything a map's page asks for has arrived: tests and bench/explorer-map.ts wait for it before leaving. */
export function markSettled(): void {
  performance.mark('explorer:map-settled');
}
