/**
 * The offline bulk importer: the launcher (local-neo4j.launcher.ts) run with --import, which
 * builds a data dir's default database from CSV files while no Neo4j serves that dir.
 */
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureLauncherBuilt, javaBin, launcherJavaArgs, resolveLauncherDir, run } from './local-neo4j.launcher';

export interface BulkImportFiles {
  nodes: string[];
  relationships: string[];
  /** Separates the items of list properties inside one CSV field. */
  arrayDelimiter: string;
}

/**
 * The importer's own default is one thread per core. Twice that keeps the cores busy while other
 * threads wait on the disk: on 2 cores, the 1M-link bench graph's store was built in a median of
 * 28.8 s with 4 threads against 35.3 s with 2 (bench/results/bulk-importer-settings-latest.md).
 */
export const IMPORTER_THREADS_PER_CORE = 2;

/**
 * How the importer uses the machine; each left out is the importer's own default (off-heap
 * memory: 90 % of free RAM; parallel IO: detected from the disk), but for the threads.
 */
export interface BulkImporterSettings {
  heapMb?: number;
  /** Default: twice the cores (IMPORTER_THREADS_PER_CORE). */
  threads?: number;
  /** e.g. '2g' or '50%'. */
  maxOffHeapMemory?: string;
  highParallelIo?: 'on' | 'off' | 'auto';
}

/**
 * Builds the default database of `dataDir` offline, with the importer that `neo4j-admin database
 * import full` runs, from CSV files in its header format. Neo4j must not be serving `dataDir`
 * meanwhile; whatever database the dir held is replaced.
 */
export async function bulkImportLocalNeo4j(
  dataDir: string,
  files: BulkImportFiles,
  opts: { launcherDir?: string; log?: (line: string) => void } & BulkImporterSettings = {},
): Promise<void> {
  const dir = resolveLauncherDir(opts.launcherDir);
  await ensureLauncherBuilt(dir);
  const home = path.resolve(dataDir);
  await fsp.mkdir(path.join(home, 'logs'), { recursive: true });
  const args = launcherJavaArgs(dir, opts.heapMb, [
    '--import',
    home,
    '--overwrite-destination=true',
    '--multiline-fields=true',
    `--array-delimiter=U+${files.arrayDelimiter.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    `--report-file=${path.join(home, 'logs', 'import.report')}`,
    `--threads=${opts.threads ?? IMPORTER_THREADS_PER_CORE * os.availableParallelism()}`,
    ...(opts.maxOffHeapMemory ? [`--max-off-heap-memory=${opts.maxOffHeapMemory}`] : []),
    ...(opts.highParallelIo ? [`--high-parallel-io=${opts.highParallelIo}`] : []),
    ...files.nodes.map((file) => `--nodes=${file}`),
    ...files.relationships.map((file) => `--relationships=${file}`),
  ]);
  await run(javaBin(), args, dir, opts.log, 'the bulk importer failed');
}
