import { Scale, SCALE_ORDER } from '../common/scale';
import type { GraphNode } from '../common/graph-node';
import type { ArticulationLevel } from './articulation.type';

export interface LevelledNode {
  node: GraphNode;
  /** Levels of the root's own ARTICULATES links to the node. */
  rootLevels: readonly string[];
  /** Levels of ARTICULATES links to the node from initiatives next to the root. */
  otherLevels: readonly string[];
  /** The node's own scale (Actor.scale, Initiative.scale), if any. */
  scale: Scale | null;
}

function mostLocal(levels: readonly string[]): Scale | null {
  return SCALE_ORDER.find((scale) => levels.includes(scale)) ?? null;
}

/**
 * The level a node is shown at: the level an ARTICULATES link gives it (the root's own links
 * first, the most local when there are several), else its own scale, else unknown (null).
 */
export function levelOf(entry: LevelledNode): Scale | null {
  return mostLocal(entry.rootLevels) ?? mostLocal(entry.otherLevels) ?? entry.scale ?? null;
}

/** Groups from local to international, then the unknown group last; empty groups are left out; names order each group. */
export function groupByLevel(entries: readonly LevelledNode[]): ArticulationLevel[] {
  const groups = new Map<Scale | null, GraphNode[]>();
  for (const entry of entries) {
    const level = levelOf(entry);
    groups.set(level, [...(groups.get(level) ?? []), entry.node]);
  }
  const order: (Scale | null)[] = [...SCALE_ORDER, null];
  return order
    .filter((level) => groups.has(level))
    .map((level) => ({
      level,
      nodes: groups.get(level)!.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    }));
}
