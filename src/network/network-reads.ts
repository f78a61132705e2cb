import type { GraphQLResolveInfo } from 'graphql';
import { selects } from '../common/selection';

/**
 * Whether a field returning a Network shows its links' properties: in `edges { properties }`, or
 * in `export`, whose files carry them. Reading them is most of a network statement's work (a
 * 2,000-node map: 290 ms with them, 175 without), so a drawing that asks only for the links'
 * ends and types reads none.
 */
export function readsEdgeProperties(info: GraphQLResolveInfo): boolean {
  return selects(info, 'edges', 'properties') || selects(info, 'export');
}
