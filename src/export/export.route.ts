import express from 'express';
import { GraphQLError } from 'graphql';
import type { Config } from '../config';
import type { Authenticator } from '../server/auth';
import type { NetworkService } from '../network/network.service';
import { FlowDirection } from '../network/funding.type';
import type { ExportService } from './export.service';
import { CsvTable, ExportFile, ExportFormat } from './export.type';
import { exportRequestFromQuery, type QueryParams } from './export.input';

export interface ExportRouteDeps {
  network: NetworkService;
  config: Pick<Config, 'readsNeedKey'>;
  authenticator: Pick<Authenticator, 'callerOf'>;
  exports: ExportService;
}

/** Ids are already restricted to safe characters; ":" is still refused by some file systems. */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

function errorBody(error: GraphQLError, requestId: unknown) {
  // `http` is the status GraphQL errors carry for Apollo, not for clients.
  const { http: _status, ...extensions } = error.extensions;
  return { errors: [{ message: error.message, extensions: { ...extensions, requestId } }] };
}

function send(res: express.Response, file: ExportFile, filename: string): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(file.content);
}

/**
 * GET /export/{format}: downloads the ego network of ?id (radius, types, asOf, limit; table for
 * CSV) in one of the export formats, or for SANKEY the funding flows of ?rootId (direction,
 * maxHops, asOf). The same files as Network.export, with a name and the format's media type, and
 * the same arguments: exportRequestFromQuery validates them with the GraphQL fields' classes.
 */
export function exportRouter(deps: ExportRouteDeps): express.Router {
  const router = express.Router();

  router.get('/:format', async (req, res, next) => {
    const requestId = res.locals.requestId;
    try {
      if (deps.config.readsNeedKey && !(await deps.authenticator.callerOf(req.header('authorization')))) {
        res.status(401).json({
          errors: [{ message: 'Reads need an API key or token on this server: send Authorization: Bearer <key or token>', extensions: { code: 'UNAUTHENTICATED', requestId } }],
        });
        return;
      }
      const query = req.query as QueryParams;
      const request = await exportRequestFromQuery(String(req.params.format), query);
      if (request.format === ExportFormat.SANKEY) {
        const { rootId, ...options } = request.flows;
        const sankey = await deps.network.fundingFlows(rootId, options);
        const suffix = options.direction === FlowDirection.UPSTREAM ? 'funding-sources' : 'funding-flows';
        send(res, deps.exports.exportSankey(sankey), `${fileSafe(rootId)}-${suffix}.json`);
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
      if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') {
        res.status(400).json(errorBody(error, requestId));
      } else if (error instanceof GraphQLError && error.extensions.code === 'NOT_FOUND') {
        res.status(404).json(errorBody(error, requestId));
      } else if (error instanceof GraphQLError && (error.extensions.code === 'UNAUTHENTICATED' || error.extensions.code === 'FORBIDDEN')) {
        // A bearer token that failed verification (src/server/auth.ts).
        res.status(error.extensions.code === 'FORBIDDEN' ? 403 : 401).json(errorBody(error, requestId));
      } else {
        next(error);
      }
    }
  });

  return router;
}
