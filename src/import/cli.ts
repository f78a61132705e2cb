import 'reflect-metadata';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pino from 'pino';
import { GraphQLError } from 'graphql';
import { Config, ConfigError, loadConfig } from '../config';
import { openDatabase, OpenDatabase } from '../db/open';
import { createServices } from '../server/services';
import { DEFAULT_BATCH_SIZE, ImportOptions, ImportService } from './import.service';
import { BulkFiles, BulkImportService } from './bulk-import.service';
import { ImportRepository } from './import.repository';
import { bulkImportLocalNeo4j } from '../db/local-neo4j';
import { readJsonRows } from './json.reader';
import { readCsvRows } from './csv.reader';
import { readIatiRows } from './iati.reader';
import { createProgress, Progress, ProgressStream } from './progress';
import { ImportProblem, ImportSummary, Outcome, Section, SECTION_ORDER } from './import.document';
import type { RawRow } from './import.validator';

/**
 * npm run import -- <file...> [--format json|csv|iati] [--dry-run] [--batch-size N]
 *                    [--on-error abort|skip] [--report FILE] [--transaction auto|single|batch]
 *                    [--bulk]
 *
 * Exit codes: 0 when the import went through (with --on-error skip, also when rows were
 * skipped); 1 when rows were rejected with --on-error abort (nothing is written), or when the
 * import failed; 2 on usage errors (unknown option, missing file, unknown format).
 */

export type Format = 'json' | 'csv' | 'iati';

export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface CliOptions {
  format?: Format;
  dryRun?: boolean;
  batchSize: number;
  onError: 'abort' | 'skip';
  report?: string;
  transaction: 'auto' | 'single' | 'batch';
  bulk?: boolean;
}

/** Above this many rows, `--transaction auto` commits batch by batch: one transaction would outgrow the server's memory. */
export const SINGLE_TRANSACTION_MAX_ROWS = 20_000;

const EXTENSIONS: Record<string, Format> = { '.json': 'json', '.csv': 'csv', '.xml': 'iati' };

export function formatOf(file: string, forced?: Format): Format | undefined {
  return forced ?? EXTENSIONS[path.extname(file).toLowerCase()];
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100_000) {
    throw new InvalidArgumentError('must be a whole number from 1 to 100000');
  }
  return Number(value);
}

class UsageError extends Error {}

function buildProgram(io: CliIo): Command {
  return new Command('import')
    .description('Import JSON, CSV or IATI activity XML into the governance graph')
    .argument('<file...>', 'files to import; CSV comes as a nodes file and an edges file')
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
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
}

async function readAll(files: string[], options: CliOptions, progress: Progress): Promise<{ rows: RawRow[]; problems: ImportProblem[] }> {
  let rows: RawRow[] = [];
  let problems: ImportProblem[] = [];
  // concat, not push(...): a million rows as call arguments overflow the stack.
  const add = (result: { rows: RawRow[]; problems?: ImportProblem[] }) => {
    rows = rows.length ? rows.concat(result.rows) : result.rows;
    if (result.problems?.length) problems = problems.concat(result.problems);
  };
  const iati: string[] = [];
  for (const file of files) {
    const format = formatOf(file, options.format)!;
    if (format === 'iati') {
      iati.push(file);
      continue;
    }
    progress.step(`reading ${file} (${format})`);
    add(format === 'json' ? { rows: await readJsonRows(file) } : await readCsvRows(file));
  }
  if (iati.length) {
    progress.step(`reading ${iati.join(', ')} (IATI)`);
    add(await readIatiRows(iati));
  }
  return { rows, problems };
}

function pad(value: string | number, width: number, left = false): string {
  const text = String(value);
  return left ? text.padEnd(width) : text.padStart(width);
}

export function formatProblem(problem: ImportProblem): string {
  return `${problem.file} ${problem.location}  ${problem.field || '(row)'}: ${problem.reason}`;
}

export function formatSummary(summary: ImportSummary, options: { dryRun?: boolean; onError: 'abort' | 'skip' }): string {
  const lines: string[] = [];
  const bad = summary.problems.length;
  const state = options.dryRun
    ? 'dry run, nothing written'
    : summary.written
      ? bad
        ? `written; ${bad} problem(s), bad rows skipped`
        : 'written'
      : `nothing written: ${bad} problem(s) with --on-error ${options.onError}`;
  lines.push(`Import summary (${state})`);
  const header = `${pad('', 20, true)}${pad('created', 9)}${pad('updated', 9)}${pad('unchanged', 11)}${pad('rejected', 10)}`;
  lines.push(header);
  const totals: Record<Outcome | 'rejected', number> = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const row = (name: string, counts: Record<Outcome, number>, rejected: number) =>
    `${pad(name, 20, true)}${pad(counts.created, 9)}${pad(counts.updated, 9)}${pad(counts.unchanged, 11)}${pad(rejected, 10)}`;
  for (const section of SECTION_ORDER as Section[]) {
    const counts = summary.counts[section];
    lines.push(row(section, counts, summary.rejected[section]));
    for (const key of Object.keys(totals) as Outcome[]) if (key in counts) totals[key] += counts[key];
    totals.rejected += summary.rejected[section];
    if (section === 'relationships') {
      for (const type of Object.keys(summary.relationshipTypes).sort()) {
        const typeCounts = summary.relationshipTypes[type];
        lines.push(row(`  ${type}`, typeCounts, typeCounts.rejected));
      }
    }
  }
  if (summary.unreadable) {
    lines.push(`${pad('unreadable rows', 20, true)}${pad('', 29)}${pad(summary.unreadable, 10)}`);
    totals.rejected += summary.unreadable;
  }
  lines.push(row('total', totals, totals.rejected));
  const seconds = (summary.elapsedMs / 1000).toFixed(2);
  lines.push(`elapsed ${seconds} s, ${summary.rowsPerSecond} rows/s`);
  if (summary.phasesMs) {
    lines.push(`phases: ${Object.entries(summary.phasesMs).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
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

function messageOf(error: unknown): string {
  if (error instanceof GraphQLError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Runs the CLI in this process and returns its exit code; the database is opened and closed here. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = program.opts<CliOptions>();
  const files = program.args.map((file) => path.resolve(io.cwd, file));
  try {
    for (const file of files) {
      if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
      if (!formatOf(file, options.format)) {
        throw new UsageError(`cannot tell the format of ${file} from its extension; use --format json|csv|iati`);
      }
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`error: ${error.message}\n`);
    return 2;
  }

  let config: Config;
  try {
    config = withImportTimeout(loadConfig(io.env as never));
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (options.bulk && config.neo4j.uri) {
    io.stderr.write('error: --bulk builds the embedded database offline and cannot write to the server at NEO4J_URI; unset NEO4J_URI, or import without --bulk\n');
    return 2;
  }
  const logger = pino({ level: config.logLevel, base: { service: 'governance-graph-import' } }, io.stderr as NodeJS.WritableStream);
  const progress = createProgress(io.stderr);
  let database: OpenDatabase | null = null;
  try {
    const { rows, problems } = await readAll(files, options, progress);
    progress.step(`${rows.length} rows read${problems.length ? `, ${problems.length} unreadable` : ''}; validating`);
    database = await openDatabase(config, logger);
    const services = createServices(database.db);
    const transaction =
      options.transaction === 'auto' ? (rows.length > SINGLE_TRANSACTION_MAX_ROWS ? 'batch' : 'single') : options.transaction;
    const by = `import:${files.map((file) => path.basename(file)).join(',')}`.slice(0, 200);
    const importOptions: ImportOptions = {
      by,
      dryRun: options.dryRun,
      batchSize: options.batchSize,
      onError: options.onError,
      readProblems: problems,
      transaction,
      onProgress: (done, total) => progress.update(done, total),
    };
    let summary: ImportSummary;
    if (options.bulk) {
      const open = database;
      database = null;
      ({ summary, database } = await bulkImport(rows, importOptions, { config, logger, progress, database: open, services }));
    } else {
      summary = await new ImportService(services).run(rows, importOptions);
    }
    progress.stop();

    if (summary.problems.length) {
      io.stdout.write(`Bad rows (${summary.problems.length}):\n`);
      for (const problem of summary.problems) io.stdout.write(`  ${formatProblem(problem)}\n`);
    }
    io.stdout.write(formatSummary(summary, options));
    const target = reportPath(options, io, summary.problems.length);
    if (target) {
      const report = {
        createdAt: new Date().toISOString(),
        files,
        options: {
          format: options.format ?? 'by extension',
          dryRun: Boolean(options.dryRun),
          batchSize: options.batchSize,
          onError: options.onError,
          transaction: options.bulk ? 'bulk' : transaction,
        },
        written: summary.written,
        counts: summary.counts,
        rejected: summary.rejected,
        relationshipTypes: summary.relationshipTypes,
        unreadable: summary.unreadable,
        elapsedMs: summary.elapsedMs,
        rowsPerSecond: summary.rowsPerSecond,
        ...(summary.phasesMs ? { phasesMs: summary.phasesMs } : {}),
        problems: summary.problems,
      };
      await writeFile(target, `${JSON.stringify(report, null, 2)}\n`);
      io.stdout.write(`report: ${target}\n`);
    }
    return summary.problems.length > 0 && options.onError === 'abort' ? 1 : 0;
  } catch (error) {
    progress.stop();
    logger.debug({ err: error }, 'import failed');
    io.stderr.write(`import failed: ${messageOf(error)}\n`);
    return 1;
  } finally {
    await database?.close();
  }
}

interface BulkContext {
  config: Config;
  logger: pino.Logger;
  progress: Progress;
  database: OpenDatabase;
  services: ReturnType<typeof createServices>;
}

/**
 * --bulk: the rows are checked as by any import, against the database that must be empty; then
 * Neo4j stops, neo4j-admin's importer builds the store from CSV files, and Neo4j starts again on
 * it, building every index of the migrations. Returns the database open on the new store.
 */
async function bulkImport(rows: RawRow[], options: ImportOptions, context: BulkContext): Promise<{ summary: ImportSummary; database: OpenDatabase }> {
  const { config, logger, progress, services } = context;
  let database: OpenDatabase | null = context.database;
  try {
    const { nodes } = await database.db.read((tx) => new ImportRepository().counts(tx));
    if (nodes > 0) {
      throw new Error(
        `--bulk builds a new database, and the one in ${config.neo4j.localDataDir} already holds ${nodes} node(s); point NEO4J_LOCAL_DATA at a new folder, or import without --bulk`,
      );
    }
    const phases: Record<string, number> = {};
    let phaseStart = Date.now();
    const endPhase = (name: string) => {
      phases[name] = Date.now() - phaseStart;
      phaseStart = Date.now();
    };
    const importer = new ImportService(services);
    const plan = await importer.plan(rows, options);
    if (!plan.writable) return { summary: plan.summary, database };
    await database.close();
    database = null;
    endPhase('validation');
    const dir = await mkdtemp(path.join(tmpdir(), 'governance-graph-bulk-'));
    const bulk = new BulkImportService(services);
    let files: BulkFiles;
    try {
      progress.step(`writing ${plan.total} rows as CSV for the bulk importer`);
      files = await bulk.writeFiles(plan.good, plan.labelOf, dir, {
        by: options.by,
        operation: 'import',
        at: new Date(),
      });
      endPhase('CSV files');
      progress.step(`bulk import: ${files.counts.nodes} nodes, ${files.counts.relationships} links, ${files.counts.auditEntries} audit entries`);
      await bulkImportLocalNeo4j(config.neo4j.localDataDir, files, { log: (line) => logger.debug({ importer: line }) }).catch((error: unknown) => {
        // The database was empty before; what the importer left behind may not open.
        throw new Error(`${messageOf(error)}\nthe database in ${config.neo4j.localDataDir} may be incomplete: delete that folder and run the import again`);
      });
      endPhase('importer');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    progress.step('starting Neo4j on the new store and building its indexes');
    database = await openDatabase(config, logger);
    await bulk.restoreEmptyLists(database.db, files.emptyLists);
    endPhase('restart and indexes');
    return { summary: { ...importer.allCreated(plan), phasesMs: phases }, database };
  } catch (error) {
    await database?.close();
    throw error;
  }
}

function processIo(): CliIo {
  // npm runs scripts from the package folder; INIT_CWD is where `npm run import` was typed.
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.env.INIT_CWD || process.cwd() };
}

if (require.main === module) {
  process.once('SIGINT', () => {
    // The embedded Neo4j, if any, stops with this process (its launcher watches stdin); an open
    // transaction is rolled back by the server when the connection drops.
    process.stderr.write('\ninterrupted: the open transaction is rolled back\n');
    process.exit(130);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`import failed: ${messageOf(error)}\n`);
      process.exitCode = 1;
    },
  );
}
