import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Logger } from 'pino';
import { GraphQLError } from 'graphql';
import type { Config } from '../config';
import { openDatabase, OpenDatabase } from '../db/open';
import { bulkImportLocalNeo4j } from '../db/local-neo4j';
import { createServices, Services } from '../composition';
import type { ImportOptions } from './import.service';
import type { BulkFiles, BulkRestore } from './bulk-import.service';
import { ImportRepository } from './import.repository';
import type { Progress } from './progress';
import type { ImportSummary, MatchMode } from './import.document';
import type { RawRow } from './import.validator';
import type { Format } from './file-kinds';
import type { NetworkImportOptions } from './network/network-import.service';
import { formatOf, readImportFiles, withNetworkFiles } from './read-files';
import { restoreDump } from '../dump/restore.service';
import { bulkRestoreOf } from '../dump/restore.bulk';

export { formatOf, type Format };

/** Above this many rows, `--transaction auto` commits batch by batch: one transaction would outgrow the server's memory. */
export const SINGLE_TRANSACTION_MAX_ROWS = 20_000;

export interface ImportFilesRequest {
  files: readonly string[];
  format?: Format;
  dryRun?: boolean;
  batchSize: number;
  onError: 'abort' | 'skip';
  transaction: 'auto' | 'single' | 'batch';
  /** First load of an empty embedded database through neo4j-admin's offline importer. */
  bulk?: boolean;
  /** Import-time matching of new actors against existing ones (--match, --match-min-score). */
  match?: MatchMode;
  matchMinScore?: number;
  /** How Kumu, Gephi, GraphML and Cytoscape files are mapped (--map, --id-prefix, --source-title, --source-url). */
  network?: NetworkImportOptions;
}

export interface ImportFilesResult {
  summary: ImportSummary;
  /** How the rows were written: 'single', 'batch' or 'bulk'. */
  transaction: string;
}

export interface ImportFilesContext {
  config: Config;
  logger: Logger;
  progress: Progress;
}

export function messageOf(error: unknown): string {
  if (error instanceof GraphQLError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * `npm run import` without the command line: read the files, open the database, validate every
 * row, write them (or build the store offline with --bulk), close the database.
 */
export async function importFiles(request: ImportFilesRequest, context: ImportFilesContext): Promise<ImportFilesResult> {
  const { config, logger, progress } = context;
  const read = await readImportFiles(request.files, request.format, progress);
  let database: OpenDatabase | null = await openDatabase(config, logger);
  try {
    const services = createServices(database.db);
    const { rows, problems, warnings } = await withNetworkFiles(read, services.networkImporter, request.network, progress);
    progress.step(`${rows.length} rows read${problems.length ? `, ${problems.length} unreadable` : ''}; validating`);
    // A dump's merge proposals and audit entries are written too.
    const records = rows.length + (read.restore ? Object.values(read.restore.counts).reduce((a, b) => a + b, 0) : 0);
    const transaction =
      request.transaction === 'auto' ? (records > SINGLE_TRANSACTION_MAX_ROWS ? 'batch' : 'single') : request.transaction;
    const options: ImportOptions = {
      by: `import:${request.files.map((file) => path.basename(file)).join(',')}`.slice(0, 200),
      dryRun: request.dryRun,
      batchSize: request.batchSize,
      onError: request.onError,
      match: request.match,
      matchMinScore: request.matchMinScore,
      readProblems: problems,
      readWarnings: warnings,
      transaction,
      onProgress: (done, total) => progress.update(done, total),
      // A dump is restored as it was stored (src/dump/restore.service.ts).
      verbatim: read.restore !== undefined,
    };
    if (!request.bulk && read.restore) {
      const { sources, territories, actors, initiatives } = services;
      const ports = { db: database.db, importer: services.importer, rowMappers: { sources, territories, actors, initiatives } };
      return { summary: await restoreDump(ports, rows, read.restore, { ...options, transaction }), transaction };
    }
    if (!request.bulk) return { summary: await services.importer.run(rows, options), transaction };
    const open = database;
    database = null;
    let summary: ImportSummary;
    ({ summary, database } = await bulkImport(rows, options, { ...context, database: open, services }, read.restore && bulkRestoreOf(read.restore)));
    if (read.restore && summary.written) summary.restored = { ...read.restore.counts };
    return { summary, transaction: 'bulk' };
  } finally {
    await database?.close();
  }
}

interface BulkContext extends ImportFilesContext {
  database: OpenDatabase;
  services: Services;
}

/**
 * --bulk: the rows are checked as by any import, against the database that must be empty; then
 * Neo4j stops, neo4j-admin's importer builds the store from CSV files, and Neo4j starts again on
 * it, building every index of the migrations. Returns the database open on the new store. With
 * `restore`, the files are a dump's (src/dump/restore.bulk.ts).
 */
async function bulkImport(
  rows: RawRow[],
  options: ImportOptions,
  context: BulkContext,
  restore?: BulkRestore,
): Promise<{ summary: ImportSummary; database: OpenDatabase }> {
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
    const { importer, bulkImporter } = services;
    const plan = await importer.plan(rows, options);
    if (!plan.writable) return { summary: plan.summary, database };
    await database.close();
    database = null;
    endPhase('validation');
    const dir = await mkdtemp(path.join(tmpdir(), 'governance-graph-bulk-'));
    let files: BulkFiles;
    try {
      progress.step(`writing ${plan.total} rows as CSV for the bulk importer`);
      files = await bulkImporter.writeFiles(plan.good, plan.labelOf, dir, {
        by: options.by,
        operation: 'import',
        at: new Date(),
        restore,
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
    await bulkImporter.restoreEmptyLists(database.db, files.emptyLists);
    endPhase('restart and indexes');
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    return { summary: { ...importer.allCreated(plan), phasesMs: phases, peakRssMb }, database };
  } catch (error) {
    await database?.close();
    throw error;
  }
}
