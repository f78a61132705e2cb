/**
 * The "Map" panel: the name, description and visibility of the map being edited, "Save map"
 * (a new map, or a new version of the one open, refused when someone saved it since), "Save as
 * new", its gone nodes, what changed among its nodes since it was saved, and the links to share
 * and embed it. The nodes saved are the ones drawn, at their places on screen.
 */
import { ANNOTATION_SOURCE_MUTATION, SAVE_MAP_MUTATION } from '../queries';
import { ApiError, gql, storedApiKey } from './api';
import { anchorOf, renderAnnotationList, renderAnnotations } from './annotations';
import { $, element } from './dom';
import { currentRenderer } from './graph-view';
import { state } from './state';
import { AnnotationInfo, MapChangeInfo, MapInfo, Visibility } from './types';

export interface MapPanelActions {
  /** Opens the map by id, as ?map=ID does. */
  openMap(id: string): Promise<void>;
}

const NEEDS_EDITOR_KEY = 'Saving a map needs an editor API key: enter it under "API key" at the top of the page.';

let saving = false;

function message(text: string, isError = false): void {
  const box = $('map-message');
  box.replaceChildren(text);
  box.classList.toggle('error', isError);
  box.setAttribute('role', isError ? 'alert' : 'status');
}

function field<T extends HTMLElement = HTMLInputElement>(id: string): T {
  return $(id) as T;
}

/** The address of a map, and of its embed, on this server. */
export function mapUrls(id: string): { page: string; embed: string } {
  const base = `${location.origin}/explorer`;
  return { page: `${base}/?map=${encodeURIComponent(id)}`, embed: `${base}/embed/${encodeURIComponent(id)}` };
}

export function embedSnippet(map: { id: string; name: string }): string {
  const title = map.name.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${mapUrls(map.id).embed}" width="800" height="500" style="border:0" title="${title}" loading="lazy"></iframe>`;
}

/** Fills the panel from the map just opened or saved. */
export function showMapPanel(map: MapInfo): void {
  field('map-name').value = map.name;
  field<HTMLTextAreaElement>('map-description').value = map.description ?? '';
  field<HTMLSelectElement>('map-visibility').value = map.visibility;
  $('map-title').textContent = `${map.name} \u00b7 version ${map.version}, saved by ${map.updatedBy} on ${map.updatedAt.slice(0, 10)}`;
  $('map-title').dataset.id = map.id;
  const gone = map.nodes.filter((node) => node.gone);
  const goneList = $('map-gone');
  goneList.replaceChildren(...(gone.length ? [element('h3', `Gone nodes (${gone.length})`), element('p', 'Deleted since the map was saved: drawn grey, kept in the map until removed from it.', { class: 'meta' })] : []));
  if (gone.length) {
    const list = element('ul');
    gone.forEach((node) => list.append(element('li', node.id, { 'data-id': node.id })));
    goneList.append(list);
  }
  const share = $('map-share');
  const urls = mapUrls(map.id);
  share.replaceChildren(element('a', 'Link to this map', { href: urls.page }), document.createTextNode(' \u00b7 '), element('a', 'Embed', { href: urls.embed, target: '_blank', rel: 'noopener' }));
  const snippet = element('input', undefined, { type: 'text', readonly: '', id: 'map-embed-code', 'aria-label': 'HTML to embed this map' });
  snippet.value = embedSnippet(map);
  snippet.addEventListener('focus', () => snippet.select());
  share.append(snippet);
  share.hidden = map.visibility !== 'PUBLIC';
  $('map-changes').replaceChildren();
}

export function showMapChanges(changes: MapChangeInfo[]): void {
  const box = $('map-changes');
  box.replaceChildren();
  if (changes.length === 0) return;
  const counts = (['ADDED', 'ENDED', 'REMOVED'] as const).map((kind) => [kind, changes.filter((change) => change.change === kind).length] as const).filter(([, n]) => n > 0);
  box.append(element('h3', `Changed since saved (${changes.length})`), element('p', `${counts.map(([kind, n]) => `${n} ${kind.toLowerCase()}`).join(', ')}; added and ended links are drawn red.`, { class: 'meta' }));
  const labels = new Map(state.network?.nodes.map((node) => [node.id, node.label]) ?? []);
  const list = element('ul');
  for (const change of changes.slice(0, 20)) {
    list.append(element('li', `${change.change.toLowerCase()}: ${labels.get(change.fromId) ?? change.fromId} \u2192 ${change.type} ${labels.get(change.toId) ?? change.toId} (${change.at.slice(0, 10)})`, { 'data-id': change.relationshipId }));
  }
  box.append(list);
}

/** The nodes drawn, at their places on screen, with the styling the map gave them. */
function nodesToSave(asNew: boolean): { id: string; x: number; y: number; color?: string; size?: number }[] {
  const graph = currentRenderer()!.getGraph();
  const styles = new Map((state.map?.nodes ?? []).map((node) => [node.node?.id ?? node.id, node]));
  const nodes: { id: string; x: number; y: number; color?: string; size?: number }[] = [];
  graph.forEachNode((id, attributes) => {
    // A gone node stays in its map, but no new map can hold a node that does not exist.
    if (attributes.gone && asNew) return;
    const style = state.mapShown ? styles.get(id) : undefined;
    nodes.push({
      id,
      x: attributes.x as number,
      y: attributes.y as number,
      ...(style?.color ? { color: style.color } : {}),
      ...(style?.size ? { size: style.size } : {}),
    });
  });
  return nodes;
}

/** Sources typed with a note are written just before the map that cites them. */
async function writePendingSources(annotations: AnnotationInfo[]): Promise<void> {
  for (const annotation of annotations) {
    if (!annotation.pendingSource) continue;
    const { url, title } = annotation.pendingSource;
    const { upsertSource } = await gql<{ upsertSource: { id: string; title: string; url: string | null } }>(ANNOTATION_SOURCE_MUTATION, {
      input: { title: title ?? url, url, kind: 'WEBSITE' },
    });
    annotation.sourceIds = [...annotation.sourceIds, upsertSource.id];
    annotation.sources = [...annotation.sources, upsertSource];
    delete annotation.pendingSource;
  }
}

function refusal(error: unknown, asNew: boolean): string {
  if (error instanceof ApiError && !asNew && (error.field === 'version' || (error.field === 'id' && /committed first/.test(error.message)))) {
    return `Not saved: someone saved this map since you opened it. ${error.message}. Your view is still on screen: "Save as new" keeps it as another map, or reload the map to see theirs.`;
  }
  const text = error instanceof Error ? error.message : String(error);
  return /needs an API key|needs the editor role/.test(text) ? `${text}. ${NEEDS_EDITOR_KEY}` : `Not saved: ${text}`;
}

async function save(asNew: boolean, actions: MapPanelActions): Promise<void> {
  if (saving) return;
  if (!storedApiKey()) return message(NEEDS_EDITOR_KEY, true);
  const renderer = currentRenderer();
  if (!renderer || renderer.getGraph().order === 0) return message('Nothing is drawn: open a view or a map first', true);
  const name = field('map-name').value.trim();
  if (!name) return message('Give the map a name first', true);
  const annotations = state.annotations.filter((annotation) => anchorOf(renderer, annotation));
  const dropped = state.annotations.length - annotations.length;
  const existing = asNew ? null : state.map;
  saving = true;
  $('map-box').querySelectorAll('button').forEach((button) => (button.disabled = true));
  message('Saving\u2026');
  try {
    await writePendingSources(annotations);
    const { saveMap } = await gql<{ saveMap: { id: string; version: number } }>(SAVE_MAP_MUTATION, {
      input: {
        ...(existing ? { id: existing.id, version: existing.version } : { version: 0 }),
        name,
        description: field<HTMLTextAreaElement>('map-description').value.trim() || null,
        visibility: field<HTMLSelectElement>('map-visibility').value as Visibility,
        asOf: state.asOf,
        nodes: nodesToSave(asNew),
        annotations: annotations.map(({ id, text, nodeId, relationshipId, x, y, sourceIds }) => ({ id, text, nodeId, relationshipId, x, y, sourceIds })),
      },
    });
    await actions.openMap(saveMap.id);
    message(`Saved: version ${saveMap.version}${dropped ? `; ${dropped} note(s) pinned to what is no longer drawn were left out` : ''}`);
  } catch (error) {
    message(refusal(error, asNew), true);
    renderAnnotations();
  } finally {
    saving = false;
    $('map-box').querySelectorAll('button').forEach((button) => (button.disabled = false));
  }
}

export function setupMapPanel(actions: MapPanelActions): void {
  $('map-save').addEventListener('click', () => void save(false, actions));
  $('map-save-new').addEventListener('click', () => void save(true, actions));
  renderAnnotationList();
}
