/**
 * The explorer page: search a node, draw its ego network with sigma.js, filter by link type
 * and date, size and colour nodes by the API's metrics, show details and sources, draw the
 * funding flows as a Sankey chart, download the view (data files, PNG, SVG) and, with an editor
 * key, import files and save the view as a map, annotated. /explorer/?map=ID opens a saved map;
 * /explorer/embed/ID shows one read-only, for other pages (the same bundle, see page/embed.ts).
 * Everything comes from this server's /graphql and /export routes; the libraries are bundled by
 * esbuild at build time.
 */
import type Sigma from 'sigma';
import { setupAnnotationEditor } from './page/annotations';
import { setupControls } from './page/controls';
import { startEmbed } from './page/embed';
import { currentRenderer } from './page/graph-view';
import { setupImports } from './page/imports';
import { setupMapPanel } from './page/maps';
import { centreOn, loadNetwork, openMap } from './page/navigation';
import { setupSearch } from './page/search';
import { centreIdFromUrl, embedMapIdFromPath, mapIdFromUrl, state } from './page/state';

/**
 * A read-only handle on the live drawing for browser tests and automation: sigma draws on a
 * canvas, so the nodes and their positions on screen are not in the DOM. The page never reads it.
 */
declare global {
  interface Window {
    explorer?: {
      readonly renderer: Sigma | null;
      readonly centre: string | null;
      readonly selected: string | null;
      /** The map on screen or being edited: its id and version. */
      readonly map: { id: string; version: number; name: string } | null;
    };
  }
}
window.explorer = {
  get renderer() {
    return currentRenderer();
  },
  get centre() {
    return state.centre?.id ?? null;
  },
  get selected() {
    return state.selected;
  },
  get map() {
    return state.map ? { id: state.map.id, version: state.map.version, name: state.map.name } : null;
  },
};

function start(): void {
  const embedded = embedMapIdFromPath();
  if (embedded) {
    void startEmbed(embedded);
    return;
  }
  setupSearch();
  setupControls();
  setupImports();
  setupAnnotationEditor();
  setupMapPanel({ openMap });
  const mapId = mapIdFromUrl();
  const id = centreIdFromUrl();
  if (mapId) void openMap(mapId);
  else if (id) centreOn(id, id);
  else void loadNetwork();
}

start();
