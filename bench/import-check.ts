/**
 * node dist/bench/import-check.js [--size tiny|small|micro] [--transaction single|batch] [--batch-size N]
 *
 * What the project's own importer (ImportService, behind `npm run import`) does with a generated
 * graph in a fresh Neo4j: whether it fits, how long it takes, how many rows per second. It
 * validates every row, checks references, writes an audit entry per row, and by default writes
 * everything in one transaction. Results go to bench/results/import-check-<date>-<size>-<mode>.json.
 */
import 'reflect-metadata';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { readJsonRows } from '../src/import/json.reader';
import { DEFAULT_SEED, defaultDataFile, generate, SIZES } from './generate';
import { openBenchDatabase, startFreshNeo4j } from './db';
import { describeMachine } from './machine';
import { benchDir } from './paths';

async function main(argv: string[]): Promise<void> {
  const o = new Command('import-check')
    .option('--size <size>', 'tiny, small or micro', 'small')
    .option('--transaction <mode>', 'single or batch', 'single')
    .option('--batch-size <n>', 'rows per UNWIND batch', (v) => Number(v), 1000)
    .parse(argv, { from: 'user' })
    .opts<{ size: keyof typeof SIZES; transaction: 'single' | 'batch'; batchSize: number }>();
  const size = SIZES[o.size];
  if (!size || o.size === 'full') throw new Error('use tiny, small or micro: the importer holds the whole document in memory');
  const file = defaultDataFile(size, DEFAULT_SEED);
  if (!existsSync(file)) await generate({ ...size, seed: DEFAULT_SEED, out: file });
  const fresh = await startFreshNeo4j();
  const started = Date.now();
  let outcome: Record<string, unknown>;
  try {
    const bench = await openBenchDatabase(fresh.neo4j.uri);
    try {
      const rows = await readJsonRows(file);
      const summary = await bench.services.importer.run(rows, {
        by: 'bench:import-check',
        transaction: o.transaction,
        batchSize: o.batchSize,
      });
      const rels = summary.counts.relationships.created + summary.counts.relationships.updated + summary.counts.relationships.unchanged;
      outcome = {
        written: summary.written,
        problems: summary.problems.length,
        rows: rows.length,
        relationships: rels,
        elapsedMs: summary.elapsedMs,
        rowsPerSecond: summary.rowsPerSecond,
        relationshipsPerSecondOverall: Math.round((rels * 1000) / Math.max(1, summary.elapsedMs)),
      };
    } catch (error) {
      outcome = { written: false, error: error instanceof Error ? error.message : String(error), elapsedMs: Date.now() - started };
    } finally {
      await bench.close();
    }
  } finally {
    await fresh.stop();
  }
  const result = { date: new Date(started).toISOString(), machine: describeMachine(), size: o.size, graph: size, transaction: o.transaction, batchSize: o.batchSize, ...outcome };
  const dir = benchDir('results');
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `import-check-${result.date.slice(0, 19).replace(/:/g, '-')}-${o.size}-${o.transaction}.json`);
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n${out}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`import-check failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
