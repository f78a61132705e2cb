import type express from 'express';
import { GraphQLError } from 'graphql';
import type { Config } from '../../config';
import type { Authenticator } from '../auth';

/**
 * How the REST routes beside /graphql (/export, /overview) refuse a request: the body GraphQL
 * errors have, `{ errors: [{ message, extensions: { code, …, requestId } }] }`, with an HTTP status.
 */

export function refuse(res: express.Response, status: number, message: string, extensions: Record<string, unknown>): void {
  res.status(status).json({ errors: [{ message, extensions: { ...extensions, requestId: res.locals.requestId } }] });
}

/** 401 when reads need a key and the request has none that is valid; true when it was refused. */
export async function refusedForMissingKey(
  deps: { config: Pick<Config, 'readsNeedKey'>; authenticator: Pick<Authenticator, 'callerOf'> },
  req: express.Request,
  res: express.Response,
): Promise<boolean> {
  if (!deps.config.readsNeedKey || (await deps.authenticator.callerOf(req.header('authorization')))) return false;
  refuse(res, 401, 'Reads need an API key or token on this server: send Authorization: Bearer <key or token>', { code: 'UNAUTHENTICATED' });
  return true;
}

const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  // A bearer token that failed verification (src/server/auth.ts).
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

/** Answers a refusal the services raised (bad input, a bad token, a missing node); false for any other error, which is the caller's. */
export function sentAsRefusal(res: express.Response, error: unknown): boolean {
  const status = error instanceof GraphQLError ? STATUS_OF_CODE[String(error.extensions.code)] : undefined;
  if (!(error instanceof GraphQLError) || status === undefined) return false;
  // `http` is the status GraphQL errors carry for Apollo, not for clients.
  const { http: _status, ...extensions } = error.extensions;
  refuse(res, status, error.message, extensions);
  return true;
}
