/**
 * Issue G2's analysis figures: `npm run build && node dist/bench/analysis.js [nodes] [links] [--exact] [--no-job | --job-only]`
 * (defaults 10,000 and 50,000, the graph of bench/analytics-metrics.ts).
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
import { generatedNetwork } from './analytics-metrics';
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

async function timedReads(read: () => Promise<unknown>, durationMs: number): Promise<{ count: number; p50: number; p99: number }> {
  const times: number[] = [];
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    const started = performance.now();
    await read();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { count: times.length, p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const exact = process.argv.includes('--exact');
  const nodeCount = Number(args[0] ?? 10_000);
  const linkCount = Number(args[1] ?? 50_000);
  const graph = arraysOf(nodeCount, linkCount);
  console.log(`# analysis bench, ${new Date().toISOString()}, ${nodeCount} nodes, ${linkCount} links`);

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
    const idle = await timedReads(actorById, 5_000);
    started = performance.now();
    const job = await bench.services.analysis.start({}, 'bench');
    const during = timedReads(actorById, 5_000);
    await bench.services.analysis.idle();
    const jobMs = performance.now() - started;
    const busy = await during;
    const done = await bench.services.analysis.byId(String(job.id));
    console.log(`job ${String(done?.state)} in ${jobMs.toFixed(0)} ms: ${String(done?.nodeCount)} nodes, ${String(done?.edgeCount)} links, sample size ${String(done?.sampleSize)}, layout iterations ${String(done?.layoutIterations)}; worker phases ${String(done?.phasesMs)}`);
    console.log(`actorById p50/p99 with no job ${idle.p50.toFixed(2)}/${idle.p99.toFixed(2)} ms (${idle.count} reads), during the job's first 5 s ${busy.p50.toFixed(2)}/${busy.p99.toFixed(2)} ms (${busy.count} reads): p99 ratio ${(busy.p99 / idle.p99).toFixed(2)}`);
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
