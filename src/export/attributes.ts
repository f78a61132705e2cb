import type { NetworkEdge, NetworkNode } from '../network/network.type';

/** A value every format can write: lists stay lists (GEXF has list types); anything nested becomes JSON. */
export type FlatValue = string | number | boolean | string[] | number[] | boolean[];

function flat(value: unknown): FlatValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  if (Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isFinite(item))) return value as number[];
  if (Array.isArray(value) && value.every((item) => typeof item === 'boolean')) return value as boolean[];
  return JSON.stringify(value);
}

/** The attributes every export writes for a node, in a fixed order; null kinds are left out. */
export function nodeAttributes(node: NetworkNode): Record<string, FlatValue> {
  const out: Record<string, FlatValue> = { label: node.label, type: node.type };
  if (node.kind !== null && node.kind !== undefined) out.kind = node.kind;
  return out;
}

/**
 * The attributes every export writes for a link: its type, then its properties. Structural
 * names win over a property that happens to share them, so an export can always be re-read.
 */
export function edgeAttributes(edge: NetworkEdge): Record<string, FlatValue> {
  const out: Record<string, FlatValue> = { type: edge.type };
  for (const [key, value] of Object.entries(edge.properties ?? {})) {
    if (key === 'type' || key === 'id' || key === 'source' || key === 'target') continue;
    const written = flat(value);
    if (written !== undefined) out[key] = written;
  }
  return out;
}

export type AttributeType = 'string' | 'double' | 'boolean';

/**
 * One type per attribute across all elements, as GraphML keys and typed readers need: numbers
 * are doubles (money amounts may have cents in one link and not in the next), lists are strings.
 */
export function attributeTypes(rows: readonly Record<string, FlatValue>[]): Map<string, AttributeType> {
  const types = new Map<string, AttributeType>();
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      const type: AttributeType = typeof value === 'number' ? 'double' : typeof value === 'boolean' ? 'boolean' : 'string';
      const known = types.get(key);
      types.set(key, known === undefined || known === type ? type : 'string');
    }
  }
  return types;
}
