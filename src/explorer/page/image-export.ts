/**
 * The drawing on screen as an image: PNG from sigma's own layers, SVG written from the graph.
 * - PNG: sigma draws on stacked canvases (WebGL for edges and nodes, 2D for labels). Their WebGL
 *   buffers are not kept after a frame is shown (preserveDrawingBuffer is off), so the drawing is
 *   refreshed, synchronously, and each layer is copied onto one canvas in the same task, over a
 *   white ground, with the annotations written on top.
 * - SVG: one line per link and one circle and label per node, at their places on screen, with
 *   the colours and sizes drawn (reducers applied), built with DOM calls so that every label is
 *   text, never markup.
 */
import type Sigma from 'sigma';
import { anchorOf } from './annotations';
import { state } from './state';

const SVG_NS = 'http://www.w3.org/2000/svg';
const LABEL_FONT = '12px system-ui, sans-serif';

interface NodeShape {
  x: number;
  y: number;
  radius: number;
  color: string;
  label: string;
  hidden: boolean;
}

function nodeShapes(renderer: Sigma): Map<string, NodeShape> {
  const graph = renderer.getGraph();
  const shapes = new Map<string, NodeShape>();
  graph.forEachNode((node, attributes) => {
    const display = renderer.getNodeDisplayData(node);
    const point = renderer.graphToViewport({ x: attributes.x as number, y: attributes.y as number });
    shapes.set(node, {
      x: point.x,
      y: point.y,
      radius: renderer.scaleSize(display?.size ?? (attributes.size as number) ?? 4),
      color: display?.color ?? (attributes.color as string) ?? '#999',
      label: String(attributes.label ?? node),
      hidden: display?.hidden ?? false,
    });
  });
  return shapes;
}

/** Notes at their places on screen, as positionAnnotations shows them. */
function notesOnScreen(renderer: Sigma): { x: number; y: number; text: string }[] {
  return state.annotations.flatMap((annotation) => {
    const anchor = anchorOf(renderer, annotation);
    if (!anchor) return [];
    const point = renderer.graphToViewport(anchor);
    const offset = annotation.nodeId ? renderer.scaleSize(renderer.getNodeDisplayData(annotation.nodeId)?.size ?? 0) + 4 : 0;
    return [{ x: point.x + offset, y: point.y + offset, text: annotation.text }];
  });
}

export function pngOf(renderer: Sigma): Promise<Blob> {
  const { width, height } = renderer.getDimensions();
  const ratio = window.devicePixelRatio || 1;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('This browser cannot draw on a canvas'));
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  renderer.refresh();
  for (const layer of Object.values(renderer.getCanvases())) context.drawImage(layer, 0, 0, canvas.width, canvas.height);
  context.scale(ratio, ratio);
  context.font = LABEL_FONT;
  context.textBaseline = 'top';
  for (const note of notesOnScreen(renderer)) {
    const boxWidth = Math.min(context.measureText(note.text).width + 8, 260);
    context.fillStyle = 'rgba(255, 250, 205, 0.95)';
    context.fillRect(note.x, note.y, boxWidth, 18);
    context.fillStyle = '#1d252c';
    context.fillText(note.text, note.x + 4, note.y + 3, boxWidth - 8);
  }
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made'))), 'image/png'));
}

function svgElement(tag: string, attributes: Record<string, string | number>): SVGElement {
  const created = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, String(value));
  return created;
}

function svgText(text: string, attributes: Record<string, string | number>): SVGElement {
  const label = svgElement('text', attributes);
  label.textContent = text;
  return label;
}

export function svgOf(renderer: Sigma, title: string): Blob {
  const graph = renderer.getGraph();
  const { width, height } = renderer.getDimensions();
  const nodes = nodeShapes(renderer);
  const svg = svgElement('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': 'system-ui, sans-serif', 'font-size': 12 });
  svg.append(Object.assign(svgElement('title', {}), { textContent: title }));
  svg.append(svgElement('rect', { width, height, fill: '#ffffff' }));
  const edges = svgElement('g', { class: 'edges' });
  graph.forEachEdge((edge, _attributes, source, target) => {
    const from = nodes.get(source);
    const to = nodes.get(target);
    const display = renderer.getEdgeDisplayData(edge);
    if (!from || !to || display?.hidden) return;
    const line = svgElement('line', {
      x1: from.x.toFixed(1),
      y1: from.y.toFixed(1),
      x2: to.x.toFixed(1),
      y2: to.y.toFixed(1),
      stroke: display?.color ?? '#ccc',
      'stroke-width': Math.max(0.5, renderer.scaleSize(display?.size ?? 1)).toFixed(2),
      'data-id': edge,
    });
    edges.append(line);
  });
  const circles = svgElement('g', { class: 'nodes' });
  const labels = svgElement('g', { class: 'labels', fill: '#1d252c' });
  for (const [id, node] of nodes) {
    if (node.hidden) continue;
    const circle = svgElement('circle', { cx: node.x.toFixed(1), cy: node.y.toFixed(1), r: node.radius.toFixed(1), fill: node.color, 'data-id': id });
    circle.append(Object.assign(svgElement('title', {}), { textContent: node.label }));
    circles.append(circle);
    labels.append(svgText(node.label, { x: (node.x + node.radius + 3).toFixed(1), y: (node.y + 4).toFixed(1), 'data-id': id }));
  }
  const notes = svgElement('g', { class: 'annotations' });
  for (const note of notesOnScreen(renderer)) {
    notes.append(svgElement('rect', { x: note.x.toFixed(1), y: note.y.toFixed(1), width: Math.min(note.text.length * 7 + 8, 260), height: 18, fill: '#fffacd', stroke: '#e0d890' }));
    notes.append(svgText(note.text, { x: (note.x + 4).toFixed(1), y: (note.y + 13).toFixed(1) }));
  }
  svg.append(edges, circles, labels, notes);
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
  return new Blob([text], { type: 'image/svg+xml' });
}
