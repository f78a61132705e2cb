/**
 * npm run build --silent && node dist/bench/subscriptions.js [--subscribers 50 --edits 300 --warmup 30]
 *
 * Issue G6's goal for live updates: an edit made through the API shows on a subscribed client
 * within 500 ms (p99) with 50 subscribers on loopback. The compiled API (`node dist/src/main.js`,
 * NODE_ENV=production, its own process) runs over a fresh Neo4j loaded with the seeds; this
 * process opens `--subscribers` graphql-ws connections, each with `graphChanged` (no filter, so
 * every subscriber gets every edit), then sends `--edits` upsertActor mutations one after the
 * other, each creating an actor of its own id. The latency of a (subscriber, edit) pair runs from
 * just before the mutation is sent to the moment that subscriber's client hands it the event;
 * p50 and p99 are over every pair. The mutation's own round trip is reported beside it. The first
 * `--warmup` edits are not counted. Writes bench/results/subscriptions.md.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import WebSocket from 'ws';
import { Client, createClient } from 'graphql-ws';
import { describeMachine, round2 } from './machine';
import { benchDir } from './paths';
import { startSeededApi } from './seeded-api';

const KEY = 'subscriptions-bench-key-0123456789';
const CREATE_ACTOR = 'mutation Create($input: ActorInput!) { upsertActor(input: $input) { id } }';
const GRAPH_CHANGED = 'subscription { graphChanged { change nodeIds at } }';
const GOAL_P99_MS = 500;

interface Options {
  subscribers: number;
  edits: number;
  warmup: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const options = new Command('bench:subscriptions')
    .option('--subscribers <n>', 'graphql-ws connections, one graphChanged subscription each', Number, 50)
    .option('--edits <n>', 'mutations timed, sent one after the other', Number, 300)
    .option('--warmup <n>', 'mutations sent first and not timed', Number, 30)
    .parse()
    .opts<Options>();

  const machine = describeMachine();
  const seeded = await startSeededApi({ name: 'bench', key: KEY });
  const { api } = seeded;
  const clients: Client[] = [];
  try {
    const url = `${api.url}/graphql`;

    // Per subscriber: when it received each edit's actor, by actor id.
    const received: Map<string, number>[] = [];
    const closes: string[] = [];
    const errors: string[] = [];
    let acknowledged = 0;
    for (let i = 0; i < options.subscribers; i++) {
      const arrivals = new Map<string, number>();
      received.push(arrivals);
      const client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${KEY}` },
        retryAttempts: 0,
        lazy: false,
        on: { closed: (event) => closes.push(String((event as { code?: number }).code)) },
        onNonLazyError: (error) => errors.push(String(error)),
      });
      clients.push(client);
      client.subscribe<{ graphChanged: { nodeIds: string[] } }>(
        { query: GRAPH_CHANGED },
        {
          next: (result) => {
            const now = performance.now();
            for (const id of result.data?.graphChanged.nodeIds ?? []) if (!arrivals.has(id)) arrivals.set(id, now);
          },
          error: (error) => errors.push(JSON.stringify(error).slice(0, 200)),
          complete: () => undefined,
        },
      );
      // Acknowledged connections: the subscription is registered right after the ack.
      client.on('connected', () => acknowledged++);
    }
    const deadline = Date.now() + 30_000;
    while (acknowledged < options.subscribers && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (acknowledged < options.subscribers) throw new Error(`only ${acknowledged} of ${options.subscribers} subscribers connected`);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const sent = new Map<string, number>();
    const mutationMs: number[] = [];
    const edit = async (id: string, timed: boolean) => {
      const t0 = performance.now();
      if (timed) sent.set(id, t0);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ query: CREATE_ACTOR, variables: { input: { id, name: `Acteur en direct ${id}`, kind: 'ASSOCIATION' } } }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (!response.ok || body.errors) throw new Error(`mutation failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
      if (timed) mutationMs.push(performance.now() - t0);
    };
    for (let i = 0; i < options.warmup; i++) await edit(`live-bench-warmup-${i}`, false);
    const started = performance.now();
    for (let i = 0; i < options.edits; i++) await edit(`live-bench-${i}`, true);
    const editsPerSecond = options.edits / ((performance.now() - started) / 1000);

    const expected = options.subscribers * options.edits;
    const complete = () => received.reduce((n, arrivals) => n + [...sent.keys()].filter((id) => arrivals.has(id)).length, 0);
    const waitUntil = Date.now() + 10_000;
    while (complete() < expected && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 50));

    const latencies: number[] = [];
    let missing = 0;
    for (const arrivals of received) {
      for (const [id, t0] of sent) {
        const at = arrivals.get(id);
        if (at === undefined) missing++;
        else latencies.push(at - t0);
      }
    }
    latencies.sort((a, b) => a - b);
    mutationMs.sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    const createdAt = new Date().toISOString();
    const markdown = [
      `# Live updates: ${options.subscribers} graphql-ws subscribers, ${options.edits} edits (${createdAt})`,
      '',
      `Command: \`npm run build --silent && node dist/bench/subscriptions.js --subscribers ${options.subscribers} --edits ${options.edits} --warmup ${options.warmup}\``,
      '',
      `Machine: ${machine.cpus}, ${machine.memoryGiB} GiB, node ${machine.node}, load ${machine.loadAverage.join(' ')} at the start.`,
      'The compiled API (NODE_ENV=production, its own process) over a fresh embedded Neo4j with the seeds; the subscribers and the',
      'mutations run in this one process, on loopback. Each edit is an upsertActor creating an actor, sent after the previous one',
      'answered; every subscriber watches every change (graphChanged with no nodeIds).',
      '',
      '| measure | value |',
      '|---|---|',
      `| (subscriber, edit) pairs | ${latencies.length} of ${expected} (${missing} missing) |`,
      `| send to event, p50 | ${round2(percentile(latencies, 50))} ms |`,
      `| send to event, p99 | ${round2(p99)} ms |`,
      `| send to event, max | ${round2(latencies[latencies.length - 1] ?? NaN)} ms |`,
      `| mutation round trip, p50 / p99 | ${round2(percentile(mutationMs, 50))} / ${round2(percentile(mutationMs, 99))} ms |`,
      `| edits per second (one at a time) | ${round2(editsPerSecond)} |`,
      `| connections closed during the run | ${closes.length} |`,
      '',
      `Goal (issue G6): p99 under ${GOAL_P99_MS} ms with ${options.subscribers} subscribers: ${p99 < GOAL_P99_MS && missing === 0 ? 'met' : 'not met'}.`,
      ...(errors.length ? ['', 'Errors:', '', ...errors.slice(0, 10).map((e) => `- ${e}`)] : []),
      '',
    ].join('\n');
    const dir = benchDir('results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'subscriptions.md'), markdown);
    console.log(markdown);
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    await seeded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
