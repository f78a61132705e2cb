import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the client's selection under the current field asks for `name` directly, through an
 * inline fragment or through a named fragment. Lets a resolver skip reading what nobody asked
 * for, the way generated GraphQL layers project only the selected fields.
 */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  const visited = new Set<string>();
  const inSet = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((selection) => {
      if (selection.kind === 'Field') return selection.name.value === name;
      if (selection.kind === 'InlineFragment') return inSet(selection.selectionSet);
      const fragmentName = selection.name.value;
      if (visited.has(fragmentName)) return false;
      visited.add(fragmentName);
      return inSet(info.fragments[fragmentName]?.selectionSet);
    });
  return info.fieldNodes.some((field: FieldNode) => inSet(field.selectionSet));
}
