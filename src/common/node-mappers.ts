import type { NodeLabel } from '../relationships/relationship-kinds';
import type { GraphNode } from './graph-node';
import { toActor } from '../actors/actor.repository';
import { toInitiative } from '../initiatives/initiative.repository';
import { toTerritory } from '../territories/territory.repository';

const MAPPERS: Record<NodeLabel, (props: Record<string, unknown>) => GraphNode> = {
  Actor: toActor,
  Initiative: toInitiative,
  Territory: toTerritory,
};

/** Builds the concrete GraphNode (Actor, Initiative, Territory) for a row read with its label. */
export function toGraphNode(label: NodeLabel, props: Record<string, unknown>): GraphNode {
  return MAPPERS[label](props);
}
