import { MAP_EXPORT_QUERY } from '../queries';
import { authHeaders, gql } from './api';
import { $, element, setStatus } from './dom';
import { flowDirection } from './funding';
import { currentRenderer } from './graph-view';
import { pngOf, svgOf } from './image-export';
import { selectedTypes, state } from './state';

const EXPORTS: { label: string; format: string; table?: string }[] = [
  { label: 'Cytoscape', format: 'cytoscape' },
  { label: 'GEXF', format: 'gexf' },
  { label: 'GraphML', format: 'graphml' },
  { label: 'CSV nodes', format: 'csv', table: 'nodes' },
  { label: 'CSV links', format: 'csv', table: 'edges' },
  { label: 'Sankey', format: 'sankey' },
];

const EXTENSIONS: Record<string, string> = { cytoscape: 'cyjs', gexf: 'gexf', graphml: 'graphml', csv: 'csv' };

function exportUrl(format: string, table?: string): string {
  const params = new URLSearchParams();
  if (format === 'sankey') {
    params.set('rootId', state.centre!.id);
    params.set('direction', flowDirection().toLowerCase());
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

/** A file name from the map's name: letters, digits and dashes only. */
export function fileStem(): string {
  const name = state.mapShown && state.map ? state.map.name : state.centre?.label ?? 'network';
  return name.normalize('NFKD').replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).toLowerCase() || 'network';
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = element('a', undefined, { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A map is no ego network: its files come from Map.network's export field, as the drawing does. */
async function downloadMap(format: string, table?: string): Promise<void> {
  if (format === 'sankey') throw new Error('Sankey files follow the funding of one node: centre the view on a node first');
  const data = await gql<{ map: { network: { export: string } } | null }>(MAP_EXPORT_QUERY, {
    id: state.map!.id,
    types: selectedTypes(),
    asOf: state.asOf,
    format: format.toUpperCase(),
    table: table === 'nodes' ? 'NODES' : 'EDGES',
  });
  if (!data.map) throw new Error('The map is no longer there');
  const suffix = table ? `-${table}` : '';
  saveBlob(new Blob([data.map.network.export], { type: 'text/plain' }), `${fileStem()}${suffix}.${EXTENSIONS[format]}`);
}

/** Fetched rather than linked to, so that the request carries the API key. */
async function download(format: string, table?: string): Promise<void> {
  try {
    if (state.mapShown && state.map) {
      await downloadMap(format, table);
      return;
    }
    if (!state.centre) {
      setStatus('Choose a node first: downloads hold the ego network of the centre node', true);
      return;
    }
    const response = await fetch(exportUrl(format, table), { headers: authHeaders() });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null;
      throw new Error(body?.errors?.[0]?.message ?? `Download failed (${response.status})`);
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `export.${format}`;
    saveBlob(await response.blob(), name);
  } catch (error) {
    setStatus((error as Error).message, true);
  }
}

/** The drawing as it is on screen, whatever it shows. */
export async function downloadImage(format: 'png' | 'svg'): Promise<void> {
  const renderer = currentRenderer();
  if (!renderer) {
    setStatus('Nothing is drawn yet', true);
    return;
  }
  try {
    const title = state.mapShown && state.map ? state.map.name : state.centre ? `Around ${state.centre.label}` : 'governance-graph network';
    saveBlob(format === 'png' ? await pngOf(renderer) : svgOf(renderer, title), `${fileStem()}.${format}`);
  } catch (error) {
    setStatus((error as Error).message, true);
  }
}

export function imageButtons(): HTMLButtonElement[] {
  return (['png', 'svg'] as const).map((format) => {
    const button = element('button', format.toUpperCase(), { type: 'button', 'data-format': format });
    button.addEventListener('click', () => void downloadImage(format));
    return button;
  });
}

export function setupDownloads(): void {
  const downloads = $('downloads');
  for (const { label, format, table } of EXPORTS) {
    const button = element('button', label, { type: 'button', 'data-format': format });
    button.addEventListener('click', () => void download(format, table));
    downloads.append(button);
  }
  downloads.append(...imageButtons());
}
