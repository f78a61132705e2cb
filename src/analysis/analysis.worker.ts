import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { ComputeOptions, computeMetrics, GraphArrays } from './analysis.compute';
import type { WorkerReply } from './analysis.thread';

/**
 * The worker thread's entry point: one graph in, its metrics out, progress between. It runs
 * graphology's algorithms off the API's event loop; the main thread keeps serving requests and
 * does all the database work (analysis.service.ts).
 */
/*
 * The lowest scheduling priority, for this thread alone: Linux keeps a nice value per thread, so
 * the API's own thread and Neo4j's get a core first while a job computes, and the job takes what
 * they leave. Where the system refuses, the job computes at normal priority.
 */
try {
  setPriority(19);
} catch {
  // Not permitted here: nothing to undo.
}

parentPort!.once('message', ({ graph, options }: { graph: GraphArrays; options: ComputeOptions }) => {
  const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  try {
    const metrics = computeMetrics(graph, options, (phase, share) => reply({ kind: 'progress', phase, share }));
    const buffers = [metrics.degree, metrics.pagerank, metrics.eigenvector, metrics.betweenness, metrics.closeness, metrics.community, metrics.x, metrics.y]
      .filter((array): array is NonNullable<typeof array> => array !== null)
      .map((array) => array.buffer as ArrayBuffer);
    reply({ kind: 'done', metrics }, buffers);
  } catch (error) {
    reply({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
