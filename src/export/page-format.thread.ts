import type { Worker } from 'node:worker_threads';
import { startWorkerFile } from '../common/worker-file';
import type { NetworkEdge, NetworkNode } from '../network/network.type';
import { PageWriterSpec } from './page-writer';

export interface PageRequest {
  id: number;
  kind: 'nodes' | 'edges';
  items: readonly NetworkNode[] | readonly NetworkEdge[];
}

export type PageReply = { id: number; text: string } | { id: number; error: string };

/**
 * The thread holds a few pages at a time, whatever the graph's size. A bounded heap makes it
 * collect early rather than grow: on the 1M-link graph's GEXF, with Node's defaults the export
 * peaked at 662 MB RSS (66 s), with these limits at 474 MB (70 s), with a 16 MB young
 * generation at 449 MB but 74 s (bench/results/whole-graph-export-latest.md).
 */
const FORMATTING_THREAD_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 48 };

/**
 * Writes pages of elements in a worker thread, so that a large export formats one page while this
 * thread decodes the next: formatting (fast-xml-parser's builder above all) was the larger half
 * of a whole-graph GEXF export's CPU, all of it on the thread that also reads from Neo4j and
 * serves the API. Pages come back in the order they were sent.
 */
export class PageFormatThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  private next = 0;
  private failure: Error | null = null;

  constructor(spec: PageWriterSpec) {
    this.worker = startWorkerFile(__dirname, 'page-format.worker', __filename.endsWith('.ts'), FORMATTING_THREAD_LIMITS);
    this.worker.unref();
    this.worker.on('message', (reply: PageReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.text);
    });
    const fail = (error: Error) => {
      // After close(), the exit it causes is no failure of its own.
      this.failure ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(this.failure);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the export's formatting thread exited with code ${code}`)));
    this.worker.postMessage(spec);
  }

  format(kind: PageRequest['kind'], items: PageRequest['items']): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    const text = new Promise<string>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ id, kind, items } satisfies PageRequest);
    return text;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the formatting thread was closed');
    await this.worker.terminate();
  }
}
