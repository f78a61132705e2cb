import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { Neo4jError } from 'neo4j-driver';
import { isTimeout, isUnavailable } from '../db/database';
import type { Logger } from '../logger';
import { LIMIT_CODES } from './limits';
import { flattenValidationErrors } from '../common/validation-errors';

/** Codes whose messages are written for clients and may go out as they are. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'QUERY_TIMEOUT',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  ...LIMIT_CODES,
]);

function validationFailure(validationErrors: readonly ValidationError[]): GraphQLFormattedError {
  const fields = flattenValidationErrors(validationErrors);
  const first = fields[0];
  return {
    message: first ? `Invalid value for ${first.field}: ${first.reasons.join('; ')}` : 'Invalid input',
    extensions: { code: 'BAD_USER_INPUT', field: first?.field, reason: first?.reasons.join('; '), fields },
  };
}

export type DatabaseProblem = 'timeout' | 'unreachable' | 'saturated';

/**
 * Sorts database failures: a query stopped by its timeout; a database that cannot be reached (a
 * refused or dropped connection, a database that is stopping); or a pool that stayed exhausted for
 * connectionAcquisitionTimeout, whose "timed out" must not read as a slow query.
 */
export function databaseProblem(error: unknown): DatabaseProblem | null {
  if (!(error instanceof Neo4jError)) return null;
  if (/acquisition timed out/i.test(error.message)) return 'saturated';
  if (
    ['ServiceUnavailable', 'SessionExpired'].includes(error.code) ||
    /^Neo\.TransientError\.General\.DatabaseUnavailable$|^Neo\.ClientError\.Database\.DatabaseNotFound$/.test(error.code)
  ) {
    return 'unreachable';
  }
  if (isTimeout(error)) return 'timeout';
  if (isUnavailable(error) || error.code === 'Neo.TransientError.General.OutOfMemoryError') return 'unreachable';
  return null;
}

export const DATABASE_UNAVAILABLE = 'The database is unavailable; try again shortly';

/** What the request that hit an error is known by: its id, and a logger that carries it. */
export interface ErrorScope {
  requestId: string;
  log: Logger;
}

/**
 * Every error that leaves the API goes through here. Only codes written for clients keep their
 * message; everything else, including Neo4j errors that quote Cypher, becomes a generic message,
 * and the original goes to the log under the request id that the client also receives.
 */
export function createErrorFormatter(logger: Logger, scope: () => ErrorScope | undefined = () => undefined) {
  const format = (formatted: GraphQLFormattedError, raw: unknown, log: Logger): GraphQLFormattedError => {
    const error = unwrapResolverError(raw);
    const base = { locations: formatted.locations, path: formatted.path };

    if (error instanceof GraphQLError) {
      const code = String(error.extensions?.code ?? formatted.extensions?.code ?? '');
      const validationErrors = error.extensions?.validationErrors as ValidationError[] | undefined;
      if (code === 'BAD_USER_INPUT' && validationErrors) return { ...base, ...validationFailure(validationErrors) };
      if (CLIENT_CODES.has(code)) {
        const { stacktrace: _stack, validationErrors: _v, exception: _e, ...extensions } = formatted.extensions ?? {};
        return { ...base, message: formatted.message, extensions: { ...extensions, code } };
      }
      // Apollo refuses some requests (e.g. a persisted-query hash that does not match) with a 4xx
      // status but no code; those messages are written for clients too.
      const status = (error.extensions?.http as { status?: number } | undefined)?.status;
      if (!error.extensions?.code && !error.originalError && status && status >= 400 && status < 500) {
        return { ...base, message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
      }
    }
    const problem = databaseProblem(error);
    if (problem === 'timeout') {
      log.warn({ path: formatted.path }, 'query timed out');
      return { ...base, message: 'The query took too long and was stopped', extensions: { code: 'QUERY_TIMEOUT' } };
    }
    if (problem) {
      log.warn({ err: error, path: formatted.path, problem }, 'database unavailable');
      return {
        ...base,
        message: DATABASE_UNAVAILABLE,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    log.error({ err: error, path: formatted.path }, 'unexpected error');
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };

  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const current = scope();
    const result = format(formatted, raw, current?.log ?? logger);
    return current ? { ...result, extensions: { ...result.extensions, requestId: current.requestId } } : result;
  };
}
