import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express from 'express';
import type { Config } from '../config';
import type { Authenticator } from '../server/auth';
import { refuse, refusedForMissingKey, sentAsRefusal } from '../server/http/rest-refusals';
import type { NetworkService } from '../network/network.service';
import { FlowDirection } from '../network/funding.type';
import type { ExportService } from './export.service';
import { CONTENT_TYPES, CsvTable, ExportFile, ExportFormat, EXTENSIONS } from './export.type';
import type { WholeGraphExportService } from './whole-graph-export.service';
import { RELATIONSHIP_TYPES } from '../relationships/relationship-kinds';
import type { Logger } from '../logger';
import { exportRequestFromQuery, type QueryParams } from './export.input';

export interface ExportRouteDeps {
  network: NetworkService;
  config: Pick<Config, 'readsNeedKey'>;
  authenticator: Pick<Authenticator, 'callerOf'>;
  exports: ExportService;
  wholeGraph: WholeGraphExportService;
  log: Pick<Logger, 'error'>;
}

/**
 * Whole-graph exports read every node and link: a few at a time keep the database for everyone
 * else. One more is refused with 429 and Retry-After, not queued.
 */
export const WHOLE_GRAPH_EXPORTS_AT_ONCE = 2;

/** Ids are already restricted to safe characters; ":" is still refused by some file systems. */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

function send(res: express.Response, file: ExportFile, filename: string): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(file.content);
}

/**
 * Streams the whole graph with backpressure: the next page is read only once the client has taken
 * the one before. Once the first bytes are out, a failure can only cut the response short, which
 * the client sees as an incomplete transfer (no final chunk), never as a complete file.
 */
async function sendWholeGraph(res: express.Response, chunks: AsyncGenerator<string>, contentType: string, filename: string): Promise<void> {
  const first = await chunks.next();
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  async function* all() {
    if (!first.done) yield first.value;
    yield* chunks;
  }
  await pipeline(Readable.from(all()), res);
}

/**
 * GET /export/{format}?scope=all[&types=…][&table=…]: the whole graph (WholeGraphExportService),
 * streamed. GET /export/{format}: downloads the ego network of ?id (radius, types, asOf, limit; table for
 * CSV) in one of the export formats, or for SANKEY the funding flows of ?rootId (direction,
 * maxHops, asOf). The same files as Network.export, with a name and the format's media type, and
 * the same arguments: exportRequestFromQuery validates them with the GraphQL fields' classes.
 */
export function exportRouter(deps: ExportRouteDeps): express.Router {
  const router = express.Router();
  let wholeGraphExports = 0;

  router.get('/:format', async (req, res, next) => {
    const requestId = res.locals.requestId;
    try {
      if (await refusedForMissingKey(deps, req, res)) return;
      const query = req.query as QueryParams;
      const request = await exportRequestFromQuery(String(req.params.format), query);
      if (request.format === ExportFormat.SANKEY) {
        const { rootId, ...options } = request.flows;
        const sankey = await deps.network.fundingFlows(rootId, options);
        const suffix = options.direction === FlowDirection.UPSTREAM ? 'funding-sources' : 'funding-flows';
        send(res, deps.exports.exportSankey(sankey), `${fileSafe(rootId)}-${suffix}.json`);
        return;
      }
      if ('wholeGraph' in request) {
        if (wholeGraphExports >= WHOLE_GRAPH_EXPORTS_AT_ONCE) {
          res.setHeader('Retry-After', '30');
          refuse(res, 429, `${WHOLE_GRAPH_EXPORTS_AT_ONCE} exports of the whole graph are running; try again later`, { code: 'TOO_MANY_REQUESTS' });
          return;
        }
        wholeGraphExports++;
        try {
          const types = request.wholeGraph.types?.length ? request.wholeGraph.types : RELATIONSHIP_TYPES;
          const { table } = request.file;
          const chunks = deps.wholeGraph.write({ format: request.format, types, table });
          const tableSuffix = request.format === ExportFormat.CSV ? `-${(table ?? CsvTable.EDGES).toLowerCase()}` : '';
          const typesSuffix = request.wholeGraph.types?.length ? `-${[...new Set(types)].map((type) => type.toLowerCase()).join('-')}` : '';
          await sendWholeGraph(res, chunks, CONTENT_TYPES[request.format], `graph${typesSuffix}${tableSuffix}.${EXTENSIONS[request.format]}`);
        } catch (error) {
          if (!res.headersSent) throw error;
          // The client has part of a file: cut the connection so that it cannot pass for a whole one.
          deps.log.error({ err: error, requestId }, 'whole-graph export failed after the first bytes');
          res.destroy();
        } finally {
          wholeGraphExports--;
        }
        return;
      }
      const { id, ...options } = request.ego;
      const { table } = request.file;
      const network = await deps.network.egoNetwork(id, options);
      const file = deps.exports.export(network, request.format, { table });
      // The radius is in the name only when the client gave it.
      const radius = query.radius === undefined ? '' : options.radius;
      const tableSuffix = request.format === ExportFormat.CSV ? `-${(table ?? CsvTable.EDGES).toLowerCase()}` : '';
      send(res, file, `${fileSafe(id)}-ego${radius}${tableSuffix}.${file.extension}`);
    } catch (error) {
      if (!sentAsRefusal(res, error)) next(error);
    }
  });

  return router;
}
