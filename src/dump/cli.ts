import 'reflect-metadata';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { Config, ConfigError, loadConfig } from '../config';
import { openForReading, ReadOnlyDatabase } from '../db/open-for-reading';
import { createServices } from '../composition';
import type { Logger } from '../logger';
import { createProgress, ProgressStream } from '../import/progress';
import { DEFAULT_DUMP_PAGE_SIZE, dumpGraph, DumpSummary } from './dump.service';
import { DumpFileWriter } from './dump.writer';
import { DUMP_SECTIONS } from './dump.format';
import { SECTION_LABELS } from './dump.rows';

/**
 * npm run dump -- --out graph.json [--force] [--page-size N] [--validate]
 *
 * Writes the whole graph to graph.json in the import format (see dump.format.ts) and its sha256
 * to graph.json.sha256; `npm run import -- graph.json` into an empty database restores it.
 *
 * Exit codes: 0 when the dump is written and every row will be restored as stored; 1 when the
 * dump failed (nothing is kept), or was written with rows that a restore would refuse or not give
 * back as they are (listed); 2 on usage errors.
 */

export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface CliOptions {
  out: string;
  force?: boolean;
  pageSize: number;
  validate?: boolean;
}

const PROBLEMS_PRINTED = 20;

function pageSize(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 100 || Number(value) > 100_000) throw new InvalidArgumentError('must be a whole number from 100 to 100000');
  return Number(value);
}

function buildProgram(io: CliIo): Command {
  return new Command('dump')
    .description('Write the whole graph (nodes, links, sources, identifiers, merge proposals, audit trail) to a file that `npm run import` restores into an empty database')
    .requiredOption('--out <file>', 'the file to write, e.g. graph.json; its sha256 goes to <file>.sha256')
    .option('--force', 'replace the file if it exists')
    .option('--page-size <n>', 'records read per page (one short read transaction each)', pageSize, DEFAULT_DUMP_PAGE_SIZE)
    .option('--validate', "also check every row against the import's validation rules, so that a restore cannot refuse one (slower: about 1.5 times the time)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
}

export function formatDumpSummary(summary: DumpSummary): string {
  const lines = [`Dump written: ${summary.file.file}`];
  for (const section of DUMP_SECTIONS) lines.push(`  ${section.padEnd(16)}${String(summary.counts[section]).padStart(10)}`);
  lines.push(`  ${'identifiers'.padEnd(16)}${String(summary.counts.identifiers).padStart(10)}  (with their actors)`);
  lines.push(`${summary.file.bytes} bytes, sha256 ${summary.file.sha256} (in ${summary.file.sidecar})`);
  lines.push(`elapsed ${(summary.elapsedMs / 1000).toFixed(2)} s`);
  return `${lines.join('\n')}\n`;
}

export function formatDumpProblems(summary: DumpSummary): string {
  const lines = [
    `${summary.problemCount} problem(s): a restore of this dump would refuse these rows or not give them back as stored:`,
    ...summary.problems.slice(0, PROBLEMS_PRINTED).map((problem) => `  ${SECTION_LABELS[problem.section]} "${problem.id}" ${problem.property}: ${problem.reason}`),
  ];
  if (summary.problemCount > PROBLEMS_PRINTED) lines.push(`  ... and ${summary.problemCount - PROBLEMS_PRINTED} more`);
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI in this process and returns its exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = program.opts<CliOptions>();
  const out = path.resolve(io.cwd, options.out);
  if (existsSync(out) && !options.force) {
    io.stderr.write(`error: ${out} exists; use --force to replace it, or name another file\n`);
    return 2;
  }
  if (!existsSync(path.dirname(out)) || !statSync(path.dirname(out)).isDirectory()) {
    io.stderr.write(`error: no such folder: ${path.dirname(out)}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = loadConfig(io.env as never);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return 1;
  }
  const logger = pino({ level: config.logLevel, base: { service: 'governance-graph-dump' } }, io.stderr as NodeJS.WritableStream);
  const progress = createProgress(io.stderr);
  let database: ReadOnlyDatabase | null = null;
  let writer: DumpFileWriter | null = null;
  try {
    database = await openForReading(config, logger);
    const services = createServices(database.db);
    writer = new DumpFileWriter(out);
    await writer.ready();
    const summary = await dumpGraph(
      { db: database.db, rowMappers: { sources: services.sources, territories: services.territories, actors: services.actors, initiatives: services.initiatives } },
      writer,
      {
        pageSize: options.pageSize,
        validate: options.validate,
        // A page is one read; the API's per-request timeout is meant for requests, not for this.
        timeoutMs: Math.max(config.neo4j.queryTimeoutMs, 5 * 60 * 1000),
        onStep: (message) => progress.step(message),
        onProgress: (done, total) => progress.update(done, total),
      },
    );
    writer = null;
    progress.stop();
    io.stdout.write(formatDumpSummary(summary));
    if (summary.problemCount) {
      io.stdout.write(formatDumpProblems(summary));
      return 1;
    }
    return 0;
  } catch (error) {
    progress.stop();
    await writer?.abort();
    logger.debug({ err: error }, 'dump failed');
    io.stderr.write(`dump failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await database?.close();
  }
}

function processIo(): CliIo {
  // npm runs scripts from the package folder; INIT_CWD is where `npm run dump` was typed.
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.env.INIT_CWD || process.cwd() };
}

if (require.main === module) {
  process.once('SIGINT', () => {
    // The .partial file stays behind; the previous dump and its sidecar are untouched.
    process.stderr.write('\ninterrupted: no dump was written\n');
    process.exit(130);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`dump failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
