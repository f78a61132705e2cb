import type { Worker } from 'node:worker_threads';
import { startWorkerFile } from '../common/worker-file';
import type { ComputedMetrics, ComputeOptions, GraphArrays } from './analysis.compute';

export type WorkerReply =
  | { kind: 'progress'; phase: string; share: number }
  | { kind: 'done'; metrics: ComputedMetrics }
  | { kind: 'failed'; message: string };

/** analysis.worker.ts, compiled or from the sources (common/worker-file.ts). */
function startWorker(): Worker {
  return startWorkerFile(__dirname, 'analysis.worker', __filename.endsWith('.ts'));
}

export interface RunningComputation {
  result: Promise<ComputedMetrics>;
  /** Stops the thread at once; `result` then rejects with CancelledComputation. */
  terminate(): Promise<void>;
}

export class CancelledComputation extends Error {
  constructor() {
    super('the computation was stopped');
  }
}

/** Hands the graph to a new worker thread (its typed arrays moved, not copied) and waits for the metrics. */
export function computeInWorker(
  graph: GraphArrays,
  options: ComputeOptions,
  onProgress: (phase: string, share: number) => void,
): RunningComputation {
  const worker = startWorker();
  // A job never keeps a process alive on its own: a server stays up for its HTTP listener anyway.
  worker.unref();
  let stopped = false;
  const result = new Promise<ComputedMetrics>((resolve, reject) => {
    worker.on('message', (message: WorkerReply) => {
      if (message.kind === 'progress') onProgress(message.phase, message.share);
      else if (message.kind === 'done') resolve(message.metrics);
      else reject(new Error(message.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(stopped ? new CancelledComputation() : new Error(`the analysis worker exited with code ${code}`)));
  });
  // The exit handler rejects after a result too; a settled promise ignores it.
  result.finally(() => void worker.terminate()).catch(() => {});
  worker.postMessage({ graph, options }, [graph.sources.buffer as ArrayBuffer, graph.targets.buffer as ArrayBuffer]);
  return {
    result,
    terminate: async () => {
      stopped = true;
      await worker.terminate();
    },
  };
}
