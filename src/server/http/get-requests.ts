import { LimitExceededError } from '../limits';

/**
 * GraphQL over GET carries the operation in the query string, which MAX_BODY_BYTES (enforced by
 * the JSON body parser) never sees: the same limit applies to it here. Node refuses request
 * lines and headers over its max header size (16 KiB by default) with 431 before this runs; this
 * matters when MAX_BODY_BYTES is set lower. Answered with 414 (URI Too Long), code PAYLOAD_TOO_LARGE.
 */
export function queryStringViolation(method: string, originalUrl: string, maxBytes: number): LimitExceededError | null {
  if (method !== 'GET' && method !== 'HEAD') return null;
  const queryAt = originalUrl.indexOf('?');
  if (queryAt < 0) return null;
  const bytes = Buffer.byteLength(originalUrl.slice(queryAt + 1), 'utf8');
  if (bytes <= maxBytes) return null;
  return new LimitExceededError('PAYLOAD_TOO_LARGE', `The query string is larger than ${maxBytes} bytes`, maxBytes, bytes);
}

export const QUERY_STRING_TOO_LONG_STATUS = 414;
