/**
 * Annotations on the drawing: notes pinned to a node, a link or a point, drawn as HTML over
 * sigma's canvas and moved with the camera after each frame. With an editor key the "Map" panel
 * adds notes (pinned to the selected node, or to the next point clicked on the drawing), with an
 * optional source, and removes them; they are saved with the map. Every note is text, never markup.
 */
import type Sigma from 'sigma';
import { $, element, safeUrl } from './dom';
import { currentRenderer } from './graph-view';
import { state } from './state';
import { AnnotationInfo } from './types';

/** Where a note sits on the graph: its node, the middle of its link, or its point; null when that is not drawn. */
export function anchorOf(renderer: Sigma, annotation: AnnotationInfo): { x: number; y: number } | null {
  const graph = renderer.getGraph();
  if (annotation.nodeId) {
    if (!graph.hasNode(annotation.nodeId)) return null;
    const { x, y } = graph.getNodeAttributes(annotation.nodeId) as { x: number; y: number };
    return { x, y };
  }
  if (annotation.relationshipId) {
    if (!graph.hasEdge(annotation.relationshipId)) return null;
    const [from, to] = graph.extremities(annotation.relationshipId).map((node) => graph.getNodeAttributes(node) as { x: number; y: number });
    return { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 };
  }
  return annotation.x !== null && annotation.y !== null ? { x: annotation.x, y: annotation.y } : null;
}

function layer(): HTMLElement | null {
  return document.getElementById('annotations');
}

function sourceLinks(annotation: AnnotationInfo): HTMLElement[] {
  const cited = [...annotation.sources, ...(annotation.pendingSource ? [{ id: '', title: annotation.pendingSource.title ?? annotation.pendingSource.url, url: annotation.pendingSource.url }] : [])];
  return cited.map((source) => {
    const href = safeUrl(source.url);
    return href ? element('a', source.title, { href, target: '_blank', rel: 'noopener noreferrer', class: 'source' }) : element('span', source.title, { class: 'source' });
  });
}

/** Builds the notes of the view on screen; positionAnnotations places them. */
export function renderAnnotations(): void {
  const target = layer();
  if (!target) return;
  target.replaceChildren(
    ...state.annotations.map((annotation, index) => {
      const note = element('div', undefined, { class: 'annotation', 'data-index': String(index), 'data-pin': annotation.nodeId ? 'node' : annotation.relationshipId ? 'link' : 'point' });
      if (annotation.nodeId) note.dataset.node = annotation.nodeId;
      note.append(element('span', annotation.text, { class: 'text' }));
      const sources = sourceLinks(annotation);
      if (sources.length) {
        const line = element('span', undefined, { class: 'sources' });
        line.append(...sources);
        note.append(line);
      }
      return note;
    }),
  );
  const renderer = currentRenderer();
  if (renderer) positionAnnotations(renderer);
}

/** After each frame: each note next to what it is pinned to, hidden when that is not drawn. */
export function positionAnnotations(renderer: Sigma): void {
  const target = layer();
  if (!target) return;
  target.querySelectorAll<HTMLElement>('.annotation').forEach((note) => {
    const annotation = state.annotations[Number(note.dataset.index)];
    const anchor = annotation && anchorOf(renderer, annotation);
    note.hidden = !anchor;
    if (!anchor) return;
    const point = renderer.graphToViewport(anchor);
    const offset = annotation.nodeId ? renderer.scaleSize(renderer.getNodeDisplayData(annotation.nodeId)?.size ?? 0) + 4 : 0;
    note.style.transform = `translate(${Math.round(point.x + offset)}px, ${Math.round(point.y + offset)}px)`;
  });
}

/**
 * Sigma frames the nodes only: a note at a point beyond them would fall off a drawing of another
 * size (the panel closed, an iframe). A map's frame takes its notes in.
 */
export function frameAnnotations(renderer: Sigma): void {
  if (!state.mapShown) return;
  const points = state.annotations.filter((note) => !note.nodeId && !note.relationshipId && note.x !== null && note.y !== null);
  if (points.length === 0 || renderer.getGraph().order === 0) return;
  const box = renderer.getBBox();
  const xs = points.map((note) => note.x as number);
  const ys = points.map((note) => note.y as number);
  const framed = { x: [Math.min(box.x[0], ...xs), Math.max(box.x[1], ...xs)] as [number, number], y: [Math.min(box.y[0], ...ys), Math.max(box.y[1], ...ys)] as [number, number] };
  if (framed.x[0] === box.x[0] && framed.x[1] === box.x[1] && framed.y[0] === box.y[0] && framed.y[1] === box.y[1]) return;
  renderer.setCustomBBox(framed);
  renderer.refresh();
}

// --- The editor ------------------------------------------------------------------------------

/** Set while "Pin to a point" waits for a click on the drawing. */
let pendingPoint: Omit<AnnotationInfo, 'x' | 'y'> | null = null;

function noteMessage(text: string, isError = false): void {
  const message = $('annotation-message');
  message.textContent = text;
  message.classList.toggle('error', isError);
}

/** The note being typed, or null (and says why) when it has no text. */
function draft(): Omit<AnnotationInfo, 'nodeId' | 'relationshipId' | 'x' | 'y'> | null {
  const text = ($('annotation-text') as HTMLTextAreaElement).value.trim();
  if (!text) {
    noteMessage('Write the note first', true);
    return null;
  }
  const url = ($('annotation-source-url') as HTMLInputElement).value.trim();
  const title = ($('annotation-source-title') as HTMLInputElement).value.trim() || null;
  if (url && !safeUrl(url)) {
    noteMessage('The source URL must start with http:// or https://', true);
    return null;
  }
  return { id: null, text, sourceIds: [], sources: [], ...(url ? { pendingSource: { url, title } } : {}) };
}

function add(annotation: AnnotationInfo): void {
  state.annotations.push(annotation);
  ($('annotation-text') as HTMLTextAreaElement).value = '';
  ($('annotation-source-url') as HTMLInputElement).value = '';
  ($('annotation-source-title') as HTMLInputElement).value = '';
  noteMessage('Added: it is kept when you save the map');
  renderAnnotations();
  renderAnnotationList();
}

export function renderAnnotationList(): void {
  const list = document.getElementById('annotation-list');
  if (!list) return;
  const labels = new Map(state.network?.nodes.map((node) => [node.id, node.label]) ?? []);
  list.replaceChildren(
    ...state.annotations.map((annotation, index) => {
      const pin = annotation.nodeId ? `on ${labels.get(annotation.nodeId) ?? annotation.nodeId}` : annotation.relationshipId ? 'on a link' : 'at a point';
      const item = element('li', `${annotation.text} `, { 'data-index': String(index) });
      item.append(element('span', `(${pin})`, { class: 'meta' }));
      const remove = element('button', '\u00d7', { type: 'button', class: 'remove', 'aria-label': `Remove the note "${annotation.text}"` });
      remove.addEventListener('click', () => {
        state.annotations.splice(index, 1);
        renderAnnotations();
        renderAnnotationList();
      });
      item.append(remove);
      return item;
    }),
  );
}

/** A click on the drawing while a point is awaited pins the note there. */
export function pointChosen(point: { x: number; y: number }): boolean {
  if (!pendingPoint) return false;
  const note = pendingPoint;
  pendingPoint = null;
  $('graph').classList.remove('picking');
  add({ ...note, x: point.x, y: point.y });
  return true;
}

export function setupAnnotationEditor(): void {
  $('annotation-pin-node').addEventListener('click', () => {
    if (!state.selected || !currentRenderer()?.getGraph().hasNode(state.selected)) {
      noteMessage('Click a node of the drawing first: the note is pinned to the selected node', true);
      return;
    }
    const note = draft();
    if (note) add({ ...note, nodeId: state.selected, relationshipId: null, x: null, y: null });
  });
  $('annotation-pin-point').addEventListener('click', () => {
    const note = draft();
    if (!note) return;
    pendingPoint = { ...note, nodeId: null, relationshipId: null };
    $('graph').classList.add('picking');
    noteMessage('Click the drawing where the note goes');
  });
}
