import { FieldNode, getDirectiveValues, GraphQLIncludeDirective, GraphQLResolveInfo, GraphQLSkipDirective } from 'graphql';
import type { NestedRead, PageReads } from '../db/node.repository';
import type { NodeLabel } from '../relationships/relationship-kinds';
import type { Page } from './connection';
import { fieldNodesUnder } from './selection';

/**
 * What one kind of nested field (links, neighbours, sources) plans to read for every node of a
 * list's page, inside the list's own statement, and where it leaves what was read for the
 * field's resolvers to find before they ask a DataLoader.
 */
export interface ReadAheadPlan {
  read: NestedRead;
  /** Takes the values this plan's read bound for one node, in the order of `read.values`. */
  remember(node: object, values: readonly unknown[]): void;
}

/** Plans the read ahead of one kind of field from the list field's selection; null when it is not selected. */
export type ReadAheadPlanner = (info: GraphQLResolveInfo, label: NodeLabel) => ReadAheadPlan | null;

/**
 * One nested read out of several, each binding its own variables with its own parameters; a
 * name used twice would make one plan read another's values, so it is refused.
 */
export function joinNestedReads(reads: readonly NestedRead[]): NestedRead {
  const values = reads.flatMap((read) => read.values);
  const params = reads.flatMap((read) => Object.keys(read.params));
  const twice = [...values, ...params].find((name, i, all) => all.indexOf(name) !== i);
  if (twice) throw new Error(`two nested reads bind ${twice}`);
  return {
    cypher: reads.map((read) => read.cypher).join('\n'),
    params: Object.assign({}, ...reads.map((read) => read.params)),
    values,
  };
}

/**
 * A node list's page read with the nested fields its client selected under `edges { node }`
 * read in the same statement (PageReads.nested), the way compiled GraphQL layers nest a
 * selection instead of sending one more statement per nested field.
 */
export async function withReadAhead<T extends { id: string }>(
  info: GraphQLResolveInfo,
  label: NodeLabel,
  reads: PageReads,
  planners: readonly ReadAheadPlanner[],
  list: (reads: PageReads) => Promise<Page<T>>,
): Promise<Page<T>> {
  const plans = planners.map((plan) => plan(info, label)).filter((plan): plan is ReadAheadPlan => plan !== null);
  if (plans.length === 0) return list(reads);
  const page = await list({ ...reads, nested: joinNestedReads(plans.map((plan) => plan.read)) });
  for (const node of page.items) {
    const values = page.nested?.get(node.id);
    if (!values) continue;
    let offset = 0;
    for (const plan of plans) {
      plan.remember(node, values.slice(offset, offset + plan.read.values.length));
      offset += plan.read.values.length;
    }
  }
  return page;
}

/** The field nodes named `name` under the list's `edges { node }`, fragments included, that `@skip` and `@include` leave in the response. */
export function fieldNodesUnderNodes(info: GraphQLResolveInfo, name: string): FieldNode[] {
  return includedFieldNodes(info, info.fieldNodes, 'edges', 'node', name);
}

/** The field nodes at `path` under `nodes`, fragments included, that `@skip` and `@include` leave in the response. */
export function includedFieldNodes(info: GraphQLResolveInfo, nodes: readonly FieldNode[], ...path: string[]): FieldNode[] {
  return fieldNodesUnder(info, nodes, ...path).filter((fieldNode) => included(fieldNode, info));
}

function included(fieldNode: FieldNode, info: GraphQLResolveInfo): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, fieldNode, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, fieldNode, info.variableValues)?.if !== false;
}
