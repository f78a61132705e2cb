/**
 * Links between `nodeCount` generated nodes with a few hubs (low indices are drawn more often), so
 * that centralities and communities differ from node to node; the same seed gives the same links.
 */
export function hubLinks(nodeCount: number, linkCount: number, seed: number): { from: number; to: number }[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = () => Math.floor(nodeCount * random() ** 2);
  return Array.from({ length: linkCount }, () => {
    const from = pick();
    let to = pick();
    if (to === from) to = (from + 1) % nodeCount;
    return { from, to };
  });
}
