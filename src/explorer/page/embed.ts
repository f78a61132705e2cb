/**
 * The read-only embed, /explorer/embed/ID: the same bundle as the explorer, started in another
 * mode. It replaces the page with the drawing, the map's name, the status line and a link to the
 * full explorer before anything is wired, so that no editing control (save, import, annotate,
 * key) exists in it. It sends no API key: an embed shows only what anyone may see.
 */
import { frameAnnotations, positionAnnotations, renderAnnotations } from './annotations';
import { element, setStatus } from './dom';
import { drawNetwork, GraphEvents, positionsOnScreen, refreshGraph } from './graph-view';
import { drawMap, fetchMap, layoutOf, loadAfterDrawing, markSettled } from './map-view';
import { LiveView, MapEditInfo, noteLiveUpdate, noteMapSaved } from './live';
import { mapUrls } from './maps';
import { state } from './state';

const events: GraphEvents = {
  // A click shows the node's neighbours (graph-view does it); there is no side panel to open.
  nodeClicked: () => {},
  nodeDoubleClicked: () => {},
  rendered: positionAnnotations,
  created: frameAnnotations,
};

function layout(id: string): void {
  document.body.className = 'embed';
  const header = element('header');
  header.append(element('h1', 'Map', { id: 'map-name' }), element('a', 'Open in the explorer', { id: 'open-full', href: mapUrls(id).page, target: '_blank', rel: 'noopener' }));
  const main = element('main');
  main.append(element('div', undefined, { id: 'graph', 'aria-label': 'Network drawing' }), element('div', undefined, { id: 'annotations' }), element('p', undefined, { id: 'status', role: 'status' }));
  document.body.replaceChildren(header, main);
}

let latest = 0;

/**
 * Draws the map (again, after others' changes, keeping the nodes where they are); false when it
 * cannot be shown, or when a later call took over.
 */
async function showMap(id: string, keep?: ReadonlyMap<string, { x: number; y: number }>): Promise<boolean> {
  // A live change and a new version can arrive together: only the last request asked draws.
  const ticket = ++latest;
  const map = await fetchMap(id, { anonymous: true });
  if (ticket !== latest) return false;
  if (!map) {
    setStatus('This map cannot be shown here: it does not exist, or it is private (only public maps can be embedded).', true);
    return false;
  }
  state.map = map;
  state.mapShown = true;
  document.title = `${map.name} \u2013 governance-graph`;
  document.getElementById('map-name')!.textContent = map.name;
  drawMap(map, events, keep);
  renderAnnotations();
  const [, resize] = await loadAfterDrawing(map, { anonymous: true });
  if (ticket !== latest) return false;
  if (resize) drawNetwork(map.network, events, { ...layoutOf(map), positions: positionsOnScreen() });
  // A frame costs about half a second in software WebGL: drawn again only to highlight changed links.
  else if (state.changedLinks.size > 0) refreshGraph();
  live.watch(map.network.nodes.map((node) => node.id));
  live.watchMap(map.id);
  return true;
}

/** Its author saved it again: drawn as saved now (its places, not the ones on screen); or it was deleted. */
function mapEdited(edit: MapEditInfo): void {
  if (edit.change === 'DELETED') {
    live.watch([]);
    live.watchMap(null);
    setStatus('This map was deleted by its author.', true);
    return;
  }
  redraw(undefined, () => noteMapSaved(edit));
}

/** Draws the map again, then says why on the status line. */
function redraw(keep: ReadonlyMap<string, { x: number; y: number }> | undefined, note: () => void): void {
  const id = state.map?.id;
  if (!id) return;
  void showMap(id, keep).then(
    (shown) => shown && note(),
    (error: unknown) => setStatus((error as Error).message, true),
  );
}

// A page showing an embed follows the changes to what it draws, as the explorer does, with no key.
const live = new LiveView(
  (changes) => redraw(positionsOnScreen(), () => noteLiveUpdate(changes)),
  (reason) => setStatus(`Live updates stopped (${reason}): reload the page to see later changes`, true),
  { anonymous: true, mapEdited: (edit) => mapEdited(edit) },
);

export async function startEmbed(id: string): Promise<void> {
  layout(id);
  setStatus('Opening the map\u2026');
  try {
    if (await showMap(id)) markSettled();
  } catch (error) {
    setStatus((error as Error).message, true);
  }
}
