import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { isTimeout, isUnavailable } from '../db/database';
import type { Logger } from '../logger';

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
  'QUERY_TOO_COMPLEX',
]);

interface FieldProblem {
  field: string;
  reasons: string[];
}

/** class-validator's errors echo the whole object back (target, value); keep field and reason only. */
export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, reasons: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function validationFailure(validationErrors: readonly ValidationError[]): GraphQLFormattedError {
  const fields = flattenValidationErrors(validationErrors);
  const first = fields[0];
  return {
    message: first ? `Invalid value for ${first.field}: ${first.reasons.join('; ')}` : 'Invalid input',
    extensions: { code: 'BAD_USER_INPUT', field: first?.field, reason: first?.reasons.join('; '), fields },
  };
}

export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, raw: unknown): GraphQLFormattedError => {
    const error = unwrapResolverError(raw);
    const base = { locations: formatted.locations, path: formatted.path };

    if (error instanceof GraphQLError) {
      const code = String(error.extensions?.code ?? formatted.extensions?.code ?? '');
      const validationErrors = error.extensions?.validationErrors as ValidationError[] | undefined;
      if (code === 'BAD_USER_INPUT' && validationErrors) return { ...base, ...validationFailure(validationErrors) };
      if (CLIENT_CODES.has(code)) {
        const { stacktrace: _stack, validationErrors: _v, ...extensions } = formatted.extensions ?? {};
        return { ...base, message: formatted.message, extensions: { ...extensions, code } };
      }
    }
    if (isTimeout(error)) {
      return { ...base, message: 'The query took too long and was stopped', extensions: { code: 'QUERY_TIMEOUT' } };
    }
    if (isUnavailable(error)) {
      return {
        ...base,
        message: 'The database is unavailable; try again shortly',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    logger.error({ err: error, path: formatted.path }, 'unexpected error');
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
