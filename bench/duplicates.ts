/**
 * npm run bench:duplicates -- --uri bolt://127.0.0.1:7798 [--repeat 3]
 *
 * Issue G4's goal: `duplicateCandidates(first: 100)` in under 2 s on the 100k-actor bench graph.
 * Runs against a Neo4j that already serves that graph (bench/README.md, "Duplicate candidates"),
 * through this API started in process, over HTTP, one request at a time:
 *
 * 1. the first request of a new API process, before any index exists (what a request pays when
 *    it arrives before the start-up warm-up has finished);
 * 2. `--repeat` requests with the index built;
 * 3. a write (a new actor, through ActorService as upsertActor does), then `--repeat` requests at
 *    once: they are answered while the index rebuilds;
 * 4. the rebuild's own duration, seen from the write (evidenceFor waits for a fresh index);
 * 5. `--repeat` requests after it, and `actorId` of the new actor.
 *
 * It adds actors with ids `bench-dup-<time>-*` to the graph it runs on. Writes
 * bench/results/duplicates-<time>.json and .md, and copies them to duplicates-latest.json|md.
 */
import 'reflect-metadata';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { GraphQLClient, gql } from 'graphql-request';
import { ActorKind } from '../src/actors/actor.type';
import { ActorInput } from '../src/actors/actor.input';
import { startInProcessApi } from './targets/api';
import { describeMachine, round2, type Machine } from './machine';
import { benchDir } from './paths';

const CANDIDATES = gql`
  query ($first: Int!, $actorId: ID) {
    duplicateCandidates(first: $first, actorId: $actorId) { a { id name } b { id name } score reasons }
  }
`;

interface Timing {
  step: string;
  seconds: number;
  candidates: number;
}

interface Results {
  createdAt: string;
  machine: Machine;
  uri: string;
  actors: number;
  timings: Timing[];
  rebuildSeconds: number;
  goalSeconds: number;
}

async function main(): Promise<void> {
  const options = new Command('bench:duplicates')
    .requiredOption('--uri <uri>', 'bolt URI of a Neo4j serving the bench graph')
    .option('--repeat <n>', 'requests per step', (value) => Number(value), 3)
    .parse()
    .opts<{ uri: string; repeat: number }>();

  // The load before this process adds its own.
  const machine = describeMachine();
  const api = await startInProcessApi(options.uri);
  const client = new GraphQLClient(api.url);
  const timings: Timing[] = [];
  const request = async (step: string, variables: { first: number; actorId?: string } = { first: 100 }) => {
    const started = performance.now();
    const data = await client.request<{ duplicateCandidates: unknown[] }>(CANDIDATES, variables);
    const timing = { step, seconds: round2((performance.now() - started) / 1000), candidates: data.duplicateCandidates.length };
    timings.push(timing);
    console.log(`${step}: ${timing.seconds} s, ${timing.candidates} candidates`);
  };
  try {
    const actors = await api.db.read(async (tx) => Number((await tx.run('MATCH (a:Actor) RETURN count(a) AS n')).records[0].get('n')));
    await request('first request, no index yet');
    for (let i = 1; i <= options.repeat; i++) await request(`index built, request ${i}`);

    const stamp = Date.now();
    const newId = `bench-dup-${stamp}-a`;
    // A name the generator also gives, so the new actor has candidates of its own.
    const [[named]] = await api.db.read(async (tx) => (await tx.run('MATCH (a:Actor) WITH a ORDER BY a.id LIMIT 1 RETURN a.id AS id, a.name AS name')).records.map((r) => [{ id: String(r.get('id')), name: String(r.get('name')) }]));
    const written = performance.now();
    await api.services.actors.upsert(Object.assign(new ActorInput(), { id: newId, name: named.name, kind: ActorKind.NGO }), 'bench:duplicates');
    for (let i = 1; i <= options.repeat; i++) await request(`after a write, request ${i} (index rebuilding)`);
    await api.services.duplicates.evidenceFor(newId, named.id);
    const rebuildSeconds = round2((performance.now() - written) / 1000);
    console.log(`rebuilt ${rebuildSeconds} s after the write`);
    for (let i = 1; i <= options.repeat; i++) await request(`after the rebuild, request ${i}`);
    await request('actorId of the new actor', { first: 10, actorId: newId });

    const results: Results = {
      createdAt: new Date().toISOString(),
      machine,
      uri: options.uri,
      actors,
      timings,
      rebuildSeconds,
      goalSeconds: 2,
    };
    write(results);
  } finally {
    await api.stop();
  }
}

function write(results: Results): void {
  const dir = benchDir('results');
  mkdirSync(dir, { recursive: true });
  const stamp = results.createdAt.replace(/[:.]/g, '-').slice(0, 19);
  const rows = results.timings.map((t) => `| ${t.step} | ${t.seconds} | ${t.candidates} | ${t.seconds < results.goalSeconds ? 'yes' : 'no'} |`);
  const markdown = [
    `# duplicateCandidates on ${results.actors} actors (${results.createdAt})`,
    '',
    `Machine: ${results.machine.cpus}, ${results.machine.memoryGiB} GiB, node ${results.machine.node}, load ${results.machine.loadAverage.join(' ')} at the start.`,
    `Command: \`npm run bench:duplicates -- --uri ${results.uri}\`. Goal: under ${results.goalSeconds} s.`,
    '',
    '| step | seconds | candidates | under the goal |',
    '|---|---|---|---|',
    ...rows,
    '',
    `The index was rebuilt ${results.rebuildSeconds} s after the write.`,
    '',
  ].join('\n');
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(`${dir}/duplicates-${stamp}.json`, json);
  writeFileSync(`${dir}/duplicates-${stamp}.md`, markdown);
  copyFileSync(`${dir}/duplicates-${stamp}.json`, `${dir}/duplicates-latest.json`);
  copyFileSync(`${dir}/duplicates-${stamp}.md`, `${dir}/duplicates-latest.md`);
  console.log(`results: bench/results/duplicates-${stamp}.md`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
