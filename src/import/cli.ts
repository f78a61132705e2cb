import 'reflect-metadata';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import pino from 'pino';
import type { Config } from '../config';
import { CliIo, configOrReport, parseArguments, processIo, runAsScript } from '../common/cli';
import { DEFAULT_BATCH_SIZE } from './import.service';
import { createProgress } from './progress';
import { Format, formatOf, importFiles, messageOf, SINGLE_TRANSACTION_MAX_ROWS } from './import-files.use-case';
import { formatProblem, formatSummary, importReport } from './import-summary.format';
import { parseTypeMapping, TypeMapping, TypeMappingError } from './network/type-mapping';
import type { NetworkImportOptions } from './network/network-import.service';
import type { MatchMode } from './import.document';

/**
 * npm run import -- <file...> [--format json|csv|iati] [--dry-run] [--batch-size N]
 *                    [--on-error abort|skip] [--report FILE] [--transaction auto|single|batch]
 *                    [--bulk] [--map types.json] [--source-title T] [--source-url U] [--id-prefix P]
 *                    [--match report|link] [--match-min-score S]
 *
 * Exit codes: 0 when the import went through (with --on-error skip, also when rows were
 * skipped); 1 when rows were rejected with --on-error abort (nothing is written), or when the
 * import failed; 2 on usage errors (unknown option, missing file, unknown format).
 */

export { formatOf, formatProblem, formatSummary, SINGLE_TRANSACTION_MAX_ROWS, type Format };

export type { CliIo };

interface CliOptions {
  format?: Format;
  dryRun?: boolean;
  batchSize: number;
  onError: 'abort' | 'skip';
  report?: string;
  transaction: 'auto' | 'single' | 'batch';
  bulk?: boolean;
  map?: string;
  sourceTitle?: string;
  sourceUrl?: string;
  idPrefix?: string;
  match: MatchMode;
  matchMinScore?: number;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100_000) {
    throw new InvalidArgumentError('must be a whole number from 1 to 100000');
  }
  return Number(value);
}

function score(value: string): number {
  const parsed = Number(value);
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(value) || Number.isNaN(parsed)) throw new InvalidArgumentError('must be a number from 0 to 1');
  return parsed;
}

function buildProgram(io: CliIo): Command {
  return new Command('import')
    .description('Import JSON, CSV or IATI activity XML, or a network from Kumu (.xlsx, CSV, JSON), Gephi (tables, GEXF), GraphML or Cytoscape, into the governance graph')
    .argument('<file...>', 'files to import; CSV comes as a nodes file and an edges file (Kumu: elements and connections)')
    .addOption(
      new Option('--format <format>', 'format of every file (default: from the extension: .json, .csv, .xml)').choices([
        'json',
        'csv',
        'iati',
      ]),
    )
    .option('--dry-run', 'validate and report every bad row, write nothing')
    .option('--batch-size <n>', 'rows per UNWIND batch', positiveInteger, DEFAULT_BATCH_SIZE)
    .addOption(
      new Option('--on-error <mode>', 'abort: write nothing when any row is bad; skip: write the good rows and report the bad ones')
        .choices(['abort', 'skip'])
        .default('abort'),
    )
    .option('--report <file>', 'write a JSON report of the import and its bad rows (default with --on-error skip: import-report-<time>.json)')
    .addOption(
      new Option('--transaction <mode>', `single: one transaction; batch: one per batch; auto: single up to ${SINGLE_TRANSACTION_MAX_ROWS} rows`)
        .choices(['auto', 'single', 'batch'])
        .default('auto'),
    )
    .option(
      '--bulk',
      'first load into an empty embedded database: validate every row as usual, then build the store offline with neo4j-admin\'s importer (needs NEO4J_URI unset)',
    )
    .option('--map <file>', 'JSON table from Kumu/Gephi element and connection types to labels, kinds and relationship types, laid over the defaults (see README, "Bring your own data")')
    .option('--source-title <title>', 'title of the Source made for each file whose rows name no source (default: the file name)')
    .option('--source-url <url>', 'where that file can be found again, for its Source')
    .addOption(
      new Option('--match <mode>', 'new actors that score as likely duplicates of existing ones: report lists them; link also resolves a row to the existing actor when an identifier agrees')
        .choices(['report', 'link'])
        .default('report'),
    )
    .option('--match-min-score <score>', 'score from which a match is reported (default: duplicateCandidates\' threshold)', score)
    .option('--id-prefix <prefix>', 'put before every id a Kumu, Gephi or GraphML file gives, so that two files numbering their nodes alike stay apart')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
}

/** Why a file named on the command line cannot be imported; a usage error, exit code 2. */
function fileProblem(file: string, options: CliOptions): string | null {
  if (!existsSync(file) || !statSync(file).isFile()) return `no such file: ${file}`;
  if (!formatOf(file, options.format)) return `cannot tell the format of ${file} from its extension; use --format json|csv|iati, or one of .xlsx, .gexf, .graphml, .cyjs`;
  return null;
}

class UsageError extends Error {}

function readTypeMapping(file: string): TypeMapping {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--map ${path.basename(file)} is not a readable JSON file (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    return parseTypeMapping(document);
  } catch (error) {
    if (error instanceof TypeMappingError) throw new UsageError(`--map ${path.basename(file)}: ${error.message}`);
    throw error;
  }
}

function networkOptions(options: CliOptions, io: CliIo): NetworkImportOptions {
  if (options.sourceUrl !== undefined && !/^https?:\/\/\S+$/.test(options.sourceUrl)) throw new UsageError('--source-url must be an http(s) URL');
  if (options.idPrefix !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,49}$/.test(options.idPrefix)) {
    throw new UsageError('--id-prefix must be 1-50 letters, digits, ".", "_", ":" or "-", starting with a letter or digit');
  }
  return {
    mapping: options.map ? readTypeMapping(path.resolve(io.cwd, options.map)) : undefined,
    idPrefix: options.idPrefix,
    source: { title: options.sourceTitle, url: options.sourceUrl },
  };
}

function reportPath(options: CliOptions, io: CliIo, problems: number): string | undefined {
  if (options.report) return path.resolve(io.cwd, options.report);
  if (options.onError === 'skip' && problems > 0) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return path.join(io.cwd, `import-report-${stamp}.json`);
  }
  return undefined;
}

function withImportTimeout(config: Config): Config {
  // Reference checks over a whole file are one big read; the API's per-request timeout is too short for them.
  return { ...config, neo4j: { ...config.neo4j, queryTimeoutMs: Math.max(config.neo4j.queryTimeoutMs, 10 * 60 * 1000) } };
}

/** Runs the CLI in this process and returns its exit code; the database is opened and closed here. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  const stopped = parseArguments(program, argv);
  if (stopped !== null) return stopped;
  const options = program.opts<CliOptions>();
  const files = program.args.map((file) => path.resolve(io.cwd, file));
  const badFile = files.map((file) => fileProblem(file, options)).find((problem) => problem !== null);
  if (badFile) {
    io.stderr.write(`error: ${badFile}\n`);
    return 2;
  }
  const loaded = configOrReport(io);
  if (!loaded) return 1;
  const config = withImportTimeout(loaded);
  let network: NetworkImportOptions;
  try {
    network = networkOptions(options, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`error: ${error.message}\n`);
    return 2;
  }
  if (options.bulk && config.neo4j.uri) {
    io.stderr.write('error: --bulk builds the embedded database offline and cannot write to the server at NEO4J_URI; unset NEO4J_URI, or import without --bulk\n');
    return 2;
  }

  const logger = pino({ level: config.logLevel, base: { service: 'governance-graph-import' } }, io.stderr as NodeJS.WritableStream);
  const progress = createProgress(io.stderr);
  try {
    const { summary, transaction } = await importFiles({ ...options, files, network }, { config, logger, progress });
    progress.stop();
    if (summary.problems.length) {
      io.stdout.write(`Bad rows (${summary.problems.length}):\n`);
      for (const bad of summary.problems) io.stdout.write(`  ${formatProblem(bad)}\n`);
    }
    io.stdout.write(formatSummary(summary, options));
    const target = reportPath(options, io, summary.problems.length);
    if (target) {
      const reportOptions = {
        format: options.format ?? 'by extension',
        dryRun: Boolean(options.dryRun),
        batchSize: options.batchSize,
        onError: options.onError,
        transaction,
        match: options.match,
      };
      await writeFile(target, `${JSON.stringify(importReport(summary, { files, options: reportOptions }), null, 2)}\n`);
      io.stdout.write(`report: ${target}\n`);
    }
    return summary.problems.length > 0 && options.onError === 'abort' ? 1 : 0;
  } catch (error) {
    progress.stop();
    logger.debug({ err: error }, 'import failed');
    io.stderr.write(`import failed: ${messageOf(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.once('SIGINT', () => {
    // The embedded Neo4j, if any, stops with this process (its launcher watches stdin); an open
    // transaction is rolled back by the server when the connection drops.
    process.stderr.write('\ninterrupted: the open transaction is rolled back\n');
    process.exit(130);
  });
  runAsScript(main, 'import');
}
