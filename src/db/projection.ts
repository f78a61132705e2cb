/**
 * The stored properties a node needs for the fields a client selected: `always`, each selected
 * field that `stored` names (stored under the field's own name), and sourceIds for `sources`.
 * The node's other field resolvers start from its id.
 */
export function storedPropertiesFor(selected: ReadonlySet<string>, stored: ReadonlySet<string>, always: readonly string[] = ['id', 'name']): string[] {
  const keys = new Set(always);
  for (const field of selected) if (stored.has(field)) keys.add(field);
  if (selected.has('sources')) keys.add('sourceIds');
  return [...keys];
}

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

/** The fields of a node of any label that LIGHT_NODE_PROPERTIES serve (neighbour lists need only the id). */
const LIGHT_NODE_FIELDS = new Set(['id', 'name', 'kind', '__typename', 'territories', 'initiatives']);
export const LIGHT_NODE_PROPERTIES = ['id', 'name', 'kind'];

/**
 * The properties a node whose label is not known yet (a link's end, a map's node) needs for the
 * selected fields: the few that views ask for (`{ id name }`), or all of them (null) as soon as
 * anything else is selected. Reading every property, audit DateTimes included, was most of what
 * the driver decoded for pages of links and for a map's 2,000 nodes.
 */
export function anyNodePropertiesFor(selected: Iterable<string>): string[] | null {
  return [...selected].every((field) => LIGHT_NODE_FIELDS.has(field)) ? LIGHT_NODE_PROPERTIES : null;
}
