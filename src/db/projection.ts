/**
 * A node's stored properties as a Cypher map: all of them (`properties(n)`), or only `keys`, the
 * ones a client's selection needs. Keys come from fixed lists of model properties (such as
 * actorPropertiesFor's), never from a client; they are checked all the same, since they are
 * written into the statement.
 */
export function projectProperties(node: string, keys: readonly string[] | null | undefined): string {
  if (!keys) return `properties(${node})`;
  if (keys.some((key) => !/^[A-Za-z]+$/.test(key))) throw new Error(`not a property name in ${keys.join(', ')}`);
  return `{${keys.map((key) => `${key}: ${node}.${key}`).join(', ')}}`;
}
