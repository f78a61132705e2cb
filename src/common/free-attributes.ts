/**
 * Tags and free attributes: what a network file (Kumu, Gephi) says of a node or a link beyond the
 * model's own fields, kept under the file's own names.
 */

export type AttributeScalar = string | number | boolean;
export type AttributeValue = AttributeScalar | string[] | number[] | boolean[];
export type FlatAttributes = Record<string, AttributeValue>;

export const TAGS_DESCRIPTION = 'Free labels, as Kumu and Gephi files have them; empty when none';
export const ATTRIBUTES_DESCRIPTION =
  "Further facts under their own names, e.g. an imported file's own columns: a flat object whose values are strings, numbers, booleans or lists of one of those; null when none";
export const TAGS_INPUT_DESCRIPTION = 'Free labels: at most 100, each 1-100 characters, stored trimmed and each once';
export const ATTRIBUTES_INPUT_DESCRIPTION =
  'Further facts under their own names (an imported file\'s own columns): a flat object of at most 200 keys of 1-100 characters, each value a string (up to 5000 characters), a finite number, a boolean or a list of up to 100 of one of those. Replaces the stored attributes whole';

export const ATTRIBUTE_LIMITS = { keys: 200, keyLength: 100, textLength: 5000, listItems: 100 } as const;
export const TAG_LIMITS = { tags: 100, tagLength: 100 } as const;

const VALUE_KINDS = 'a string, a finite number, a boolean or a list of one of those';

function scalarProblem(value: unknown): string | null {
  if (typeof value === 'string') {
    return value.length > ATTRIBUTE_LIMITS.textLength ? `is ${value.length} characters long, more than ${ATTRIBUTE_LIMITS.textLength}` : null;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'is not a finite number';
  if (typeof value === 'boolean') return null;
  if (value === null) return 'is null; leave the key out instead';
  return `is ${Array.isArray(value) ? 'a list' : `an ${typeof value}`}; each value must be ${VALUE_KINDS}`;
}

function valueProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return scalarProblem(value);
  if (value.length > ATTRIBUTE_LIMITS.listItems) return `is a list of ${value.length} items, more than ${ATTRIBUTE_LIMITS.listItems}`;
  for (const [index, item] of value.entries()) {
    if (Array.isArray(item)) return `holds a list inside a list (item ${index}); each value must be ${VALUE_KINDS}`;
    const problem = scalarProblem(item);
    if (problem) return `item ${index} ${problem}`;
  }
  const kinds = new Set(value.map((item) => typeof item));
  return kinds.size > 1 ? `is a list that mixes ${[...kinds].sort().join(' and ')} items; a list holds one kind of value` : null;
}

/** What is wrong with a free attributes object, naming the key at fault; null when nothing is. */
export function flatAttributesProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `must be an object of attribute names to values, each ${VALUE_KINDS}`;
  }
  const entries = Object.entries(value);
  if (entries.length > ATTRIBUTE_LIMITS.keys) return `has ${entries.length} keys, more than ${ATTRIBUTE_LIMITS.keys}`;
  for (const [key, item] of entries) {
    if (key.length === 0) return 'has an empty key';
    if (key.length > ATTRIBUTE_LIMITS.keyLength) {
      return `key "${key.slice(0, 40)}…" is ${key.length} characters long, more than ${ATTRIBUTE_LIMITS.keyLength}`;
    }
    // Written as an ordinary key it would replace the prototype of the objects that exports build.
    if (key === '__proto__') return 'key "__proto__" is not allowed';
    const problem = valueProblem(item);
    if (problem) return `key "${key}" ${problem}`;
  }
  return null;
}

/**
 * One JSON text: Neo4j has no map properties, and free keys must never land among (or overwrite)
 * the model's own properties. Keys are sorted, so that the same attributes are the same text and
 * an upsert that repeats them changes nothing.
 */
export function storedAttributes(attributes: FlatAttributes): string {
  return JSON.stringify(Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

/** The stored JSON text read back; null when the property is absent. */
export function attributesOf(stored: unknown): FlatAttributes | null {
  if (typeof stored !== 'string') return null;
  const parsed: unknown = JSON.parse(stored);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as FlatAttributes) : null;
}

/** Tags are a set: stored trimmed, each once, in the order first given. */
export function storedTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim()))];
}

/**
 * Maps the `tags` and `attributes` of an input's properties onto their stored form; absent keys
 * stay absent (the property is left as it is) and null stays null (the property is removed).
 */
export function withTagsAndAttributes(props: Record<string, unknown>): Record<string, unknown> {
  const out = { ...props };
  if (Array.isArray(props.tags)) out.tags = storedTags(props.tags as string[]);
  if (typeof props.attributes === 'object' && props.attributes !== null) out.attributes = storedAttributes(props.attributes as FlatAttributes);
  return out;
}
