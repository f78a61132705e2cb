import 'reflect-metadata';
import { createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliIo, processIo, runAsScript, startFileTool } from '../common/cli';
import { openForReading, ReadOnlyDatabase } from '../db/open-for-reading';
import { createProgress } from '../import/progress';
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
  const tool = startFileTool<CliOptions>(buildProgram(io), argv, io, 'governance-graph-export');
  if (typeof tool === 'number') return tool;
  const { options, out, config, logger } = tool;
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

if (require.main === module) {
  runAsScript(main, 'export');
}
