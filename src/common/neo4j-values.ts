import neo4j from 'neo4j-driver';

/** A value of one of the driver's temporal types. */
export function isTemporal(value: unknown): boolean {
  return (
    neo4j.isDateTime(value) ||
    neo4j.isDate(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  );
}

/**
 * Turns driver values (Integer, temporal types) into plain JSON-friendly values, recursively.
 * Only objects can be driver values: strings and numbers, most of what a record holds, are
 * returned before any of the driver's type checks (they were a tenth of a 2,000-node map's request).
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (isTemporal(value)) {
    return neo4j.isDateTime(value) ? new Date(value.toString()).toISOString() : String(value);
  }
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, entry]) => [key, toPlain(entry)]));
}

export function plainRecord(value: unknown): Record<string, unknown> {
  return (toPlain(value) ?? {}) as Record<string, unknown>;
}

/** A stored number as a JavaScript one, null where nothing is stored. */
export function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
