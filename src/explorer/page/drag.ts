/**
 * Nodes are moved by dragging them, so that a map is laid out by hand before it is saved. The
 * frame is frozen on the first drag (sigma's custom bounding box), or every other node would
 * shift as the dragged one leaves the extent of the graph.
 */
import type Sigma from 'sigma';

export function enableDragging(renderer: Sigma): void {
  const graph = renderer.getGraph();
  let dragged: string | null = null;
  renderer.on('downNode', ({ node }) => {
    dragged = node;
    if (!renderer.getCustomBBox()) renderer.setCustomBBox(renderer.getBBox());
  });
  renderer.on('moveBody', ({ event }) => {
    if (!dragged) return;
    const point = renderer.viewportToGraph(event);
    graph.mergeNodeAttributes(dragged, { x: point.x, y: point.y, fixed: true });
    // Keeps the camera still while a node moves.
    event.preventSigmaDefault();
    event.original.preventDefault();
    event.original.stopPropagation();
  });
  const drop = () => {
    dragged = null;
  };
  renderer.on('upNode', drop);
  renderer.on('upStage', drop);
}
