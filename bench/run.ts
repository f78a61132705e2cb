/**
 * npm run bench:run -- [--size full|small|tiny] [--duration S] [--warmup S] [--concurrency 1,8,32]
 *                      [--file graph.json] [--seed N] [--pool N] [--no-profile] [--no-latest]
 *
 * 1. generates the graph (bench/generate.ts) unless the file exists;
 * 2. starts a FRESH local Neo4j (free port, temporary data directory), migrates it, loads the
 *    graph (bench/load.ts) and records the import rate;
 * 3. picks request parameters from the graph (bench/mix.ts) and checks, one request at a time,
 *    that the three targets answer the same data, counting Cypher statements per request;
 * 4. starts the three targets as child processes (the API is the compiled server, dist/src/main.js)
 *    and drives each query with autocannon at each concurrency, after a warm-up;
 * 5. PROFILEs the mix's statements (bench/plans/) and writes bench/results/<date>-<size>.json/.md
 *    and, unless --no-latest, latest.json/latest.md.
 * Runs from the compiled tree: `npm run bench:run` builds first.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { findFreePort } from '../test/support/free-port';
import type { Database } from '../src/db/database';
import { DEFAULT_SEED, defaultDataFile, generate, SIZES, type GraphSize } from './generate';
import { loadGraph } from './load';
import { bulkLoad, type BulkLoad } from './bulk-load';
import { openBenchDatabase, startFreshNeo4j } from './db';
import { choosePools, MIX, QUERY_NAMES, TARGETS, type GraphqlRequest, type Pools, type QueryName, type Target } from './mix';
import { apiEnv, hasField, startInProcessApi } from './targets/api';
import { startRawServer } from './targets/raw';
import { startNeo4jGraphqlServer } from './targets/neo4j-graphql';
import { postGraphql, postRaw, verifyMix, type QueryVerification } from './verify';
import { drive } from './drive';
import { describeMachine, round2 } from './machine';
import { profileApiStatements, profileCapturedStatements, type PlanSummary } from './profile';
import { writeResults, type Results, type Run } from './report';
import { benchDir, repoRoot } from './paths';
import os from 'node:os';

export interface BenchOptions {
  size: keyof typeof SIZES | 'custom';
  graph: GraphSize;
  seed: number;
  file?: string;
  durationSec: number;
  /** When set, each cell sends this many requests per connection instead of running for durationSec. */
  requestsPerConnection?: number;
  warmupSec: number;
  concurrency: number[];
  poolSize: number;
  verifyPerQuery: number;
  profile: boolean;
  /** bulk: `npm run import -- --bulk`; batches: bench/load.ts, one Cypher write transaction per batch. */
  loader: 'bulk' | 'batches';
  plansDir: string;
  resultsDir: string;
  latest: boolean;
  log: (line: string) => void;
}

export interface TargetProcess {
  target: Target;
  /** Where autocannon sends a query's requests. */
  urlFor(query: QueryName): string;
  bodyFor(query: QueryName, params: unknown): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts a Node script as a target; it is ready when `ready(port)` resolves (or it prints "ready <url>"). */
export async function spawnTarget(script: string, env: Record<string, string>, ready: 'stdout' | ((port: number) => Promise<boolean>), port: number): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    // The API's request log goes nowhere, as it would go to a log shipper, not to this process.
    stdio: ['ignore', ready === 'stdout' ? 'pipe' : 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 50) stderr.shift();
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 20_000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
  };
  const failed = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`${script} exited (${signal ?? code}) before it was ready:\n${stderr.join('')}`))),
  );
  const started = (async (): Promise<string> => {
    if (ready === 'stdout') {
      return new Promise<string>((resolve) => {
        let buffer = '';
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          buffer += chunk;
          const match = /ready (\S+)/.exec(buffer);
          if (match) resolve(match[1]);
        });
      });
    }
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (await ready(port).catch(() => false)) return `http://127.0.0.1:${port}`;
      await sleep(250);
    }
    throw new Error(`${script} not ready on port ${port} after 180 s`);
  })();
  try {
    const url = await Promise.race([started, failed]);
    failed.catch(() => undefined);
    return { url, child, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function startTargetProcesses(uri: string): Promise<Record<Target, TargetProcess>> {
  const root = repoRoot();
  const dist = (...parts: string[]) => path.join(root, 'dist', ...parts);
  for (const file of [dist('src', 'main.js'), dist('bench', 'targets', 'raw.js'), dist('bench', 'targets', 'neo4j-graphql.js')]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build first (npm run build)`);
  }
  const [apiPort, rawPort, ngPort] = [await findFreePort(), await findFreePort(), await findFreePort()];
  const api = await spawnTarget(dist('src', 'main.js'), apiEnv(uri, apiPort), async (port) => (await fetch(`http://127.0.0.1:${port}/ready`)).ok, apiPort);
  const raw = await spawnTarget(dist('bench', 'targets', 'raw.js'), { BENCH_NEO4J_URI: uri, PORT: String(rawPort) }, 'stdout', rawPort);
  const ng = await spawnTarget(dist('bench', 'targets', 'neo4j-graphql.js'), { BENCH_NEO4J_URI: uri, PORT: String(ngPort) }, 'stdout', ngPort);
  const spec = (q: QueryName) => MIX[q] as (typeof MIX)[QueryName];
  return {
    api: { target: 'api', urlFor: () => `${api.url}/graphql`, bodyFor: (q, p) => JSON.stringify(spec(q).api(p as never)), stop: api.stop },
    raw: { target: 'raw', urlFor: (q) => `${raw.url}/${q}`, bodyFor: (_q, p) => JSON.stringify(p), stop: raw.stop },
    'neo4j-graphql': { target: 'neo4j-graphql', urlFor: () => ng.url, bodyFor: (q, p) => JSON.stringify(spec(q).neo4jGraphql(p as never)), stop: ng.stop },
  };
}

export interface VerificationOutcome {
  verification: QueryVerification[];
  pending: Results['pending'];
  captured: Record<QueryName, { params: unknown; statements: { cypher: string; params: Record<string, unknown> }[] }>;
}

/**
 * The three targets in this process (the API with its statement counter), one request at a time:
 * same answers, statements per request, which API fields are missing, and the Cypher that
 * @neo4j/graphql generates for each query.
 */
export async function verifyTargets(uri: string, pools: Pools, perQuery: number): Promise<VerificationOutcome> {
  const api = await startInProcessApi(uri);
  const raw = await startRawServer({ uri, port: 0 });
  let capture: { cypher: string; params: Record<string, unknown> }[] | null = null;
  const ng = await startNeo4jGraphqlServer({
    uri,
    port: 0,
    onStatement: (cypher, params) => capture?.push({ cypher, params: params ?? {} }),
  });
  try {
    const pending: Results['pending'] = [];
    const unavailable: Partial<Record<QueryName, Partial<Record<Target, string>>>> = {};
    for (const q of QUERY_NAMES) {
      const missing = MIX[q].apiRequires.filter((c) => !hasField(api.schema, c));
      if (missing.length) {
        const reason = `pending: the API has no ${missing.join(', ')} yet`;
        unavailable[q] = { api: reason };
        pending.push({ query: q, target: 'api', reason });
      }
    }
    // A first request so that one-off statements (the library's version check) are not counted as per-request work.
    await postGraphql(ng.url, MIX.actorById.neo4jGraphql(pools.actorById[0]));
    const verification = await verifyMix(
      {
        api: (r: GraphqlRequest) => postGraphql(api.url, r),
        'neo4j-graphql': (r: GraphqlRequest) => postGraphql(ng.url, r),
        raw: (name, params) => postRaw(raw.url, name, params),
        statements: { api: () => api.db.statementCount, raw: () => raw.db.statementCount, 'neo4j-graphql': () => ng.statements() },
      },
      pools,
      unavailable,
      perQuery,
    );
    const captured = {} as VerificationOutcome['captured'];
    for (const q of QUERY_NAMES) {
      const params = (pools[q] as unknown[])[0];
      capture = [];
      await postGraphql(ng.url, (MIX[q] as (typeof MIX)[QueryName]).neo4jGraphql(params as never));
      captured[q] = { params, statements: capture };
      capture = null;
    }
    return { verification, pending, captured };
  } finally {
    await Promise.allSettled([api.stop(), raw.stop(), ng.stop()]);
  }
}

/** Each query, each concurrency, each target in turn (rotated), so that the targets share the machine's moods. */
export async function measure(
  targets: Record<Target, TargetProcess>,
  pools: Pools,
  roundTrips: (q: QueryName, t: Target) => number | null,
  skip: (q: QueryName, t: Target) => boolean,
  options: Pick<BenchOptions, 'durationSec' | 'warmupSec' | 'concurrency' | 'log' | 'requestsPerConnection'>,
): Promise<Run[]> {
  const runs: Run[] = [];
  for (const query of QUERY_NAMES) {
    const active = TARGETS.filter((t) => !skip(query, t));
    const bodies = Object.fromEntries(active.map((t) => [t, (pools[query] as unknown[]).map((p) => targets[t].bodyFor(query, p))])) as Record<Target, string[]>;
    for (const t of active) {
      if (options.warmupSec > 0) await drive({ url: targets[t].urlFor(query), bodies: bodies[t], connections: 4, durationSec: options.warmupSec });
    }
    for (const [i, connections] of options.concurrency.entries()) {
      const order = active.map((_, k) => active[(k + i) % active.length]);
      for (const target of order) {
        const r = await drive({
          url: targets[target].urlFor(query),
          bodies: bodies[target],
          connections,
          durationSec: options.durationSec,
          amount: options.requestsPerConnection ? options.requestsPerConnection * connections : undefined,
        });
        const run: Run = { query, target, concurrency: connections, ...r, p50: round2(r.p50), p99: round2(r.p99), roundTrips: roundTrips(query, target) };
        runs.push(run);
        options.log(
          `${query.padEnd(14)} ${target.padEnd(13)} c=${String(connections).padEnd(3)} p50 ${run.p50} ms  p99 ${run.p99} ms  ${run.rps} rps` +
            `${r.errors + r.non2xx + r.graphqlErrors ? `  ERRORS ${r.errors}/${r.non2xx}/${r.graphqlErrors}` : ''}` +
            `${r.overloaded ? `  timeouts ${r.overloaded}` : ''}  load ${r.load1}`,
        );
      }
    }
  }
  return runs;
}

async function neo4jVersion(db: Database): Promise<string> {
  return db.read(async (tx) => {
    const result = await tx.run('CALL dbms.components() YIELD versions, edition RETURN versions[0] + " " + edition AS v');
    return String(result.records[0]?.get('v') ?? 'unknown');
  });
}

async function graphCounts(db: Database): Promise<{ territories: number; sources: number }> {
  return db.read(async (tx) => {
    const r = await tx.run('RETURN COUNT { (:Territory) } AS t, COUNT { (:Source) } AS s');
    return { territories: Number(r.records[0].get('t')), sources: Number(r.records[0].get('s')) };
  });
}

export async function runBench(options: BenchOptions): Promise<Results> {
  const started = Date.now();
  const log = options.log;
  const loadStart = os.loadavg().map(round2);
  const file = options.file ?? defaultDataFile(options.graph, options.seed);
  if (!existsSync(file)) {
    log(`generating ${file}`);
    const summary = await generate({ ...options.graph, seed: options.seed, out: file });
    log(`generated ${summary.relationships} relationships, ${(summary.bytes / 2 ** 20).toFixed(1)} MiB in ${(summary.ms / 1000).toFixed(1)} s`);
  }
  let bulk: BulkLoad | null = null;
  if (options.loader === 'bulk') {
    log('loading the graph with npm run import -- --bulk');
    bulk = await bulkLoad(file, log);
  }
  log('starting a fresh Neo4j');
  const fresh = await startFreshNeo4j(undefined, bulk?.dataDir);
  const uri = fresh.neo4j.uri;
  log(`Neo4j at ${uri} (data ${fresh.dataDir}), started in ${fresh.neo4j.startMs} ms`);
  let targets: Record<Target, TargetProcess> | null = null;
  try {
    const bench = await openBenchDatabase(uri);
    let lastLog = 0;
    const imported =
      bulk?.summary ??
      (await loadGraph({
        file,
        services: bench.services,
        onProgress: (section, done) => {
          if (Date.now() - lastLog > 10_000) {
            lastLog = Date.now();
            log(`  loading ${section}: ${done}`);
          }
        },
      }));
    log(`loaded in ${(imported.totalMs / 1000).toFixed(1)} s: ${imported.relsPerSec} relationships/s`);
    await bench.db.write((tx) => tx.run('CALL db.awaitIndexes(600)'));
    const version = await neo4jVersion(bench.db);
    const counts = await graphCounts(bench.db);
    const pools = await choosePools(bench.db, options.poolSize);
    log('checking that the targets answer the same data');
    const checked = await verifyTargets(uri, pools, options.verifyPerQuery);
    for (const v of checked.verification) {
      log(`  ${v.query}: ${v.compared} comparisons, ${v.mismatches.length} mismatches, ${v.errors.length} errors, round trips ${JSON.stringify(v.roundTrips)}`);
      for (const e of v.errors.slice(0, 2)) log(`    error on ${e.target}: ${e.message.slice(0, 300)}`);
    }
    const plans: PlanSummary[] = [];
    if (options.profile) {
      const label = `${options.graph.actors} actors / ${options.graph.relationships} relationships`;
      plans.push(...(await profileApiStatements(bench.db, pools, options.plansDir, label)));
      plans.push(...(await profileCapturedStatements(bench.db, checked.captured, options.plansDir, label)));
      log(`plans written to ${options.plansDir}`);
    }
    await bench.close();

    log('starting the targets as child processes');
    targets = await startTargetProcesses(uri);
    const trips = (q: QueryName, t: Target) => checked.verification.find((v) => v.query === q)?.roundTrips[t] ?? null;
    const skip = (q: QueryName, t: Target) => checked.pending.some((p) => p.query === q && p.target === t);
    const runs = await measure(targets, pools, trips, skip, options);
    const results: Results = {
      machine: describeMachine(version),
      date: new Date(started).toISOString(),
      size: options.size,
      graph: { ...options.graph, ...counts, seed: options.seed, file: path.relative(repoRoot(), file) },
      importRelsPerSec: imported.relsPerSec,
      import: {
        ...imported,
        loader: bulk
          ? 'bench/bulk-load.ts: `npm run import -- --bulk` in process, timed from reading the file to the new database serving it with every index online ' +
            '(rows validated as by any import, CSV files, neo4j-admin\'s importer, restart and index build), audit entries included.'
          : 'bench/load.ts: streamed, validated per batch with the importer\'s validateRows, written with NodeRepository.upsertMany / ' +
            'RelationshipService.prepare + RelationshipRepository.upsertMany, one write transaction per batch (2,000 nodes or 5,000 relationships), no audit entries.',
      },
      settings: {
        durationSec: options.durationSec,
        warmupSec: options.warmupSec,
        concurrency: options.concurrency,
        poolSize: options.poolSize,
        apiLogLevel: process.env.BENCH_API_LOG_LEVEL ?? 'info',
        apiProcess: `the compiled server (node dist/src/main.js) in its own process, NODE_ENV=production, LOG_LEVEL=${process.env.BENCH_API_LOG_LEVEL ?? 'info'} (request logs written to /dev/null)`,
      },
      pending: checked.pending,
      verification: checked.verification.map((v) => ({ ...v, mismatches: v.mismatches.slice(0, 3) })),
      runs,
      loadAverage: { start: loadStart, end: os.loadavg().map(round2) },
      plans,
      totalSec: Math.round((Date.now() - started) / 1000),
    };
    results.machine.loadAverage = loadStart;
    return results;
  } finally {
    if (targets) await Promise.allSettled(Object.values(targets).map((t) => t.stop()));
    await fresh.stop();
  }
}

function list(value: string): number[] {
  const items = value.split(',').map((v) => Number(v.trim()));
  if (items.some((n) => !Number.isInteger(n) || n < 1)) throw new InvalidArgumentError('must be comma-separated whole numbers');
  return items;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number');
  return n;
}

export function parseOptions(argv: string[], defaults: Partial<BenchOptions> = {}): BenchOptions {
  const program = new Command('bench:run')
    .option('--size <size>', 'full (100k/5k/1M), small (5k/250/50k) or tiny (1k/60/8k)', 'full')
    .option('--actors <n>', 'override the preset', positive)
    .option('--initiatives <n>', 'override the preset', positive)
    .option('--relationships <n>', 'override the preset', positive)
    .option('--seed <n>', 'generator seed', positive, DEFAULT_SEED)
    .option('--file <file>', 'graph file (default bench/data/graph-<sizes>-<seed>.json, generated when missing)')
    .option('--duration <s>', 'seconds per measured cell', positive)
    .option('--warmup <s>', 'seconds of warm-up per query and target', positive)
    .option('--concurrency <list>', 'connections per cell', list, [1, 8, 32])
    .option('--pool <n>', 'parameter sets per query', positive, 64)
    .option('--verify <n>', 'parameter sets per query checked for same answers', positive, 16)
    .option('--no-profile', 'skip the PROFILE plans')
    .addOption(new Option('--loader <loader>', 'bulk: npm run import -- --bulk; batches: Cypher write transactions (bench/load.ts)').choices(['bulk', 'batches']).default('bulk'))
    .option('--no-latest', 'do not write latest.json / latest.md')
    .option('--results <dir>', 'results directory', benchDir('results'))
    .option('--plans <dir>', 'plans directory', benchDir('plans'))
    .parse(argv, { from: 'user' });
  const o = program.opts<Record<string, unknown>>();
  const size = o.size as keyof typeof SIZES;
  const preset = SIZES[size];
  if (!preset) throw new Error(`unknown size ${size}`);
  const graph = {
    actors: (o.actors as number | undefined) ?? preset.actors,
    initiatives: (o.initiatives as number | undefined) ?? preset.initiatives,
    relationships: (o.relationships as number | undefined) ?? preset.relationships,
  };
  const custom = o.actors !== undefined || o.initiatives !== undefined || o.relationships !== undefined;
  return {
    size: custom ? 'custom' : size,
    graph,
    seed: o.seed as number,
    file: o.file ? path.resolve(o.file as string) : undefined,
    durationSec: (o.duration as number | undefined) ?? defaults.durationSec ?? (size === 'full' ? 10 : 2),
    warmupSec: (o.warmup as number | undefined) ?? defaults.warmupSec ?? (size === 'full' ? 3 : 1),
    concurrency: o.concurrency as number[],
    poolSize: o.pool as number,
    verifyPerQuery: o.verify as number,
    profile: o.profile as boolean,
    loader: o.loader as 'bulk' | 'batches',
    plansDir: o.plans as string,
    resultsDir: o.results as string,
    latest: (o.latest as boolean) && defaults.latest !== false,
    log: defaults.log ?? ((line) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`)),
  };
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const results = await runBench(options);
  const written = writeResults(results, options.resultsDir, { latest: options.latest && options.size === 'full' });
  options.log(`results: ${written.json}\n${written.md}`);
  const problems = results.verification.filter((v) => v.mismatches.length || v.errors.length);
  if (problems.length) options.log(`WARNING: targets disagreed or failed on ${problems.map((v) => v.query).join(', ')}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench:run failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
