import 'reflect-metadata';
import { Command, InvalidArgumentError } from 'commander';
import { CliIo, processIo, runAsScript, startFileTool } from '../common/cli';
import { openForReading, ReadOnlyDatabase } from '../db/open-for-reading';
import { createServices } from '../composition';
import { createProgress } from '../import/progress';
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
  const started = startFileTool<CliOptions>(buildProgram(io), argv, io, 'governance-graph-dump');
  if (typeof started === 'number') return started;
  const { options, out, config, logger } = started;
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

if (require.main === module) {
  process.once('SIGINT', () => {
    // The .partial file stays behind; the previous dump and its sidecar are untouched.
    process.stderr.write('\ninterrupted: no dump was written\n');
    process.exit(130);
  });
  runAsScript(main, 'dump');
}
