import express from 'express';
import { GraphQLError } from 'graphql';
import type { Config } from '../config';
import { authenticate } from '../server/auth';
import { BadInputError } from '../common/errors';
import { ID_PATTERN } from '../common/validation';
import { isPartialDate } from '../common/partial-date';
import { RELATIONSHIP_TYPES, RelationshipTypeName } from '../relationships/relationship-kinds';
import type { NetworkService } from '../network/network.service';
import { FlowDirection } from '../network/funding.type';
import { ExportService } from './export.service';
import { CsvTable, ExportFile, ExportFormat } from './export.type';

export interface ExportRouteDeps {
  network: NetworkService;
  config: Pick<Config, 'readsNeedKey' | 'apiKeys'>;
  exports?: ExportService;
}

type Query = Record<string, unknown>;

/** One value per parameter: a repeated parameter is a client mistake, except for types. */
function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new BadInputError(name, 'must be given once');
  return value;
}

function required(query: Query, name: string, fallback?: string): string {
  const value = single(query, name) ?? (fallback ? single(query, fallback) : undefined);
  if (!value) throw new BadInputError(name, 'is required');
  return value;
}

function nodeId(query: Query, name: string, fallback?: string): string {
  const value = required(query, name, fallback);
  if (!ID_PATTERN.test(value)) throw new BadInputError(name, 'must be 1-200 letters, digits, ".", "_", ":" or "-"');
  return value;
}

/** Ranges are the network service's to enforce, so GraphQL and HTTP refuse the same values. */
function integer(query: Query, name: string): number | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new BadInputError(name, 'must be a whole number');
  return Number(value);
}

function asOf(query: Query): string | undefined {
  const value = single(query, 'asOf');
  if (value !== undefined && !isPartialDate(value)) throw new BadInputError('asOf', 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD');
  return value || undefined;
}

/** types=FUNDS,LEADS or types=FUNDS&types=LEADS. */
function types(query: Query): RelationshipTypeName[] | undefined {
  const raw = query.types;
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((value) => (typeof value === 'string' ? value.split(',') : [null]));
  if (values.some((value) => value === null)) throw new BadInputError('types', 'must be relationship types separated by commas');
  const names = (values as string[]).map((value) => value.trim().toUpperCase()).filter(Boolean);
  const unknown = names.filter((name) => !(RELATIONSHIP_TYPES as readonly string[]).includes(name));
  if (unknown.length) throw new BadInputError('types', `unknown relationship type(s): ${unknown.join(', ')}`);
  return names as RelationshipTypeName[];
}

function choice<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const found = allowed.find((option) => option === value.toUpperCase());
  if (!found) throw new BadInputError(name, `must be one of ${allowed.map((option) => option.toLowerCase()).join(', ')}`);
  return found;
}

/** Ids are already restricted to safe characters; ":" is still refused by some file systems. */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

function errorBody(error: GraphQLError, requestId: unknown) {
  return { errors: [{ message: error.message, extensions: { ...error.extensions, requestId } }] };
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
 * maxHops, asOf). The same files as Network.export, with a name and the format's media type.
 */
export function exportRouter(deps: ExportRouteDeps): express.Router {
  const exportsService = deps.exports ?? new ExportService();
  const router = express.Router();

  router.get('/:format', async (req, res, next) => {
    const requestId = res.locals.requestId;
    try {
      if (deps.config.readsNeedKey && !authenticate(req.header('authorization'), deps.config.apiKeys)) {
        res.status(401).json({
          errors: [{ message: 'Reads need an API key on this server: send Authorization: Bearer <key>', extensions: { code: 'UNAUTHENTICATED', requestId } }],
        });
        return;
      }
      const format = Object.values(ExportFormat).find((value) => value === String(req.params.format).toUpperCase());
      if (!format) {
        throw new BadInputError('format', `must be one of ${Object.values(ExportFormat).map((value) => value.toLowerCase()).join(', ')}`);
      }
      const query = req.query as Query;
      if (format === ExportFormat.SANKEY) {
        const rootId = nodeId(query, 'rootId', 'id');
        const direction = choice(query, 'direction', Object.values(FlowDirection));
        const options = { direction, maxHops: integer(query, 'maxHops'), asOf: asOf(query) };
        const sankey = await deps.network.fundingFlows(rootId, options);
        const suffix = direction === FlowDirection.UPSTREAM ? 'funding-sources' : 'funding-flows';
        send(res, exportsService.exportSankey(sankey), `${fileSafe(rootId)}-${suffix}.json`);
        return;
      }
      const id = nodeId(query, 'id');
      const table = choice(query, 'table', Object.values(CsvTable));
      const radius = integer(query, 'radius');
      const options = { radius, types: types(query), asOf: asOf(query), limit: integer(query, 'limit') };
      const network = await deps.network.egoNetwork(id, options);
      const file = exportsService.export(network, format, { table });
      const tableSuffix = format === ExportFormat.CSV ? `-${(table ?? CsvTable.EDGES).toLowerCase()}` : '';
      send(res, file, `${fileSafe(id)}-ego${radius ?? ''}${tableSuffix}.${file.extension}`);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') {
        res.status(400).json(errorBody(error, requestId));
      } else if (error instanceof GraphQLError && error.extensions.code === 'NOT_FOUND') {
        res.status(404).json(errorBody(error, requestId));
      } else {
        next(error);
      }
    }
  });

  return router;
}
