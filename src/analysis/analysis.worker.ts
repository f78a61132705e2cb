import { parentPort } from 'node:worker_threads';
import { ComputeOptions, computeMetrics, GraphArrays } from './analysis.compute';
import type { WorkerReply } from './analysis.thread';

/**
 * The worker thread's entry point: one graph in, its metrics out, progress between. It runs
 * graphology's algorithms off the API's event loop; the main thread keeps serving requests and
 * does all the database work (analysis.service.ts).
 */
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
