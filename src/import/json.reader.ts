import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError } from '../common/errors';
import { SECTION_ORDER } from './import.document';
import type { RawRow } from './import.validator';

/**
 * Turns a parsed document in the JSON import format into located rows (JSON pointers such as
 * /actors/3). `name` stands for the document in errors and problems: the file name for the CLI,
 * the argument name for the importGraph mutation. Both go through here, so both accept the same
 * documents and refuse the same ones.
 */
export function jsonDocumentRows(document: unknown, name: string): RawRow[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new BadInputError(name, 'must hold an object with sources, territories, actors, initiatives, relationships');
  }
  const unknownSections = Object.keys(document).filter((key) => !(SECTION_ORDER as string[]).includes(key));
  if (unknownSections.length) throw new BadInputError(name, `has unknown section(s): ${unknownSections.join(', ')}`);
  return SECTION_ORDER.flatMap((section) => {
    const rows = (document as Record<string, unknown>)[section];
    if (rows === undefined) return [];
    if (!Array.isArray(rows)) throw new BadInputError(`${name}/${section}`, 'must be an array');
    return rows.map((value, index) => ({ section, value, file: name, location: `/${section}/${index}` }));
  });
}

export function parseJsonFile(content: Buffer | string, name: string): unknown {
  try {
    return JSON.parse(content.toString().replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new BadInputError(name, `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Reads a file in the JSON import format into located rows. */
export async function readJsonRows(file: string): Promise<RawRow[]> {
  const name = path.basename(file);
  return jsonDocumentRows(parseJsonFile(await readFile(file), name), name);
}
