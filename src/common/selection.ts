import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { PageReads } from '../db/node.repository';

/**
 * Whether the client's selection under the current field asks for the field at `path` (e.g.
 * `'via'`, or `'edges', 'properties'` for `edges { properties }`), directly, through inline
 * fragments or through named fragments. Lets a resolver skip reading what nobody asked for, the
 * way generated GraphQL layers project only the selected fields.
 */
export function selects(info: GraphQLResolveInfo, ...path: string[]): boolean {
  return fieldsAt(info, path).length > 0;
}

/** `selects` under given field nodes (e.g. a nested field found by fieldNodesAt) rather than the current field. */
export function selectsUnder(info: GraphQLResolveInfo, nodes: readonly FieldNode[], ...path: string[]): boolean {
  return fieldsAt(info, path, nodes).length > 0;
}

/**
 * The field nodes at `path` under the current field, fragments included, for a parent resolver
 * that reads ahead what a nested field will need (relationships under `edges { node }`).
 */
export function fieldNodesAt(info: GraphQLResolveInfo, ...path: string[]): readonly FieldNode[] {
  return fieldsAt(info, path);
}

/** `fieldNodesAt` under given field nodes rather than the current field. */
export function fieldNodesUnder(info: GraphQLResolveInfo, nodes: readonly FieldNode[], ...path: string[]): readonly FieldNode[] {
  return fieldsAt(info, path, nodes);
}

/** The names of the fields selected under the field at `path`, fragments included. */
export function selectedFields(info: GraphQLResolveInfo, ...path: string[]): Set<string> {
  return selectedFieldsUnder(info, info.fieldNodes, ...path);
}

/** `selectedFields` under given field nodes rather than the current field. */
export function selectedFieldsUnder(info: GraphQLResolveInfo, nodes: readonly FieldNode[], ...path: string[]): Set<string> {
  const names = new Set<string>();
  const collect = (set: SelectionSetNode | undefined, visited: Set<string>): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === 'Field') names.add(selection.name.value);
      else if (selection.kind === 'InlineFragment') collect(selection.selectionSet, visited);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        collect(info.fragments[selection.name.value]?.selectionSet, visited);
      }
    }
  };
  for (const field of fieldsAt(info, path, nodes)) collect(field.selectionSet, new Set());
  return names;
}

/**
 * What a connection field must read for the selection under it: the total only when
 * `totalCount` is selected, and, given `propertiesFor` (e.g. actorPropertiesFor), only the
 * properties its nodes' selected fields need.
 */
export function pageReads(info: GraphQLResolveInfo, propertiesFor?: (selected: ReadonlySet<string>) => string[]): PageReads {
  return { totalCount: selects(info, 'totalCount'), properties: propertiesFor ? propertiesFor(selectedFields(info, 'edges', 'node')) : null };
}

function fieldsAt(info: GraphQLResolveInfo, path: readonly string[], from: readonly FieldNode[] = info.fieldNodes): readonly FieldNode[] {
  const fieldsNamed = (set: SelectionSetNode | undefined, name: string, visited: Set<string>): FieldNode[] =>
    (set?.selections ?? []).flatMap((selection) => {
      if (selection.kind === 'Field') return selection.name.value === name ? [selection] : [];
      if (selection.kind === 'InlineFragment') return fieldsNamed(selection.selectionSet, name, visited);
      const fragmentName = selection.name.value;
      if (visited.has(fragmentName)) return [];
      visited.add(fragmentName);
      return fieldsNamed(info.fragments[fragmentName]?.selectionSet, name, visited);
    });
  let level: readonly FieldNode[] = from;
  for (const name of path) {
    level = level.flatMap((field) => fieldsNamed(field.selectionSet, name, new Set()));
    if (level.length === 0) break;
  }
  return level;
}
