import { EGO_QUERY, OVERVIEW_QUERY } from '../queries';
import { gql } from './api';
import { $, setStatus } from './dom';
import { loadFunding } from './funding';
import { drawNetwork, drawStats, GraphEvents, resizeGraph } from './graph-view';
import { PanelActions, showDetails } from './panel';
import { rememberCentreInUrl, selectedTypes, state } from './state';
import { ViewName, ViewNetwork } from './types';

const panelActions: PanelActions = {
  centreOn,
  showFunding: (node) => {
    centreOn(node.id, node.label);
    setView('funding');
  },
  reloadView: () => loadNetwork(),
};

const graphEvents: GraphEvents = {
  nodeClicked: (nodeId) => void showDetails(nodeId, panelActions),
  nodeDoubleClicked: (node) => centreOn(node.id, node.label),
};

/** Answers to earlier requests that arrive late must not replace the latest view. */
let loadCounter = 0;

export async function loadNetwork(): Promise<void> {
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
    drawNetwork(network, graphEvents);
    drawStats(network);
    const when = state.asOf ? ` as of ${state.asOf}` : '';
    setStatus(`${network.nodes.length} nodes, ${network.edges.length} links${when}${network.truncated ? ' (cut by a limit)' : ''}`);
    if (state.view === 'funding') await loadFunding();
  } catch (error) {
    if (ticket === loadCounter) setStatus((error as Error).message, true);
  }
}

/** Size and colour choices change the drawing only: the network already loaded is drawn again. */
export function redrawNetwork(): void {
  if (state.network) drawNetwork(state.network, graphEvents);
}

export function centreOn(id: string, label: string): void {
  state.centre = { id, label };
  state.selected = id;
  $('centre').textContent = `Around: ${label}`;
  rememberCentreInUrl(id);
  void loadNetwork().then(() => showDetails(id, panelActions));
}

export function setView(view: ViewName): void {
  state.view = view;
  document.querySelectorAll<HTMLButtonElement>('nav button').forEach((button) => button.setAttribute('aria-pressed', String(button.dataset.view === view)));
  $('graph').hidden = view !== 'graph';
  $('funding').hidden = view !== 'funding';
  if (view === 'funding') void loadFunding();
  else resizeGraph();
}
