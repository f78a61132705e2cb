import { parentPort } from 'node:worker_threads';
import type { NetworkEdge, NetworkNode } from '../network/network.type';
import { pageWriter, PageWriterSpec } from './page-writer';
import type { PageReply, PageRequest } from './page-format.thread';

/**
 * The worker thread of a large export (page-format.thread.ts): the model first, then pages of
 * elements in, their text out, in the order they came.
 */
parentPort!.once('message', (spec: PageWriterSpec) => {
  const writer = pageWriter(spec);
  parentPort!.on('message', ({ id, kind, items }: PageRequest) => {
    let reply: PageReply;
    try {
      const text = kind === 'nodes' ? writer.nodes(items as NetworkNode[]) : writer.edges(items as NetworkEdge[]);
      reply = { id, text };
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort!.postMessage(reply);
  });
});
