import type { GraphQLResolveInfo } from 'graphql';
import type { AppContext } from '../server/context';
import { ACTOR_INITIATIVE_TYPES, NodeLabel } from '../relationships/relationship-kinds';
import { nestedNeighbours, NeighbourSpec } from '../relationships/relationship.repository';
import type { GraphNode } from './graph-node';
import { toGraphNode } from './node-mappers';
import { plainRecord } from './neo4j-values';
import { fieldNodesUnderNodes, joinNestedReads, ReadAheadPlan } from './read-ahead';

/** The list fields whose items are the node's neighbours through one kind of link. */
export const NEIGHBOUR_FIELDS = {
  Actor: {
    initiatives: { types: ACTOR_INITIATIVE_TYPES, direction: 'OUT', targetLabel: 'Initiative' },
    territories: { types: ['ACTS_IN'], direction: 'OUT', targetLabel: 'Territory' },
  },
  Initiative: {
    territories: { types: ['ACTS_IN'], direction: 'OUT', targetLabel: 'Territory' },
  },
} as const satisfies Partial<Record<NodeLabel, Record<string, NeighbourSpec>>>;

const SPECS: Partial<Record<NodeLabel, Record<string, NeighbourSpec>>> = NEIGHBOUR_FIELDS;

type FieldsOf<L extends keyof typeof NEIGHBOUR_FIELDS> = keyof (typeof NEIGHBOUR_FIELDS)[L] & string;

/** Neighbours a node list read ahead, by node and field name (no arguments, so aliases share them). */
const readAhead = new WeakMap<object, Map<string, GraphNode[]>>();

export function neighboursOf<L extends keyof typeof NEIGHBOUR_FIELDS>(
  ctx: AppContext,
  label: L,
  node: { id: string },
  field: FieldsOf<L>,
): Promise<GraphNode[]> {
  const ahead = readAhead.get(node)?.get(field);
  if (ahead) return Promise.resolve(ahead);
  return ctx.loaders.neighbours({ label, ...SPECS[label]![field] }).load(node.id);
}

/** The neighbour fields a node list's client selected under `edges { node }`, read in the list's statement. */
export function planNeighbours(info: GraphQLResolveInfo, label: NodeLabel): ReadAheadPlan | null {
  const selected = Object.entries(SPECS[label] ?? {}).filter(([name]) => fieldNodesUnderNodes(info, name).length > 0);
  if (selected.length === 0) return null;
  return {
    read: joinNestedReads(selected.map(([name, spec]) => nestedNeighbours(spec, `neighbours_${name}`))),
    remember(node, values) {
      readAhead.set(
        node,
        new Map(selected.map(([name, spec], i) => [name, (values[i] as unknown[]).map((props) => toGraphNode(spec.targetLabel, plainRecord(props)))])),
      );
    },
  };
}
