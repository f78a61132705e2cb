/**
 * npm run bench:soak [-- --minutes 20 --concurrency 16 --write-share 0.25]
 *
 * Issue G7's soak: the compiled API (`node dist/src/main.js`, NODE_ENV=production, its own
 * process) over a fresh Neo4j loaded with the seeds, driven on loopback by `--concurrency`
 * closed-loop clients for `--minutes`, with a mix of reads (actor by id, a page of actors, an ego
 * network, partners, search) and writes (new actors, and partnerships between them and the
 * seeds). Every 5 s it samples the API process's resident memory (/proc/<pid>/status VmRSS).
 *
 * It reports, per minute: requests, errors, p50 and p99 latency, RSS and V8's used heap (from the
 * API's /metrics, which tells a leak of objects from the heap and code caches sizing up); then checks that every
 * write the API acknowledged is in the database. The goals (issue G7): RSS growth under 10 % from
 * minute 2 to the last, no error, p99 of the last minute within 1.2× of minute 2's, no
 * acknowledged write missing. Writes bench/results/soak-<time>.json and .md and copies them to
 * soak-latest.json|md.
 *
 * The work stays the same from the first minute to the last, so that minute 20 compares with
 * minute 2 on equal terms: reads look at the seeds' actors and search the seeds' words; writes
 * create actors named with other words, each linked to the one its client created before, so
 * they never grow the neighbourhoods or the search hits the reads ask for. (Until 2026-12-01 the
 * writes linked each new actor to a seed actor: by minute 20 each seed had hundreds of new
 * partners, and the reads' latency measured that growth.)
 */
import 'reflect-metadata';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { describeMachine, round2, type Machine } from './machine';
import { benchDir } from './paths';
import { mulberry32 } from './prng';
import { startSeededApi } from './seeded-api';

const KEY = 'soak-editor-key-0123456789';

interface Options {
  minutes: number;
  concurrency: number;
  writeShare: number;
}

interface MinuteStats {
  minute: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  rssMb: number;
  /** V8's used heap, from the API's /metrics: what a leak in JavaScript objects would grow. */
  heapUsedMb: number;
  /** V8's committed heap: what it holds from the system, used or not. */
  heapCommittedMb: number;
}

interface Results {
  createdAt: string;
  machine: Machine;
  options: Options;
  minutes: MinuteStats[];
  requests: number;
  errors: number;
  errorSamples: string[];
  acknowledgedWrites: number;
  missingWrites: number;
  rssGrowth: number;
  heapGrowth: number;
  p99Ratio: number;
  goals: Record<string, boolean>;
}

const READS = {
  actor: `query Actor($id: ID!) { actor(id: $id) { id name kind relationships(first: 20) { edges { node { id type } } } } }`,
  actors: `query Actors($after: String) { actors(first: 20, after: $after) { edges { cursor node { id name } } } }`,
  ego: `query Ego($id: ID!) { egoNetwork(id: $id, radius: 1, limit: 100) { nodes { id label } edges { id source target } } }`,
  partners: `query Partners($id: ID!) { partners(actorId: $id, first: 50) { actor { id name } } }`,
  search: `query Search($text: String!) { search(text: $text, first: 10) { score node { id } } }`,
};
const CREATE_ACTOR = `mutation Create($input: ActorInput!) { upsertActor(input: $input) { id } }`;
const CREATE_LINK = `mutation Link($input: RelationshipInput!) { createRelationship(input: $input) { id } }`;
const WORDS = ['réseau', 'coopérative', 'association', 'gouvernorat', 'fonds', 'économie', 'solidaire', 'territoire', 'programme', 'développement'];
/** Names of written actors: none of the words searched for. */
const WRITE_WORDS = ['atelier', 'collectif', 'union', 'maison', 'groupement', 'comptoir', 'chantier', 'fabrique'];

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round2(kb / 1024);
}

/**
 * V8's used and committed heap (nodejs_heap_size_used_bytes and _total_bytes from prom-client's
 * default metrics): a leak grows the first; the heap sizing itself up under more load grows the
 * second and RSS with it. Null when /metrics does not answer.
 */
async function heapMb(metricsUrl: string): Promise<{ used: number; committed: number } | null> {
  try {
    const text = await (await fetch(metricsUrl)).text();
    const used = /^nodejs_heap_size_used_bytes\s+(\S+)$/m.exec(text)?.[1];
    const committed = /^nodejs_heap_size_total_bytes\s+(\S+)$/m.exec(text)?.[1];
    return used && committed ? { used: round2(Number(used) / 2 ** 20), committed: round2(Number(committed) / 2 ** 20) } : null;
  } catch {
    return null;
  }
}

const meanOf = (values: readonly number[]) => (values.length ? round2(values.reduce((sum, v) => sum + v, 0) / values.length) : 0);

async function main(): Promise<void> {
  const options = new Command('bench:soak')
    .option('--minutes <n>', 'how long to drive the API', Number, 20)
    .option('--concurrency <n>', 'closed-loop clients', Number, 16)
    .option('--write-share <x>', 'share of requests that write', Number, 0.25)
    .parse()
    .opts<Options>();

  const machine = describeMachine();
  const seeded = await startSeededApi({ name: 'soak', key: KEY });
  const { bench, api } = seeded;
  try {
    const actorIds = (await bench.db.read((tx) => tx.run('MATCH (a:Actor) RETURN a.id AS id ORDER BY id'))).records.map((r) => String(r.get('id')));
    const sourceId = String((await bench.db.read((tx) => tx.run('MATCH (s:Source) RETURN s.id AS id ORDER BY id LIMIT 1'))).records[0].get('id'));
    const url = `${api.url}/graphql`;
    const pid = api.child.pid!;

    const started = performance.now();
    const end = started + options.minutes * 60_000;
    const latencies: { at: number; ms: number; ok: boolean }[] = [];
    const rss: { at: number; mb: number }[] = [];
    const heap: { at: number; used: number; committed: number }[] = [];
    const errorSamples: string[] = [];
    const acknowledged: string[] = [];
    let created = 0;

    const call = async (query: string, variables: object, write: boolean): Promise<unknown> => {
      const t0 = performance.now();
      let ok = false;
      let data: unknown = null;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(write ? { authorization: `Bearer ${KEY}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
        ok = response.ok && !body.errors;
        data = body.data;
        if (!ok && errorSamples.length < 20) errorSamples.push(`${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
      } catch (error) {
        if (errorSamples.length < 20) errorSamples.push(error instanceof Error ? error.message : String(error));
      }
      latencies.push({ at: t0 - started, ms: performance.now() - t0, ok });
      return ok ? data : null;
    };

    const worker = async (index: number) => {
      const random = mulberry32(1000 + index);
      const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
      let previous: string | null = null;
      while (performance.now() < end) {
        if (random() < options.writeShare) {
          const id = `soak-${index}-${created++}`;
          const data = await call(CREATE_ACTOR, { input: { id, name: `${pick(WRITE_WORDS)} ${pick(WRITE_WORDS)} ${id}`, kind: 'ASSOCIATION', sourceIds: [sourceId] } }, true);
          if (data) {
            acknowledged.push(id);
            if (previous) {
              const linkId = `soak-link-${id}`;
              const link = await call(CREATE_LINK, { input: { id: linkId, type: 'PARTNERS_WITH', fromId: id, toId: previous, sourceIds: [sourceId] } }, true);
              if (link) acknowledged.push(linkId);
            }
            previous = id;
          }
          continue;
        }
        const kind = random();
        if (kind < 0.3) await call(READS.actor, { id: pick(actorIds) }, false);
        else if (kind < 0.5) await call(READS.actors, {}, false);
        else if (kind < 0.7) await call(READS.ego, { id: pick(actorIds) }, false);
        else if (kind < 0.85) await call(READS.partners, { id: pick(actorIds) }, false);
        else await call(READS.search, { text: pick(WORDS) }, false);
      }
    };

    const sampler = setInterval(() => {
      const at = performance.now() - started;
      rss.push({ at, mb: rssMb(pid) });
      void heapMb(`${api.url}/metrics`).then((mb) => mb !== null && heap.push({ at, ...mb }));
    }, 5000);
    rss.push({ at: 0, mb: rssMb(pid) });
    const progress = setInterval(() => {
      const minute = Math.floor((performance.now() - started) / 60_000);
      process.stdout.write(`minute ${minute}: ${latencies.length} requests, RSS ${rss[rss.length - 1]?.mb} MB\n`);
    }, 60_000);
    await Promise.all(Array.from({ length: options.concurrency }, (_, index) => worker(index)));
    clearInterval(sampler);
    clearInterval(progress);

    const minutes: MinuteStats[] = [];
    for (let minute = 0; minute < options.minutes; minute++) {
      const inMinute = latencies.filter((l) => l.at >= minute * 60_000 && l.at < (minute + 1) * 60_000);
      const sorted = inMinute.map((l) => l.ms).sort((a, b) => a - b);
      const inThisMinute = (sample: { at: number }) => sample.at >= minute * 60_000 && sample.at < (minute + 1) * 60_000;
      minutes.push({
        minute: minute + 1,
        requests: inMinute.length,
        errors: inMinute.filter((l) => !l.ok).length,
        p50Ms: round2(percentile(sorted, 50)),
        p99Ms: round2(percentile(sorted, 99)),
        rssMb: meanOf(rss.filter(inThisMinute).map((sample) => sample.mb)),
        heapUsedMb: meanOf(heap.filter(inThisMinute).map((sample) => sample.used)),
        heapCommittedMb: meanOf(heap.filter(inThisMinute).map((sample) => sample.committed)),
      });
    }

    const actorsWritten = acknowledged.filter((id) => !id.startsWith('soak-link-'));
    const linksWritten = acknowledged.filter((id) => id.startsWith('soak-link-'));
    const found = await bench.db.read(async (tx) => {
      const actors = await tx.run('UNWIND $ids AS id MATCH (a:Actor {id: id}) RETURN count(a) AS n', { ids: actorsWritten });
      const links = await tx.run('UNWIND $ids AS id MATCH ()-[r:PARTNERS_WITH {id: id}]->() RETURN count(r) AS n', { ids: linksWritten });
      return Number(actors.records[0].get('n')) + Number(links.records[0].get('n'));
    });

    const second = minutes[Math.min(1, minutes.length - 1)];
    const last = minutes[minutes.length - 1];
    const errors = latencies.filter((l) => !l.ok).length;
    const rssGrowth = round2((last.rssMb - second.rssMb) / second.rssMb);
    const heapGrowth = second.heapUsedMb ? round2((last.heapUsedMb - second.heapUsedMb) / second.heapUsedMb) : 0;
    const p99Ratio = round2(last.p99Ms / second.p99Ms);
    const results: Results = {
      createdAt: new Date().toISOString(),
      machine,
      options,
      minutes,
      requests: latencies.length,
      errors,
      errorSamples,
      acknowledgedWrites: acknowledged.length,
      missingWrites: acknowledged.length - found,
      rssGrowth,
      heapGrowth,
      p99Ratio,
      goals: {
        'RSS growth under 10 % from minute 2 to the last': rssGrowth < 0.1,
        'no error': errors === 0,
        "p99 of the last minute within 1.2x of minute 2's": p99Ratio <= 1.2,
        'no acknowledged write missing': acknowledged.length === found,
      },
    };
    write(results);
  } finally {
    await seeded.stop();
  }
}

function write(results: Results): void {
  const dir = benchDir('results');
  mkdirSync(dir, { recursive: true });
  const stamp = results.createdAt.replace(/[:.]/g, '-').slice(0, 19);
  const markdown = [
    `# Soak: ${results.options.minutes} min, concurrency ${results.options.concurrency}, ${Math.round(results.options.writeShare * 100)} % writes (${results.createdAt})`,
    '',
    `Machine: ${results.machine.cpus}, ${results.machine.memoryGiB} GiB, node ${results.machine.node}, load ${results.machine.loadAverage.join(' ')} at the start.`,
    `Command: \`npm run bench:soak -- --minutes ${results.options.minutes} --concurrency ${results.options.concurrency}\`.`,
    '',
    '| minute | requests | errors | p50 ms | p99 ms | API RSS MB | V8 heap used MB | V8 heap committed MB |',
    '|---|---|---|---|---|---|---|---|',
    ...results.minutes.map((m) => `| ${m.minute} | ${m.requests} | ${m.errors} | ${m.p50Ms} | ${m.p99Ms} | ${m.rssMb} | ${m.heapUsedMb} | ${m.heapCommittedMb} |`),
    '',
    `Requests ${results.requests}, errors ${results.errors}; acknowledged writes ${results.acknowledgedWrites}, missing afterwards ${results.missingWrites}.`,
    `RSS growth from minute 2 to the last: ${Math.round(results.rssGrowth * 1000) / 10} % (V8 heap used: ${Math.round(results.heapGrowth * 1000) / 10} %); p99 last / minute 2: ${results.p99Ratio}.`,
    '',
    '| goal | met |',
    '|---|---|',
    ...Object.entries(results.goals).map(([goal, met]) => `| ${goal} | ${met ? 'yes' : 'no'} |`),
    ...(results.errorSamples.length ? ['', 'First errors:', '', ...results.errorSamples.map((e) => `- ${e}`)] : []),
    '',
  ].join('\n');
  writeFileSync(`${dir}/soak-${stamp}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${dir}/soak-${stamp}.md`, markdown);
  copyFileSync(`${dir}/soak-${stamp}.json`, `${dir}/soak-latest.json`);
  copyFileSync(`${dir}/soak-${stamp}.md`, `${dir}/soak-latest.md`);
  console.log(markdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
