/**
 * npm run bench:bulk-importer -- --file bench/data/graph-100000-5000-1000000-20250601.json [--runs 1]
 *
 * Issue G8's item 4: neo4j-admin's importer, alone, under each setting that matters on this
 * machine. The file is validated and written as CSV once, exactly as `npm run import -- --bulk`
 * does (ImportService.plan, then BulkImportService.writeFiles); then the importer builds a fresh
 * store from those same files with each variant in turn, --runs rounds, each timed from its start to its exit.
 * Writes bench/results/bulk-importer-settings-<time>.json and .md, copied to
 * bulk-importer-settings-latest.*.
 */
import 'reflect-metadata';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { openDatabase } from '../src/db/open';
import { createServices } from '../src/composition';
import { createProgress } from '../src/import/progress';
import { readImportFiles } from '../src/import/read-files';
import { bulkImportLocalNeo4j, type BulkImporterSettings } from '../src/db/local-neo4j';
import { findFreePort } from '../test/support/free-port';
import { describeMachine, Machine, round2 } from './machine';
import { benchDir } from './paths';

interface Variant {
  name: string;
  why: string;
  settings: BulkImporterSettings;
}

/** The importer's own default: one thread per core. */
const ONE_PER_CORE = os.availableParallelism();

/** The importer's defaults, then one setting changed at a time. */
const VARIANTS: Variant[] = [
  { name: 'defaults', why: 'the importer\'s defaults (one thread per core) and a 1 GB heap: what `npm run import -- --bulk` ran until now', settings: { threads: ONE_PER_CORE } },
  { name: 'threads=1', why: 'one worker thread: is the second core used?', settings: { threads: 1 } },
  { name: 'threads=4', why: 'twice the cores, for stages that wait on the disk', settings: { threads: 4 } },
  { name: 'high-parallel-io=on', why: 'told the disk takes parallel writes (an SSD)', settings: { threads: ONE_PER_CORE, highParallelIo: 'on' } },
  { name: 'high-parallel-io=off', why: 'told the disk does not', settings: { threads: ONE_PER_CORE, highParallelIo: 'off' } },
  { name: 'max-off-heap-memory=1g', why: 'the caches capped at 1 GB, for a machine that runs other things', settings: { threads: ONE_PER_CORE, maxOffHeapMemory: '1g' } },
  { name: 'max-off-heap-memory=8g', why: 'generous caches', settings: { threads: ONE_PER_CORE, maxOffHeapMemory: '8g' } },
  { name: 'heap=512m', why: 'half the heap', settings: { threads: ONE_PER_CORE, heapMb: 512 } },
  { name: 'heap=3072m', why: 'three times the heap', settings: { threads: ONE_PER_CORE, heapMb: 3072 } },
  { name: 'threads=4+heap=512m', why: 'the two best on their own, together', settings: { threads: 4, heapMb: 512 } },
];

interface Result {
  variant: string;
  why: string;
  runsS: number[];
  medianS: number;
  relsPerSec: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function writeCsvFiles(file: string, work: string) {
  const env = { ...process.env, NEO4J_URI: '', NEO4J_LOCAL_DATA: path.join(work, 'empty'), NEO4J_LOCAL_PORT: String(await findFreePort()), SEED: 'never', LOG_LEVEL: 'warn' };
  const config = loadConfig(env as never);
  const logger = createLogger('warn');
  const progress = createProgress({ write: () => true, isTTY: false });
  const read = await readImportFiles([file], undefined, progress);
  const database = await openDatabase(config, logger);
  const services = createServices(database.db);
  const started = Date.now();
  const plan = await services.importer.plan(read.rows, { by: `import:${path.basename(file)}`, transaction: 'batch' });
  await database.close();
  if (!plan.writable) throw new Error(`${file} has rows the import refuses`);
  const validatedMs = Date.now() - started;
  const dir = path.join(work, 'csv');
  mkdirSync(dir);
  const files = await services.bulkImporter.writeFiles(plan.good, plan.labelOf, dir, { by: `import:${path.basename(file)}`, operation: 'import', at: new Date() });
  return { files, validatedMs, csvMs: Date.now() - started - validatedMs };
}

async function main(): Promise<void> {
  const options = new Command('bench:bulk-importer')
    .requiredOption('--file <file>', 'a generated graph (npm run bench:generate)')
    .option('--runs <n>', 'importer runs per variant', '1')
    .option('--variants <names>', 'comma-separated variant names (default: all)')
    .parse()
    .opts<{ file: string; runs: string; variants?: string }>();
  const runs = Number(options.runs);
  const chosen = options.variants ? VARIANTS.filter((variant) => options.variants!.split(',').includes(variant.name)) : VARIANTS;
  const work = mkdtempSync(path.join(os.tmpdir(), 'gg-bench-importer-'));
  try {
    console.log(`validating and writing ${options.file} as CSV`);
    const { files, validatedMs, csvMs } = await writeCsvFiles(path.resolve(options.file), work);
    console.log(`  validation ${round2(validatedMs / 1000)} s, CSV ${round2(csvMs / 1000)} s: ${files.counts.nodes} nodes, ${files.counts.relationships} links, ${files.counts.auditEntries} audit entries`);
    // Rounds of every variant in turn, so that a drift of the machine (its page cache, its load) is shared by all.
    const runsS = new Map<string, number[]>(chosen.map((variant) => [variant.name, []]));
    for (let run = 0; run < runs; run++) {
      for (const variant of chosen) {
        const dataDir = path.join(work, `store-${run}`);
        const started = Date.now();
        await bulkImportLocalNeo4j(dataDir, files, variant.settings);
        runsS.get(variant.name)!.push(round2((Date.now() - started) / 1000));
        rmSync(dataDir, { recursive: true, force: true });
        console.log(`  round ${run + 1}, ${variant.name}: ${runsS.get(variant.name)!.at(-1)} s`);
      }
    }
    const results: Result[] = chosen.map((variant) => {
      const medianS = median(runsS.get(variant.name)!);
      return { variant: variant.name, why: variant.why, runsS: runsS.get(variant.name)!, medianS, relsPerSec: Math.round(files.counts.relationships / medianS) };
    });
    report({ machine: describeMachine('5.26 (org.neo4j:neo4j-import-tool)'), file: path.basename(options.file), counts: files.counts, validatedMs, csvMs, results });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function report(data: { machine: Machine; file: string; counts: { nodes: number; relationships: number; auditEntries: number }; validatedMs: number; csvMs: number; results: Result[] }): void {
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const dir = benchDir('results');
  const lines = [
    `# neo4j-admin's importer under each setting (${stamp})`,
    '',
    `Machine: ${data.machine.cpus}, ${data.machine.memoryGiB} GiB, ${data.machine.java}, Node ${data.machine.node}, load average ${data.machine.loadAverage.join(' / ')} at the start. File: ${data.file}: ${data.counts.nodes} nodes (${data.counts.auditEntries} of them audit entries), ${data.counts.relationships} links.`,
    `Written once as CSV (validation ${round2(data.validatedMs / 1000)} s, CSV files ${round2(data.csvMs / 1000)} s); the importer alone is timed, from its start to its exit.`,
    '',
    '| variant | why | runs (s) | median (s) | links/s |',
    '|---|---|---|---|---|',
    ...data.results.map((result) => `| ${result.variant} | ${result.why} | ${result.runsS.join(', ')} | ${result.medianS} | ${result.relsPerSec.toLocaleString('en')} |`),
    '',
  ];
  const base = path.join(dir, `bulk-importer-settings-${stamp}`);
  writeFileSync(`${base}.md`, lines.join('\n'));
  writeFileSync(`${base}.json`, JSON.stringify(data, null, 2));
  copyFileSync(`${base}.md`, path.join(dir, 'bulk-importer-settings-latest.md'));
  copyFileSync(`${base}.json`, path.join(dir, 'bulk-importer-settings-latest.json'));
  console.log(`wrote ${base}.md`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
