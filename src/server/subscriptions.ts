import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, GraphQLSchema, getOperationAST, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, DocumentNode } from 'graphql';
import { WebSocketServer, WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Services } from '../composition';
import type { Caller } from '../common/caller';
import type { LiveSession } from '../events/live.service';
import type { AppContext } from './context';
import { createLoaders } from './loaders';
import type { Authenticator } from './auth';
import { looksLikeJwt } from './tokens';
import { enforceQueryLimits, nestingViolation } from './limits';
import { createErrorFormatter } from './errors';

/**
 * Close codes of the /graphql WebSocket besides graphql-ws's own (4400 bad message, 4406 wrong
 * subprotocol, 4408 no connection_init in time, 4409 subscription id in use, 4500 internal
 * error) and 1001 when the server shuts down. The README's "Live updates" lists them all.
 */
export const CLOSE_CODES = {
  /** connection_init carried a credential that was refused, or reads need a key and none came, or the token expired since. */
  UNAUTHENTICATED: 4401,
  /** The token is valid but grants neither role. */
  FORBIDDEN: 4403,
  /**
   * A subscription let more than SUBSCRIPTION_QUEUE_LIMIT events wait: the client reads slower than
   * events come, and is dropped instead of buffered without bound. (graphql-ws also closes with 4429
   * when a client sends connection_init twice; the reason text tells them apart.)
   */
  SLOW_CONSUMER: 4429,
} as const;

/** Close reasons are at most 123 bytes. */
function reasonOf(message: string): string {
  const bytes = Buffer.from(message, 'utf8');
  return bytes.length <= 123 ? message : `${bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD+$/, '')}...`;
}

type ConnectionExtra = {
  connection?: number;
  caller?: Caller | null;
  live?: LiveSession;
  expiry?: NodeJS.Timeout;
};

/** `Authorization` as connectionParams carry it (any case), else the upgrade request's own header. */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined, request: http.IncomingMessage): string | undefined {
  for (const [key, value] of Object.entries(params ?? {})) {
    if (key.toLowerCase() === 'authorization' && typeof value === 'string') return value;
  }
  const header = request.headers.authorization;
  return typeof header === 'string' ? header : undefined;
}

/** Seconds until a verified JWT's `exp`, or null for an API key or a token without one. */
function secondsLeft(authorization: string | undefined): number | null {
  const credential = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!credential || !looksLikeJwt(credential)) return null;
  try {
    const payload = JSON.parse(Buffer.from(credential.split('.')[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp - Date.now() / 1000 : null;
  } catch {
    return null;
  }
}

function refusal(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

export interface Subscriptions {
  /** Closes every connection (1001), waiting at most `graceMs` for clients to answer, and stops accepting. */
  dispose(): Promise<void>;
}

/**
 * graphql-ws (graphql-transport-ws) on the HTTP server's /graphql, with what the HTTP side has:
 * the same credentials (API keys and JWTs, sent as connectionParams `{ authorization: 'Bearer …' }`
 * or as the upgrade request's Authorization header, checked once at connection_init), the same
 * limits on each subscription document (tokens, depth, aliases, root fields, cost, page sizes),
 * the same error masking, and READS_NEED_KEY. Only subscriptions are served here: queries and
 * mutations go over HTTP, through Apollo's plugins.
 */
export function attachSubscriptions(options: {
  httpServer: http.Server;
  schema: GraphQLSchema;
  services: Services;
  config: Config;
  logger: Logger;
  authenticator: Authenticator;
  isDraining: () => boolean;
}): Subscriptions {
  const { httpServer, schema, services, config, logger, authenticator } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxBodyBytes });
  const formatError = createErrorFormatter(logger);
  const rules = config.introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  let connections = 0;

  const onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/graphql' || options.isDraining()) {
      const status = path !== '/graphql' ? '404 Not Found' : '503 Service Unavailable';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  httpServer.on('upgrade', onUpgrade);

  const format = (error: GraphQLError) => formatError(error.toJSON(), error);

  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema,
      isProd: true,
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const authorization = authorizationOf(ctx.connectionParams, request);
        let caller: Caller | null;
        try {
          caller = await authenticator.callerOf(authorization);
        } catch (error) {
          const code = error instanceof GraphQLError && error.extensions.code === 'FORBIDDEN' ? CLOSE_CODES.FORBIDDEN : CLOSE_CODES.UNAUTHENTICATED;
          socket.close(code, reasonOf(error instanceof GraphQLError ? error.message : 'The credential was refused'));
          return false;
        }
        if (config.readsNeedKey && !caller) {
          socket.close(CLOSE_CODES.UNAUTHENTICATED, 'Reads need an API key on this server: send connectionParams { authorization: "Bearer <key>" }');
          return false;
        }
        const left = caller ? secondsLeft(authorization) : null;
        if (left !== null) {
          ctx.extra.expiry = setTimeout(() => socket.close(CLOSE_CODES.UNAUTHENTICATED, 'The bearer token has expired: connect again with a new one'), Math.max(0, left * 1000));
          ctx.extra.expiry.unref();
        }
        const connection = ++connections;
        ctx.extra.connection = connection;
        ctx.extra.caller = caller;
        ctx.extra.live = services.live.session({
          caller,
          queueLimit: config.subscriptions.queueLimit,
          onOverflow: (error) => {
            logger.warn({ connection, caller: caller?.name, limit: error.limit }, 'subscriber dropped: too many events queued');
            socket.close(CLOSE_CODES.SLOW_CONSUMER, reasonOf(`Slow consumer: more than ${error.limit} events waited for this client`));
          },
        });
        return true;
      },
      onClose: (ctx) => {
        if (ctx.extra.expiry) clearTimeout(ctx.extra.expiry);
      },
      onSubscribe: (ctx, id, payload) => {
        if (Object.keys(ctx.subscriptions).length > config.subscriptions.perConnection) {
          return [refusal(`This connection already holds ${config.subscriptions.perConnection} subscriptions, the most allowed: complete one first`, 'BAD_REQUEST')];
        }
        const tooDeep = nestingViolation(payload.query, config.limits);
        if (tooDeep) return [tooDeep];
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.limits.maxTokens });
        } catch (error) {
          return [refusal(error instanceof GraphQLError ? error.message : 'The query could not be parsed', 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(schema, document, rules);
        if (invalid.length) return invalid.map((error) => refusal(error.message, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [refusal('Name the operation to run (operationName): the document has several, or none', 'BAD_REQUEST')];
        if (operation.operation !== 'subscription') {
          return [refusal('Only subscriptions are served over WebSocket: send queries and mutations to POST /graphql', 'BAD_REQUEST')];
        }
        try {
          enforceQueryLimits(config.limits, { schema, document, operation, operationName: payload.operationName, variables: payload.variables });
        } catch (error) {
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const contextValue: AppContext = {
          requestId: `ws-${ctx.extra.connection}-${id}`,
          caller: ctx.extra.caller ?? null,
          loaders: createLoaders(services),
          live: ctx.extra.live,
        };
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(format) } : undefined),
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    },
    wss,
  );

  return {
    async dispose() {
      httpServer.off('upgrade', onUpgrade);
      // graphql-ws closes each socket with 1001 and waits for all to close; a client that never answers is cut off.
      const cutOff = setTimeout(() => {
        for (const client of wss.clients) if (client.readyState !== WebSocket.CLOSED) client.terminate();
      }, Math.min(config.shutdownGraceMs, 5000));
      try {
        await server.dispose();
      } finally {
        clearTimeout(cutOff);
      }
    },
  };
}
