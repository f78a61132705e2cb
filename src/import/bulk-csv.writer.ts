import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';

/**
 * CSV files in the header format of neo4j-admin's importer: `name:type` columns, `:ID`,
 * `:LABEL`, `:START_ID`, `:END_ID` and `:TYPE`. Each column's type is settled from every row of
 * the file, so a property is stored with the same Cypher type as the transactional importer gives it.
 */

export type ColumnType = 'string' | 'double' | 'long' | 'boolean' | 'datetime' | 'string[]' | 'double[]';

/** Separates list items inside a field; a control character that no text field of the model holds. */
export const ARRAY_DELIMITER = '\u001f';

export interface PropertyColumn {
  name: string;
  type: ColumnType;
}

export class BulkCsvError extends Error {}

function typeOf(value: unknown, where: () => string): ColumnType | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'double';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return 'datetime';
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.every((item) => typeof item === 'string')) return 'string[]';
    if (value.every((item) => typeof item === 'number')) return 'double[]';
  }
  throw new BulkCsvError(`${where()} holds a value that a property cannot store`);
}

/** The property columns of a file: every key any row has, with the one type all its values share. */
export function propertyColumns(rows: Iterable<Record<string, unknown>>, what: string): PropertyColumn[] {
  const types = new Map<string, ColumnType>();
  for (const props of rows) {
    for (const [name, value] of Object.entries(props)) {
      const type = typeOf(value, () => `${what}.${name}`);
      if (type === null) continue;
      const seen = types.get(name);
      if (seen && seen !== type) throw new BulkCsvError(`${what}.${name} holds both ${seen} and ${type} values`);
      types.set(name, type);
    }
  }
  return [...types].map(([name, type]) => ({ name, type }));
}

/** A property as the importer reads it; null is an empty field, which leaves the property out. */
export function encodeValue(value: unknown, type: ColumnType): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'datetime':
      // A Date, or a datetime already in Neo4j's text (a dump's, restored as it was stored).
      return typeof value === 'string' ? value : (value as Date).toISOString();
    case 'string[]':
    case 'double[]': {
      const items = (value as unknown[]).map(String);
      if (items.length === 0) return null;
      if (items.some((item) => item.includes(ARRAY_DELIMITER))) {
        throw new BulkCsvError('a list item holds the bulk importer\'s list delimiter (U+001F)');
      }
      return items.join(ARRAY_DELIMITER);
    }
    default:
      return String(value);
  }
}

export function header(leading: string[], columns: readonly PropertyColumn[]): string[] {
  return [...leading, ...columns.map((column) => `${column.name}:${column.type}`)];
}

export function encodeProps(props: Record<string, unknown>, columns: readonly PropertyColumn[]): (string | null)[] {
  return columns.map((column) => encodeValue(props[column.name], column.type));
}

/** Streams rows to `file`, quoting every field that needs it (commas, quotes, line breaks); rows may come asynchronously (read from a file). */
export async function writeCsv(file: string, head: string[], rows: Iterable<(string | null)[]> | AsyncIterable<(string | null)[]>): Promise<void> {
  // An empty string is written `""` and kept as a value; an absent value (null) is a bare empty field.
  const csv = stringify({ quoted_match: /^$/ });
  const lines = Symbol.asyncIterator in rows ? withHeaderAsync(head, rows) : withHeader(head, rows);
  await pipeline(Readable.from(lines), csv, createWriteStream(file));
}

function* withHeader(head: string[], rows: Iterable<(string | null)[]>): Generator<(string | null)[]> {
  yield head;
  yield* rows;
}

async function* withHeaderAsync(head: string[], rows: AsyncIterable<(string | null)[]>): AsyncGenerator<(string | null)[]> {
  yield head;
  yield* rows;
}
