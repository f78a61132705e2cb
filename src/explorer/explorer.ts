/**
 * The explorer page: search a node, draw its ego network with sigma.js, filter by link type
 * and date, size and colour nodes by the API's metrics, show details and sources, draw the
 * funding flows as a Sankey chart, download the view and, with an editor key, import files.
 * Everything comes from this server's /graphql and /export routes; the libraries are bundled by
 * esbuild at build time.
 */
import type Sigma from 'sigma';
import { setupControls } from './page/controls';
import { currentRenderer } from './page/graph-view';
import { setupImports } from './page/imports';
import { centreOn, loadNetwork } from './page/navigation';
import { setupSearch } from './page/search';
import { centreIdFromUrl, state } from './page/state';

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
    return currentRenderer();
  },
  get centre() {
    return state.centre?.id ?? null;
  },
  get selected() {
    return state.selected;
  },
};

function start(): void {
  setupSearch();
  setupControls();
  setupImports();
  const id = centreIdFromUrl();
  if (id) centreOn(id, id);
  else void loadNetwork();
}

start();
