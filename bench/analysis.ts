/**
 * Issue G2's analysis figures: `npm run build && node dist/bench/analysis.js [nodes] [links] [--power-law] [--exact] [--no-job | --job-only]`
 * (defaults 10,000 and 50,000, the uniform graph of bench/analytics-metrics.ts; with --power-law
 * its Chung-Lu graph, whose degrees follow the 100k bench graph's power law).
 *
 * 1. The computation alone (analysis.compute.ts, what the worker runs), phase by phase, on the
 *    generated network.
 * 2. With --exact, exact betweenness and closeness on the same graph, and the sampled values'
 *    Spearman correlation with them and overlap of the top 10.
 * 3. One whole job (read in pages, worker, batched writes, flip) on a throw-away Neo4j holding
 *    the same graph as actors and PARTNERS_WITH links, with actorById timed during the job and
 *    without one; then communityNetwork and the explorer's overview (GET /overview's service:
 *    the 20,000 most central nodes and the links among them) on the stored results.
 */
import 'reflect-metadata';
import { generatedNetwork, powerLawGraph } from './analytics-metrics';
import { computeMetrics, GraphArrays, projectionOf, spearman, topOverlap } from '../src/analysis/analysis.compute';
import { exactBetweenness, exactCloseness } from '../src/analytics/network-analysis';
import { ANALYSIS_LIMITS } from '../src/analysis/analysis.service';
import { startFreshNeo4j, openBenchDatabase } from './db';

function arraysOf(nodeCount: number, linkCount: number): GraphArrays {
  const network = generatedNetwork(nodeCount, linkCount);
  const index = new Map(network.nodes.map((node, i) => [node.id, i]));
  return {
    nodeCount,
    sources: Int32Array.from(network.edges.map((edge) => index.get(edge.source)!)),
    targets: Int32Array.from(network.edges.map((edge) => index.get(edge.target)!)),
  };
}

const ALL = ['DEGREE', 'PAGERANK', 'EIGENVECTOR', 'COMMUNITY', 'BETWEENNESS', 'CLOSENESS', 'LAYOUT'] as const;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface Latencies {
  count: number;
  p50: number;
  p99: number;
}

function latencies(times: number[]): Latencies {
  const sorted = [...times].sort((a, b) => a - b);
  return { count: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

/**
 * Reads one after the other until `done` says stop (a duration, or the end of a job), each filed
 * under what `phase` said when it began: the job's phases load the API differently.
 */
async function timedReads(read: () => Promise<unknown>, done: () => boolean, phase: () => string = () => 'all'): Promise<{ all: Latencies; byPhase: Map<string, Latencies> }> {
  const times: number[] = [];
  const byPhase = new Map<string, number[]>();
  while (!done()) {
    const label = phase();
    const started = performance.now();
    await read();
    const took = performance.now() - started;
    times.push(took);
    const phaseTimes = byPhase.get(label);
    if (phaseTimes) phaseTimes.push(took);
    else byPhase.set(label, [took]);
  }
  return { all: latencies(times), byPhase: new Map([...byPhase].map(([label, phaseTimes]) => [label, latencies(phaseTimes)])) };
}

const show = (l: Latencies) => `${l.p50.toFixed(2)}/${l.p99.toFixed(2)} ms (${l.count} reads)`;

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const exact = process.argv.includes('--exact');
  const nodeCount = Number(args[0] ?? 10_000);
  const linkCount = Number(args[1] ?? 50_000);
  const powerLaw = process.argv.includes('--power-law');
  const graph = powerLaw ? powerLawGraph(nodeCount, linkCount, 'benchmark') : arraysOf(nodeCount, linkCount);
  console.log(`# analysis bench, ${new Date().toISOString()}, ${nodeCount} nodes, ${linkCount} ${powerLaw ? 'power-law' : 'uniform'} links`);

  const options = {
    metrics: ALL,
    exactBelow: ANALYSIS_LIMITS.exactBelow.default,
    sampleSize: ANALYSIS_LIMITS.sampleSize.default,
    layoutIterations: 0,
    seed: 'governance-graph',
  };
  let started = performance.now();
  // --job-only: the whole job alone, which computes the same metrics once (on 100k / 1M, minutes).
  if (!process.argv.includes('--job-only')) {
    const metrics = computeMetrics({ ...graph, sources: graph.sources.slice(), targets: graph.targets.slice() }, options);
    const metricsMs = performance.now() - started;
    console.log(`compute, every metric but the layout: ${metricsMs.toFixed(0)} ms; phases ${JSON.stringify(metrics.phasesMs)}; sample size ${metrics.sampleSize}`);
    started = performance.now();
    const withLayout = computeMetrics(graph, { ...options, metrics: ['DEGREE', 'COMMUNITY', 'LAYOUT'], layoutIterations: 100 });
    console.log(`layout, 100 ForceAtlas2 iterations (with Louvain for the starting positions): ${(performance.now() - started).toFixed(0)} ms; phases ${JSON.stringify(withLayout.phasesMs)}`);

    if (exact) {
      const projection = projectionOf(graph);
      started = performance.now();
      const betweenness = exactBetweenness(projection);
      const closeness = exactCloseness(projection);
      console.log(`exact betweenness and closeness: ${(performance.now() - started).toFixed(0)} ms`);
      const inOrder = (scores: Record<string, number>) => Array.from({ length: nodeCount }, (_, i) => scores[String(i)]);
      const b = inOrder(betweenness);
      const c = inOrder(closeness);
      console.log(
        `sampled (${metrics.sampleSize} searches) against exact: betweenness Spearman ${spearman(b, metrics.betweenness!).toFixed(4)}, ` +
          `top 10 shared ${topOverlap(b, metrics.betweenness!, 10)}/10; closeness Spearman ${spearman(c, metrics.closeness!).toFixed(4)}, ` +
          `top 10 shared ${topOverlap(c, metrics.closeness!, 10)}/10`,
      );
    }
  }

  if (process.argv.includes('--no-job')) return;
  const neo4j = await startFreshNeo4j();
  const bench = await openBenchDatabase(neo4j.neo4j.uri);
  try {
    const loading = performance.now();
    const ids = Array.from({ length: nodeCount }, (_, i) => `n${i}`);
    for (let i = 0; i < nodeCount; i += 10_000) {
      await bench.db.write((tx) => tx.run(`UNWIND $ids AS id CREATE (:Actor {id: id, name: 'Actor ' + id, kind: 'NGO'})`, { ids: ids.slice(i, i + 10_000) }));
    }
    for (let j = 0; j < linkCount; j += 10_000) {
      const links: { id: string; from: string; to: string }[] = [];
      for (let k = j; k < Math.min(linkCount, j + 10_000); k++) links.push({ id: `e${k}`, from: ids[graph.sources[k]], to: ids[graph.targets[k]] });
      await bench.db.write((tx) => tx.run(`UNWIND $links AS l MATCH (a:Actor {id: l.from}), (b:Actor {id: l.to}) CREATE (a)-[:PARTNERS_WITH {id: l.id}]->(b)`, { links }));
    }
    console.log(`graph loaded in ${((performance.now() - loading) / 1000).toFixed(0)} s`);
    const actorById = () => bench.services.actors.byIds([ids[Math.floor(Math.random() * nodeCount)]]);
    // The page cache and the plans warm up first: right after the load, reads are slower than ever again.
    const warmEnd = Date.now() + 10_000;
    await timedReads(actorById, () => Date.now() > warmEnd);
    const idleEnd = Date.now() + 10_000;
    const idle = (await timedReads(actorById, () => Date.now() > idleEnd)).all;
    started = performance.now();
    const job = await bench.services.analysis.start({}, 'bench');
    let finished = false;
    let phase = 'queued';
    const following = (async () => {
      while (!finished) {
        const row = await bench.services.analysis.byId(String(job.id));
        phase = String(row?.phase ?? row?.state ?? phase).replace(/:.*/, '');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const during = timedReads(actorById, () => finished, () => phase);
    await bench.services.analysis.idle();
    finished = true;
    await following;
    const jobMs = performance.now() - started;
    const { all: busy, byPhase } = await during;
    const done = await bench.services.analysis.byId(String(job.id));
    console.log(`job ${String(done?.state)} in ${jobMs.toFixed(0)} ms: ${String(done?.nodeCount)} nodes, ${String(done?.edgeCount)} links, sample size ${String(done?.sampleSize)}, layout iterations ${String(done?.layoutIterations)}; worker phases ${String(done?.phasesMs)}`);
    console.log(`actorById p50/p99 with no job (after 10 s of warm-up) ${show(idle)}, during the whole job ${show(busy)}: p99 ratio ${(busy.p99 / idle.p99).toFixed(2)}`);
    for (const [label, phaseLatencies] of byPhase) console.log(`  while ${label}: ${show(phaseLatencies)}, p99 ratio ${(phaseLatencies.p99 / idle.p99).toFixed(2)}`);
    started = performance.now();
    await bench.services.analysis.communityNetwork(200);
    const first = performance.now() - started;
    started = performance.now();
    await bench.services.analysis.communityNetwork(200);
    console.log(`communityNetwork(first: 200): ${first.toFixed(1)} ms first call, ${(performance.now() - started).toFixed(1)} ms next`);
    for (const call of ['first', 'next']) {
      started = performance.now();
      const overview = await bench.services.overview.overview({ nodes: 20_000, links: 60_000 });
      console.log(
        `overview(nodes: 20000, links: 60000), ${call} call: ${(performance.now() - started).toFixed(0)} ms, ${overview.nodes.length} nodes, ${overview.links.length} links, truncated ${overview.truncated}`,
      );
    }
  } finally {
    await bench.close();
    await neo4j.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
