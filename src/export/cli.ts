import 'reflect-metadata';
import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pino from 'pino';
import { Config, ConfigError, loadConfig } from '../config';
import { openForReading, ReadOnlyDatabase } from '../db/open-for-reading';
import { createProgress, ProgressStream } from '../import/progress';
import { RELATIONSHIP_TYPES, RelationshipTypeName } from '../relationships/relationship-kinds';
import { CsvTable, ExportFormat } from './export.type';
import { WholeGraphExportService, WholeGraphFormat } from './whole-graph-export.service';

/**
 * npm run export -- --format gexf --out graph.gexf [--types FUNDS,PARTNERS_WITH] [--table nodes|edges] [--force]
 *
 * The whole graph in a format of visualisation tools, streamed to the file as it is read (the
 * same as GET /export/{format}?scope=all), with a progress bar on a terminal. The file appears
 * only once it is complete: it is written to <file>.partial and renamed at the end.
 *
 * Exit codes: 0 written; 1 failed (nothing written); 2 usage errors.
 */

export interface CliIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

interface CliOptions {
  format: string;
  out: string;
  types?: RelationshipTypeName[];
  table: string;
  force?: boolean;
}

const FORMATS: Record<string, WholeGraphFormat> = {
  gexf: ExportFormat.GEXF,
  graphml: ExportFormat.GRAPHML,
  csv: ExportFormat.CSV,
  cytoscape: ExportFormat.CYTOSCAPE,
};

function relationshipTypes(value: string): RelationshipTypeName[] {
  const types = value.split(',').map((type) => type.trim().toUpperCase()).filter(Boolean);
  const unknown = types.filter((type) => !(RELATIONSHIP_TYPES as readonly string[]).includes(type));
  if (types.length === 0 || unknown.length) throw new InvalidArgumentError(`must be relationship types separated by commas (${RELATIONSHIP_TYPES.join(', ')})${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
  return types as RelationshipTypeName[];
}

function buildProgram(io: CliIo): Command {
  return new Command('export')
    .description('Write the whole graph as GEXF, GraphML, CSV or Cytoscape JSON, for Gephi, yEd, Kumu or Cytoscape')
    .addOption(new Option('--format <format>', 'the file format').choices(Object.keys(FORMATS)).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write, e.g. graph.gexf')
    .option('--types <list>', 'only links of these relationship types (every node is written)', relationshipTypes)
    .addOption(new Option('--table <table>', 'CSV only: the connections or the elements table').choices(['edges', 'nodes']).default('edges'))
    .option('--force', 'replace the file if it exists')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
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
  const logger = pino({ level: config.logLevel, base: { service: 'governance-graph-export' } }, io.stderr as NodeJS.WritableStream);
  const progress = createProgress(io.stderr);
  const partial = `${out}.partial`;
  let database: ReadOnlyDatabase | null = null;
  const started = Date.now();
  try {
    database = await openForReading(config, logger);
    const exporter = new WholeGraphExportService(database.db);
    const format = FORMATS[options.format];
    const table = options.table === 'nodes' ? CsvTable.NODES : CsvTable.EDGES;
    progress.step(`exporting the graph as ${options.format}${format === ExportFormat.CSV ? ` (${options.table})` : ''}`);
    const chunks = exporter.write({ format, types: options.types ?? RELATIONSHIP_TYPES, table }, (done, total) => progress.update(done, total));
    await pipeline(Readable.from(chunks), createWriteStream(partial));
    renameSync(partial, out);
    progress.stop();
    io.stdout.write(`Export written: ${out} (${statSync(out).size} bytes) in ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
    return 0;
  } catch (error) {
    progress.stop();
    rmSync(partial, { force: true });
    logger.debug({ err: error }, 'export failed');
    io.stderr.write(`export failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await database?.close();
  }
}

function processIo(): CliIo {
  // npm runs scripts from the package folder; INIT_CWD is where `npm run export` was typed.
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.env.INIT_CWD || process.cwd() };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`export failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
