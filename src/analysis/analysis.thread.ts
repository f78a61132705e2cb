import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ComputedMetrics, ComputeOptions, GraphArrays } from './analysis.compute';

export type WorkerReply =
  | { kind: 'progress'; phase: string; share: number }
  | { kind: 'done'; metrics: ComputedMetrics }
  | { kind: 'failed'; message: string };

/**
 * A worker needs a JavaScript file. Compiled (`node dist/src/main.js`), analysis.worker.js sits
 * beside this file. From the TypeScript sources (under ts-jest, which transforms only what Jest
 * itself loads, and ts-node is not installed), the worker is started from a few lines of eval'd
 * JavaScript that teach require() to transpile .ts with the typescript compiler (a dev
 * dependency, there whenever the sources are run) and then require the worker's source.
 * Transpiling without type-checking is what ts-jest's isolated mode does as well.
 */
function startWorker(): Worker {
  const compiled = path.join(__dirname, 'analysis.worker.js');
  if (!__filename.endsWith('.ts')) return new Worker(compiled);
  const source = path.join(__dirname, 'analysis.worker.ts');
  const bootstrap = `
    const fs = require('node:fs');
    const ts = require('typescript');
    require.extensions['.ts'] = (module, filename) => {
      const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
        fileName: filename,
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true },
      });
      module._compile(outputText, filename);
    };
    require(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { eval: true });
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
