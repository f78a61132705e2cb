import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { selectedFieldsUnder } from './selection';
import { territoryPropertiesFor } from '../territories/territory.repository';
import { actorPropertiesFor } from '../actors/actor.repository';
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

/**
 * The neighbour fields that read the same on every label that has them (`territories`, and
 * `initiatives`, which only actors have): a page of links can read them ahead for its links'
 * endpoints before it knows their labels, and keeps them only for the labels that have the field.
 */
export const ENDPOINT_NEIGHBOUR_FIELDS: ReadonlyMap<string, NeighbourSpec> = new Map(
  [...new Set(Object.values(SPECS).flatMap((fields) => Object.keys(fields)))].flatMap((field) => {
    const specs = Object.values(SPECS).flatMap((fields) => (fields[field] ? [fields[field]] : []));
    return specs.every((spec) => JSON.stringify(spec) === JSON.stringify(specs[0])) ? [[field, specs[0]] as const] : [];
  }),
);

/** Leaves `found` (raw node properties read for `field` by a page of links) where the endpoint's resolver looks first; labels without the field keep nothing. */
export function rememberNeighbours(node: GraphNode, field: string, found: readonly unknown[]): void {
  const spec = SPECS[node.nodeLabel]?.[field];
  if (!spec) return;
  const fields = readAhead.get(node) ?? new Map<string, GraphNode[]>();
  fields.set(field, found.map((props) => toGraphNode(spec.targetLabel, plainRecord(props))));
  readAhead.set(node, fields);
}

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

/** Projections of the labels whose nodes a neighbour field may read only in part. */
const PROPERTIES_FOR: Partial<Record<NodeLabel, (selected: ReadonlySet<string>) => string[]>> = {
  Actor: actorPropertiesFor,
  Territory: territoryPropertiesFor,
};

/** The stored properties of `targetLabel` that the selection under a neighbour field's nodes needs; null (all) for a label without a projection. */
export function neighbourPropertiesFor(info: GraphQLResolveInfo, fieldNodes: readonly FieldNode[], targetLabel: NodeLabel): string[] | null {
  return PROPERTIES_FOR[targetLabel]?.(selectedFieldsUnder(info, fieldNodes)) ?? null;
}

/** The neighbour fields a node list's client selected under `edges { node }`, read in the list's statement with only the properties selected under them. */
export function planNeighbours(info: GraphQLResolveInfo, label: NodeLabel): ReadAheadPlan | null {
  const selected = Object.entries(SPECS[label] ?? {})
    .map(([name, spec]) => ({ name, spec, fieldNodes: fieldNodesUnderNodes(info, name) }))
    .filter(({ fieldNodes }) => fieldNodes.length > 0)
    .map(({ name, spec, fieldNodes }) => [name, spec, neighbourPropertiesFor(info, fieldNodes, spec.targetLabel)] as const);
  if (selected.length === 0) return null;
  return {
    read: joinNestedReads(selected.map(([name, spec, properties]) => nestedNeighbours(spec, `neighbours_${name}`, properties))),
    remember(node, values) {
      readAhead.set(
        node,
        new Map(selected.map(([name, spec], i) => [name, (values[i] as unknown[]).map((props) => toGraphNode(spec.targetLabel, plainRecord(props)))])),
      );
    },
  };
}
