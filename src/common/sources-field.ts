import type { GraphQLResolveInfo } from 'graphql';
import type { AppContext } from '../server/context';
import type { Source } from '../sources/source.type';
import { nestedSources, sourcePropertiesFor, toSource } from '../sources/source.repository';
import { selectedFieldsUnder } from './selection';
import { fieldNodesUnderNodes, ReadAheadPlan } from './read-ahead';

/** Sources a node list read ahead for its nodes' `sources` field, by node. */
const readAhead = new WeakMap<object, Source[]>();

/** The sources `owner.sourceIds` names, as read ahead by its list or through the request's DataLoader, unknown ids dropped. */
export async function loadSources(ctx: AppContext, owner: { sourceIds: readonly string[] }): Promise<Source[]> {
  const ahead = readAhead.get(owner);
  if (ahead) return ahead;
  const sources = await ctx.loaders.source.loadMany(owner.sourceIds);
  return sources.filter((source): source is Source => source !== null && !(source instanceof Error));
}

/** Leaves the raw Source properties read for `owner` (a link of a page) where loadSources looks first. */
export function rememberSources(owner: object, found: readonly unknown[]): void {
  readAhead.set(owner, (found as Record<string, unknown>[]).map(toSource));
}

/** The `sources` field under a node list's `edges { node }`, read in the list's statement. */
export function planSources(info: GraphQLResolveInfo): ReadAheadPlan | null {
  const fieldNodes = fieldNodesUnderNodes(info, 'sources');
  if (fieldNodes.length === 0) return null;
  return {
    read: nestedSources('sources_of_node', sourcePropertiesFor(selectedFieldsUnder(info, fieldNodes))),
    remember(node, [found]) {
      rememberSources(node, found as unknown[]);
    },
  };
}
