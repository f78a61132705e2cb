import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { normaliseHeader, sniffDelimiter } from './csv/headers';

/**
 * Which reader a file goes to. `--format` names the first three; network files (Kumu, Gephi,
 * GraphML, Cytoscape) are told by their extension, and for CSV and JSON by their content:
 *
 * - a CSV nodes file is in this project's import format when its header has a Name column (its
 *   Label is then Actor, Initiative, Territory or Source); without one it is a Kumu elements or
 *   Gephi nodes table, whose Label is the name;
 * - a CSV edges file (From and To) is in the import format when it cites sources (a Source IDs or
 *   Sources column) and no file of the import is a Kumu or Gephi nodes table; a Gephi edges table
 *   (Source and Target) is always a network table;
 * - a JSON file is a network file when it holds Kumu's or Cytoscape's `elements`.
 */
export type Format = 'json' | 'csv' | 'iati';

export type Reader = Format | 'network';

const EXTENSIONS: Record<string, Reader> = {
  '.json': 'json',
  '.csv': 'csv',
  '.xml': 'iati',
  '.xlsx': 'network',
  '.gexf': 'network',
  '.graphml': 'network',
  '.cyjs': 'network',
};

export const NETWORK_EXTENSIONS = Object.keys(EXTENSIONS).filter((extension) => EXTENSIONS[extension] === 'network');

export function readerOf(file: string, forced?: Format): Reader | undefined {
  const byExtension = EXTENSIONS[path.extname(file).toLowerCase()];
  return byExtension === 'network' ? 'network' : (forced ?? byExtension);
}

/** The first record of a CSV text, as header names. */
export function csvHeaders(firstLine: string): string[] {
  const records = parse(firstLine, { delimiter: sniffDelimiter(firstLine), bom: true, relax_quotes: true, relax_column_count: true, to_line: 1 }) as string[][];
  return (records[0] ?? []).map((header) => header.trim());
}

export type CsvTable = 'native-nodes' | 'native-edges' | 'network-nodes' | 'network-edges';

const SOURCE_COLUMNS = ['sourceids', 'sources', 'sourceid'];

export function csvTableOf(headers: readonly string[]): CsvTable {
  const keys = new Set(headers.map(normaliseHeader));
  if (keys.has('source') && keys.has('target')) return 'network-edges';
  const edges = (keys.has('from') || keys.has('fromid')) && (keys.has('to') || keys.has('toid'));
  if (!edges) return keys.has('name') ? 'native-nodes' : 'network-nodes';
  return SOURCE_COLUMNS.some((column) => keys.has(column)) || keys.has('source') ? 'native-edges' : 'network-edges';
}

/** Applies the rule across the files of one import: an edges file beside a Kumu or Gephi nodes table is one of theirs. */
export function csvReaders(tables: readonly CsvTable[]): Reader[] {
  const network = tables.includes('network-nodes');
  return tables.map((table) => (table.startsWith('network') || (network && table === 'native-edges') ? 'network' : 'csv'));
}
