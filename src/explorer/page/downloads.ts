import { authHeaders } from './api';
import { $, element, setStatus } from './dom';
import { flowDirection } from './funding';
import { selectedTypes, state } from './state';

const EXPORTS: { label: string; format: string; table?: string }[] = [
  { label: 'Cytoscape', format: 'cytoscape' },
  { label: 'GEXF', format: 'gexf' },
  { label: 'GraphML', format: 'graphml' },
  { label: 'CSV nodes', format: 'csv', table: 'nodes' },
  { label: 'CSV links', format: 'csv', table: 'edges' },
  { label: 'Sankey', format: 'sankey' },
];

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

/** Fetched rather than linked to, so that the request carries the API key. */
async function download(format: string, table?: string): Promise<void> {
  if (!state.centre) {
    setStatus('Choose a node first: downloads hold the ego network of the centre node', true);
    return;
  }
  try {
    const response = await fetch(exportUrl(format, table), { headers: authHeaders() });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null;
      throw new Error(body?.errors?.[0]?.message ?? `Download failed (${response.status})`);
    }
    const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `export.${format}`;
    const url = URL.createObjectURL(await response.blob());
    const link = element('a', undefined, { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    setStatus((error as Error).message, true);
  }
}

export function setupDownloads(): void {
  const downloads = $('downloads');
  for (const { label, format, table } of EXPORTS) {
    const button = element('button', label, { type: 'button', 'data-format': format });
    button.addEventListener('click', () => void download(format, table));
    downloads.append(button);
  }
}
