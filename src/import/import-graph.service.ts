import path from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { GraphQLError } from 'graphql';
import { BadInputError } from '../common/errors';
import { ImportService } from './import.service';
import { jsonDocumentRows } from './json.reader';
import { ImportSummary, SECTION_ORDER } from './import.document';
import { ImportErrorMode, ImportMatchMode, ImportProblem, ImportReport } from './import.type';
import type { ImportFileInput } from './import.input';
import type { NetworkImportOptions, NetworkImportService } from './network/network-import.service';
import { NetworkFileError } from './network/network-file';
import { parseTypeMapping, TypeMappingError } from './network/type-mapping';
import { formatOf, readImportFiles, withNetworkFiles } from './read-files';
import type { Progress } from './progress';

/** Where the mutation's document sits in errors and problems: the argument's name. */
const ARGUMENT = 'data';

export interface GraphImportOptions {
  /** Name of the API key that sent the document. */
  caller: string;
  dryRun: boolean;
  onError: ImportErrorMode;
  match?: ImportMatchMode;
}

function rowOrder(location: string): [number, number] {
  const [, section, index] = location.split('/');
  return [SECTION_ORDER.indexOf(section as never), Number(index)];
}

/** Reference checks run after field checks; a client reads the rows top to bottom. */
function inRowOrder(problems: ImportSummary['problems']): ImportProblem[] {
  return problems
    .map(({ location, field, reason }) => ({ location, field, reason }))
    .sort((a, b) => {
      const [sa, ia] = rowOrder(a.location);
      const [sb, ib] = rowOrder(b.location);
      return sa - sb || ia - ib;
    });
}

/** Files keep the order their readers found problems in, which is file order. */
function inFileOrder(problems: ImportSummary['problems']): ImportProblem[] {
  return problems.map(({ file, location, field, reason }) => ({ file, location, field, reason }));
}

const SILENT: Progress = { step: () => undefined, update: () => undefined, stop: () => undefined };

export interface FileImportOptions extends GraphImportOptions {
  sourceTitle?: string;
  sourceUrl?: string;
  idPrefix?: string;
  typeMapping?: unknown;
}

function networkOptions(options: FileImportOptions): NetworkImportOptions {
  let mapping;
  try {
    mapping = options.typeMapping === undefined ? undefined : parseTypeMapping(options.typeMapping);
  } catch (error) {
    if (error instanceof TypeMappingError) throw new BadInputError(`typeMapping.${error.field}`, error.reason);
    throw error;
  }
  return { mapping, idPrefix: options.idPrefix, source: { title: options.sourceTitle, url: options.sourceUrl } };
}

/** What reading a client's file may throw, as the client's error: never a server path nor a stack. */
function asBadFile(error: unknown, dir: string): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof NetworkFileError) return new BadInputError(`files.${error.file}`, `${error.location ? `${error.location}: ` : ''}${error.reason}`);
  const message = (error instanceof Error ? error.message : String(error)).split(dir + path.sep).join('').split(dir).join('');
  return new BadInputError('files', message);
}

function toReport(summary: ImportSummary, dryRun: boolean, order: (problems: ImportSummary['problems']) => ImportProblem[] = inRowOrder): ImportReport {
  const problems = order(summary.problems);
  return {
    written: summary.written,
    dryRun,
    sections: SECTION_ORDER.map((section) => ({ section, ...summary.counts[section], rejected: summary.rejected[section] })),
    relationshipTypes: Object.keys(summary.relationshipTypes)
      .sort()
      .map((type) => ({ type, ...summary.relationshipTypes[type] })),
    problems,
    warnings: order(summary.warnings),
    matches: summary.matches,
    elapsedMs: summary.elapsedMs,
    rowsPerSecond: summary.rowsPerSecond,
  };
}

/**
 * The importGraph mutation: the CLI's JSON path (jsonDocumentRows, then ImportService.run) for
 * documents small enough to send in one request.
 */
export class ImportGraphService {
  constructor(
    private readonly importer: Pick<ImportService, 'run'>,
    private readonly networkImporter: Pick<NetworkImportService, 'readFiles'>,
    private readonly maxRows: number,
  ) {}

  /**
   * The importFiles mutation: the files go through the CLI's own readers (written to a private
   * temporary folder, since the CSV and IATI readers stream from disk) and then ImportService.run,
   * in one transaction.
   */
  async importFiles(files: readonly ImportFileInput[], options: FileImportOptions): Promise<ImportReport> {
    const network = networkOptions(options);
    const names = new Set<string>();
    for (const file of files) {
      if (!formatOf(file.name)) throw new BadInputError(`files.${file.name}`, 'has an extension no reader knows: use .xlsx, .csv, .json, .gexf, .graphml, .cyjs or .xml');
      if (names.has(file.name)) throw new BadInputError(`files.${file.name}`, 'is given twice');
      names.add(file.name);
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'governance-graph-upload-'));
    try {
      const paths: string[] = [];
      for (const file of files) {
        const target = path.join(dir, path.basename(file.name));
        await writeFile(target, Buffer.from(file.contentBase64, 'base64'));
        paths.push(target);
      }
      const read = await readImportFiles(paths, undefined, SILENT).then((result) => withNetworkFiles(result, this.networkImporter, network, SILENT)).catch((error: unknown) => {
        throw asBadFile(error, dir);
      });
      if (read.rows.length > this.maxRows) {
        throw new BadInputError('files', `hold ${read.rows.length} rows; importFiles takes at most ${this.maxRows}: import larger files with \`npm run import\``);
      }
      const summary = await this.importer.run(read.rows, {
        by: `importFiles:${options.caller}`,
        dryRun: options.dryRun,
        onError: options.onError,
        match: options.match,
        readProblems: read.problems,
        readWarnings: read.warnings,
        transaction: 'single',
      });
      return toReport(summary, options.dryRun, inFileOrder);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async importDocument(data: unknown, options: GraphImportOptions): Promise<ImportReport> {
    const rows = jsonDocumentRows(data, ARGUMENT);
    if (rows.length > this.maxRows) {
      throw new BadInputError(
        ARGUMENT,
        `holds ${rows.length} rows; importGraph takes at most ${this.maxRows}: import larger documents with \`npm run import\``,
      );
    }
    const summary = await this.importer.run(rows, {
      by: `importGraph:${options.caller}`,
      dryRun: options.dryRun,
      onError: options.onError,
      match: options.match,
      // One transaction: a request that fails half-way leaves the graph as it was.
      transaction: 'single',
    });
    return toReport(summary, options.dryRun);
  }
}
