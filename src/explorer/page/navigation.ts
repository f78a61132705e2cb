import { EGO_QUERY, OVERVIEW_DRAWN, OVERVIEW_LIMIT, OVERVIEW_QUERY } from '../queries';
import { gql } from './api';
import { frameAnnotations, positionAnnotations, pointChosen, renderAnnotationList, renderAnnotations } from './annotations';
import { $, setStatus } from './dom';
import { enableDragging } from './drag';
import { loadFunding } from './funding';
import { drawNetwork, drawStats, GraphEvents, positionsOnScreen, refreshGraph, resizeGraph } from './graph-view';
import { LiveChange, LiveView, noteLiveUpdate } from './live';
import { drawMap, fetchMap, layoutOf, loadAfterDrawing, markSettled } from './map-view';
import { showMapPanel, showMapChanges } from './maps';
import { drawCommunities, drawOverview, fetchGraphSize, fetchOverview, hideOverviewActions, offerAnalysis, startAnalysis } from './overview';
import { PanelActions, showDetails } from './panel';
import { forgetCentreInUrl, mapIdFromUrl, rememberCentreInUrl, rememberMapInUrl, selectedTypes, state } from './state';
import { ViewName, ViewNetwork } from './types';

const panelActions: PanelActions = {
  centreOn,
  showFunding: (node) => {
    centreOn(node.id, node.label);
    setView('funding');
  },
  reloadView: () => loadNetwork(),
};

export const graphEvents: GraphEvents = {
  nodeClicked: (nodeId) => void showDetails(nodeId, panelActions),
  nodeDoubleClicked: (node) => centreOn(node.id, node.label),
  stageClicked: pointChosen,
  rendered: positionAnnotations,
  created: (renderer) => {
    frameAnnotations(renderer);
    enableDragging(renderer);
  },
};

/** Answers to earlier requests that arrive late must not replace the latest view. */
let loadCounter = 0;

/** Other editors' writes to the nodes on screen reload the view where it is, and the status line says so. */
export const liveView = new LiveView(
  (changes) => void reloadAfter(changes),
  (reason) => setStatus(`Live updates stopped (${reason}): reload the page to see others' changes again`, true),
);

async function reloadAfter(changes: readonly LiveChange[]): Promise<void> {
  if (state.map && state.mapShown) await openMap(state.map.id);
  else await loadNetwork({ keepPositions: true });
  noteLiveUpdate(changes);
}

function watchDrawnNodes(): void {
  liveView.watch(state.network?.nodes.map((node) => node.id) ?? []);
}

/** `keepPositions`: the nodes already drawn stay where they are (a live reload), new ones are laid out around them. */
export async function loadNetwork(options: { keepPositions?: boolean } = {}): Promise<void> {
  // The map on screen, or the one the address names that could not be opened yet (e.g. before its key was given).
  const mapId = state.map && state.mapShown ? state.map.id : state.centre ? null : mapIdFromUrl();
  if (mapId) return openMap(mapId);
  const ticket = ++loadCounter;
  const types = selectedTypes();
  if (types && types.length === 0) {
    setStatus('Choose at least one relationship type');
    return;
  }
  setStatus('Loading\u2026');
  try {
    // With no centre, a graph too big to lay out here opens on the analysis' overview.
    if (!state.centre) {
      const size = await fetchGraphSize();
      if (ticket !== loadCounter) return;
      state.largeGraph = size.graph.nodes > OVERVIEW_LIMIT;
      if (state.largeGraph) {
        // Watching tens of thousands of nodes for live changes costs more than a reload would.
        liveView.watch([]);
        if (!size.analysis) return offerAnalysis(size);
        const overview = await fetchOverview({ nodes: OVERVIEW_DRAWN, community: state.community });
        if (ticket === loadCounter) drawOverview(overview, graphEvents);
        return;
      }
    }
    hideOverviewActions();
    // Opened around a node (?id=): whether the whole graph is an overview is asked once, aside.
    if (state.largeGraph === null) {
      void fetchGraphSize()
        .then((size) => {
          state.largeGraph = size.graph.nodes > OVERVIEW_LIMIT;
          if (state.centre) hideOverviewActions();
        })
        .catch(() => undefined);
    }
    const network = state.centre
      ? (await gql<{ egoNetwork: ViewNetwork }>(EGO_QUERY, { id: state.centre.id, radius: state.radius, types, asOf: state.asOf })).egoNetwork
      : (await gql<{ network: ViewNetwork }>(OVERVIEW_QUERY, { types, asOf: state.asOf })).network;
    if (ticket !== loadCounter) return;
    state.network = network;
    state.changedLinks = new Set();
    const centre = state.centre && network.nodes.find((node) => node.id === state.centre!.id);
    if (centre && state.centre) {
      // A view opened from a link (?id=) knows the id only until the network arrives.
      state.centre.label = centre.label;
      $('centre').textContent = `Around: ${centre.label}`;
    }
    drawNetwork(network, graphEvents, options.keepPositions ? { positions: positionsOnScreen() } : undefined);
    drawStats(network);
    watchDrawnNodes();
    renderAnnotations();
    const when = state.asOf ? ` as of ${state.asOf}` : '';
    setStatus(`${network.nodes.length} nodes, ${network.edges.length} links${when}${network.truncated ? ' (cut by a limit)' : ''}`);
    if (state.view === 'funding') await loadFunding();
  } catch (error) {
    if (ticket === loadCounter) setStatus((error as Error).message, true);
  }
}

/**
 * Opens a saved map (from ?map=ID, or again after a filter changed): its nodes where they were
 * saved, its annotations, and its name and form in the "Map" panel. A map this key may not see
 * says so, whether it is missing or private.
 */
export async function openMap(id: string): Promise<void> {
  const ticket = ++loadCounter;
  hideOverviewActions();
  setStatus('Opening the map\u2026');
  // Drawn again after a filter changed: the nodes stay where they were moved to.
  const keep = state.mapShown && state.map?.id === id ? positionsOnScreen() : undefined;
  try {
    const map = await fetchMap(id);
    if (ticket !== loadCounter) return;
    if (!map) {
      setStatus(`No map "${id}" can be opened with ${state.map ? 'this' : 'the'} key: it does not exist, or it is private to its author's key (enter it under "API key" at the top of the page)`, true);
      return;
    }
    state.map = map;
    state.mapShown = true;
    state.centre = null;
    state.changedLinks = new Set();
    $('centre').textContent = `Map: ${map.name}`;
    if (map.asOf && !state.asOf) {
      // The map's date becomes the view's, shown by the date control, and saved with it again.
      state.asOf = map.asOf;
      ($('asof-on') as HTMLInputElement).checked = true;
      ($('asof') as HTMLInputElement).value = map.asOf.slice(0, 4);
      $('asof-label').textContent = map.asOf;
    }
    rememberMapInUrl(map.id);
    drawMap(map, graphEvents, keep);
    renderAnnotations();
    renderAnnotationList();
    showMapPanel(map);
    const [changes, resize] = await loadAfterDrawing(map, {}, watchDrawnNodes);
    if (ticket !== loadCounter) return;
    if (resize) redrawNetwork();
    // A frame costs about half a second in software WebGL: drawn again only to highlight changed links.
    else if (state.changedLinks.size > 0) refreshGraph();
    showMapChanges(changes);
    markSettled();
  } catch (error) {
    if (ticket === loadCounter) setStatus((error as Error).message, true);
  }
}

/** Size and colour choices change the drawing only: the network on screen is drawn again where it is. */
export function redrawNetwork(): void {
  if (!state.network) return;
  const saved = state.map && state.mapShown ? layoutOf(state.map) : undefined;
  drawNetwork(state.network, graphEvents, { ...saved, positions: positionsOnScreen() });
}

/** The overview's buttons: the community meta-graph, one community, the whole graph again, a first analysis. */
export function showCommunities(): void {
  const ticket = ++loadCounter;
  void drawCommunities(graphEvents, showCommunity).catch((error: Error) => {
    if (ticket === loadCounter) setStatus(error.message, true);
  });
}

export function showCommunity(community: number | null): void {
  state.community = community;
  state.centre = null;
  state.selected = null;
  state.mapShown = false;
  $('panel').hidden = true;
  forgetCentreInUrl();
  void loadNetwork();
}

export function startFirstAnalysis(): void {
  void startAnalysis(() => void loadNetwork());
}

export function centreOn(id: string, label: string): void {
  state.centre = { id, label };
  state.selected = id;
  state.mapShown = false;
  $('centre').textContent = `Around: ${label}`;
  rememberCentreInUrl(id);
  void loadNetwork().then(() => showDetails(id, panelActions));
}

export function setView(view: ViewName): void {
  state.view = view;
  document.querySelectorAll<HTMLButtonElement>('nav button').forEach((button) => button.setAttribute('aria-pressed', String(button.dataset.view === view)));
  $('graph').hidden = view !== 'graph';
  $('funding').hidden = view !== 'funding';
  $('annotations').hidden = view !== 'graph';
  if (view === 'funding') void loadFunding();
  else resizeGraph();
}
