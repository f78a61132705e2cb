import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { jsonDocumentRows, parseJsonFile } from './json.reader';
import { readCsvRows } from './csv.reader';
import { readIatiRows } from './iati.reader';
import type { Progress } from './progress';
import type { RowProblem, ReadResult } from './import.document';
import type { RawRow } from './import.validator';
import { csvHeaders, csvReaders, csvTableOf, Format, Reader, readerOf } from './file-kinds';
import { firstLineOf } from './csv/line-reading';
import { isNetworkJson } from './network/readers';
import type { FileContent, NetworkImportOptions, NetworkImportService } from './network/network-import.service';
import { verifyChecksum } from '../dump/checksum';
import { DumpFileError, DumpRestore, isDumpFile, readDump } from '../dump/dump.reader';

/** The reader a file goes to by its extension alone (CSV and JSON may still turn out to be network files). */
export function formatOf(file: string, forced?: Format): Reader | undefined {
  return readerOf(file, forced);
}

export interface ReadFiles extends Required<ReadResult> {
  /** Kumu, Gephi, GraphML and Cytoscape files, read once the database is open: their links may point at its nodes. */
  network: FileContent[];
  /** When the file is a dump (`npm run dump`): what its restore writes beyond the rows. */
  restore?: DumpRestore;
}

class RowCollector {
  rows: RawRow[] = [];
  problems: RowProblem[] = [];
  warnings: RowProblem[] = [];

  // concat, not push(...): a million rows as call arguments overflow the stack.
  add(result: { rows: RawRow[]; problems?: RowProblem[]; warnings?: RowProblem[] }): void {
    this.rows = this.rows.length ? this.rows.concat(result.rows) : result.rows;
    if (result.problems?.length) this.problems = this.problems.concat(result.problems);
    if (result.warnings?.length) this.warnings = this.warnings.concat(result.warnings);
  }
}

/** The CSV files of the import, each with the reader its header (and its neighbours' headers) calls for. */
async function csvFileReaders(files: readonly string[]): Promise<Map<string, Reader>> {
  const tables = await Promise.all(files.map(async (file) => csvTableOf(csvHeaders(await firstLineOf(file)))));
  const readers = csvReaders(tables);
  return new Map(files.map((file, index) => [file, readers[index]]));
}

/**
 * Reads the files of one import, each with its reader. Network files are only loaded here: they
 * are mapped by withNetworkFiles once the database is open, since their links may point at its nodes.
 */
export async function readImportFiles(files: readonly string[], format: Format | undefined, progress: Progress): Promise<ReadFiles> {
  // A file with a checksum beside it (graph.json.sha256, as `npm run dump` writes) must match it, or nothing is read.
  for (const file of files) if (await verifyChecksum(file)) progress.step(`${path.basename(file)}: sha256 matches ${path.basename(file)}.sha256`);
  const collector = new RowCollector();
  const network: FileContent[] = [];
  const iati: string[] = [];
  let restore: DumpRestore | undefined;
  const readers = new Map(files.map((file) => [file, formatOf(file, format)!]));
  const csv = await csvFileReaders(files.filter((file) => readers.get(file) === 'csv'));
  for (const file of files) {
    const reader = csv.get(file) ?? readers.get(file);
    if (reader === 'iati') {
      iati.push(file);
      continue;
    }
    if (reader === 'json' && (await isDumpFile(file))) {
      if (files.length > 1) throw new DumpFileError(`${path.basename(file)} is a dump, which is restored on its own: import it without other files`);
      progress.step(`reading ${file} (dump)`);
      const dump = await readDump(file);
      collector.add(dump);
      restore = dump.restore;
      continue;
    }
    progress.step(`reading ${file} (${reader === 'network' ? 'network file' : reader})`);
    if (reader === 'network') network.push({ name: path.basename(file), content: await readFile(file) });
    else if (reader === 'csv') collector.add(await readCsvRows(file));
    else {
      const content = await readFile(file);
      const document = parseJsonFile(content, path.basename(file));
      if (isNetworkJson(document)) network.push({ name: path.basename(file), content });
      else collector.add({ rows: jsonDocumentRows(document, path.basename(file)) });
    }
  }
  if (iati.length) {
    progress.step(`reading ${iati.join(', ')} (IATI)`);
    collector.add(await readIatiRows(iati));
  }
  return { rows: collector.rows, problems: collector.problems, warnings: collector.warnings, network, ...(restore ? { restore } : {}) };
}

export async function withNetworkFiles(
  read: ReadFiles,
  networkImporter: Pick<NetworkImportService, 'readFiles'>,
  options: NetworkImportOptions | undefined,
  progress: Progress,
): Promise<Required<ReadResult>> {
  if (read.network.length === 0) return read;
  progress.step(`mapping ${read.network.map((file) => file.name).join(', ')}`);
  const collector = new RowCollector();
  collector.add(read);
  collector.add(await networkImporter.readFiles(read.network, options));
  return { rows: collector.rows, problems: collector.problems, warnings: collector.warnings };
}

