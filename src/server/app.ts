import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import express from 'express';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Driver } from 'neo4j-driver';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Services } from '../composition';
import { createLoaders } from './loaders';
import { Authenticator } from './auth';
import type { AppContext } from './context';
import { createErrorFormatter, DATABASE_UNAVAILABLE, databaseProblem, ErrorScope } from './errors';
import { batchViolation, LimitExceededError, LimitMeasures, queryLimitsPlugin, REFUSAL_KINDS, requestNestingViolation } from './limits';
import { legacyJsonStatusPlugin } from './http/legacy-json-status';
import { httpCachePolicyPlugins } from './http/cache-policy';
import { isCsrfRefusal, MeteredRequest, RequestMetrics } from './http/request-metrics';
import { QUERY_STRING_TOO_LONG_STATUS, queryStringViolation } from './http/get-requests';
import { Metrics } from '../metrics/metrics';
import { metricsRouter } from '../metrics/metrics.route';
import { exportRouter } from '../export/export.route';
import { overviewRouter } from '../overview/overview.route';
import { explorerRouter } from '../explorer/explorer.route';
import { attachSubscriptions } from './subscriptions';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

function requestIdOf(req: express.Request): string {
  const given = req.header('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Travels with a request through Apollo's async work, so formatError can name the request. */
interface RequestScope extends ErrorScope, MeteredRequest {
  operationName?: string | null;
  measures?: LimitMeasures;
}

// A readiness probe must answer within a prober's usual 1-3 s timeout even when the database hangs.
const READY_CHECK_MS = 2000;

function within<T>(ms: number, work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([work.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

const CIRCUIT_CHECK_MS = 1000;

/**
 * Once a request finds the database unreachable, later ones first check Bolt, which refuses in
 * milliseconds while Neo4j is down, instead of each spending the driver's whole retry time; the
 * first check that gets through closes the circuit again, so recovery needs no restart.
 */
class DatabaseCircuit {
  private open = false;

  constructor(private readonly driver: Driver) {}

  trip(): void {
    this.open = true;
  }

  reset(): void {
    this.open = false;
  }

  async allows(): Promise<boolean> {
    if (!this.open) return true;
    const reachable = await within(CIRCUIT_CHECK_MS, this.driver.getServerInfo().then(() => true), false);
    if (reachable) this.open = false;
    return reachable;
  }
}

function databaseCircuitPlugin(circuit: DatabaseCircuit): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation() {
          if (!(await circuit.allows())) {
            throw new GraphQLError(DATABASE_UNAVAILABLE, { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
          }
        },
        async didEncounterErrors({ errors }) {
          if (errors.some((error) => databaseProblem(unwrapResolverError(error)) === 'unreachable')) circuit.trip();
        },
      };
    },
  };
}

function errorBody(message: string, extensions: Record<string, unknown>) {
  return { errors: [{ message, extensions }] };
}

function readAccessPlugin(config: Config): ApolloServerPlugin<AppContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (operation?.operation === 'query' && config.readsNeedKey && !contextValue.caller) {
            throw new GraphQLError('Reads need an API key on this server: send Authorization: Bearer <key>', {
              extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
            });
          }
        },
      };
    },
  };
}

function withoutHttp(extensions: Record<string, unknown>): Record<string, unknown> {
  const { http: _http, ...rest } = extensions;
  return rest;
}

export interface App {
  httpServer: http.Server;
  listen(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

export async function createApp(options: {
  config: Config;
  schema: GraphQLSchema;
  services: Services;
  logger: Logger;
}): Promise<App> {
  const { config, schema, services, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Node's 5 s default closes idle connections before the clients and proxies in front expire
  // them (undici after 4 s by its own timers, load balancers after 60 s), and a request sent on
  // a connection the server has just closed fails with ECONNRESET. Longer than any of them, as
  // load balancers' guides ask; headers must be allowed a little longer still.
  httpServer.keepAliveTimeout = config.keepAliveTimeoutMs;
  httpServer.headersTimeout = config.keepAliveTimeoutMs + 1000;
  const requestScope = new AsyncLocalStorage<RequestScope>();
  const circuit = new DatabaseCircuit(services.db.driver);
  // API keys, and JWTs when JWT_ISSUER is set; a JWKS file is read here, once.
  const authenticator = new Authenticator(config);
  let draining = false;

  // METRICS=false builds none of it: no registry, no statement timing, no /metrics route (404).
  const metrics = config.metrics.enabled
    ? new Metrics({ sessionsInUse: () => services.db.sessionsInUse, refusalKinds: REFUSAL_KINDS })
    : null;
  const requestMetrics = metrics ? new RequestMetrics(metrics) : null;
  const stopObservingStatements = metrics ? services.db.observeStatements((mode, seconds) => metrics.statement(mode, seconds)) : () => {};
  const formatError = createErrorFormatter(logger, () => requestScope.getStore());
  // graphql-ws on this server's upgrade requests to /graphql, with the same credentials and limits.
  const subscriptions = attachSubscriptions({ httpServer, schema, services, config, logger, authenticator, isDraining: () => draining });

  const apollo = new ApolloServer<AppContext>({
    schema,
    // Kept on: Apollo runs an operation only from a request a browser would have preflighted (a
    // POST with a JSON content-type, or a GET with `apollo-require-preflight`, a content-type of
    // application/json or `x-apollo-operation-name`). An Accept header does not count, since
    // browsers send any Accept cross-site without asking, so the graphql-http audit's three MAY
    // checks of a bare GET fail here by design (test/e2e/http-conformance.e2e.test.ts).
    csrfPrevention: true,
    // Automatic persisted queries (extensions.persistedQuery.sha256Hash), GET or POST. The hashes
    // live in Apollo's default cache: in memory, LRU, bounded at about 30 MiB of query text. A
    // query is stored only after parsing, validation and every limit passed.
    cache: 'bounded',
    persistedQueries: {},
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: config.limits.maxBatchOperations > 1,
    parseOptions: { maxTokens: config.limits.maxTokens },
    formatError: (formatted, raw) => {
      // CSRF refusals happen before Apollo's pipeline (and its plugins); this is where they show.
      if (requestMetrics && isCsrfRefusal(raw)) requestMetrics.refusedOverHttp(requestScope.getStore(), null);
      return formatError(formatted, raw);
    },
    // Apollo's own messages (e.g. "server stopped") carry no request; they go to the same log.
    logger,
    // main.ts owns SIGTERM/SIGINT: it drains this server, then closes the driver and Neo4j.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      // WebSocket connections are upgraded out of the HTTP server's reach: stop() closes them here (1001).
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await subscriptions.dispose();
            },
          };
        },
      },
      queryLimitsPlugin<AppContext>(config.limits, (measures) => {
        const scope = requestScope.getStore();
        if (scope) scope.measures = measures;
      }),
      readAccessPlugin(config),
      databaseCircuitPlugin(circuit),
      {
        async requestDidStart() {
          return {
            async didResolveOperation({ operationName }) {
              const scope = requestScope.getStore();
              if (scope) scope.operationName = operationName;
            },
          };
        },
      },
      legacyJsonStatusPlugin<AppContext>(),
      ...httpCachePolicyPlugins<AppContext>(config.httpCacheMaxAgeS),
      ...(requestMetrics ? [requestMetrics.plugin<AppContext>(() => requestScope.getStore())] : []),
      ...(config.introspection ? [] : [ApolloServerPluginLandingPageDisabled()]),
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const requestId = requestIdOf(req);
    const log = logger.child({ requestId });
    const started = process.hrtime.bigint();
    res.locals.requestId = requestId;
    res.locals.scope = { requestId, log, startedAt: started } satisfies RequestScope;
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      const scope = res.locals.scope as RequestScope;
      log.info(
        {
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
          operationName: scope.operationName ?? undefined,
          cost: scope.measures?.cost,
          depth: scope.measures?.depth,
        },
        'request',
      );
    });
    if (draining) {
      // A request that reaches a kept-alive connection after SIGTERM gets a clean refusal.
      res.setHeader('connection', 'close');
      res.status(503).json(errorBody('The server is shutting down; retry on another instance', { code: 'SERVICE_UNAVAILABLE', requestId }));
      return;
    }
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req, res) => {
    // getServerInfo fails at once when Bolt is down; the query then proves the database answers.
    const ready =
      !draining &&
      (await within(READY_CHECK_MS, services.db.driver.getServerInfo().then(() => services.db.ping()), false));
    if (ready) circuit.reset();
    else if (!draining) circuit.trip();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', neo4j: ready });
  });

  if (metrics) app.use('/metrics', metricsRouter(metrics, { key: config.metrics.key }));
  app.use('/export', exportRouter({ network: services.network, exports: services.exports, wholeGraph: services.wholeGraph, config, authenticator, log: logger }));
  app.use('/overview', overviewRouter({ overview: services.overview, config, authenticator }));
  app.use('/explorer', explorerRouter());

  app.use(
    '/graphql',
    ...(requestMetrics ? [requestMetrics.track((res) => res.locals.scope as RequestScope)] : []),
    (req, res, next) => {
      const tooLong = queryStringViolation(req.method, req.originalUrl, config.limits.maxBodyBytes);
      if (tooLong) {
        requestMetrics?.refusedOverHttp(res.locals.scope as RequestScope, tooLong.kind);
        res.status(QUERY_STRING_TOO_LONG_STATUS).json(errorBody(tooLong.message, { ...withoutHttp(tooLong.extensions), requestId: res.locals.requestId }));
        return;
      }
      next();
    },
    express.json({ limit: config.limits.maxBodyBytes }),
    (req, res, next) => {
      // Without a JSON body the Express integration answers 500; Apollo then refuses it properly (CSRF, 400).
      if (!('body' in req)) (req as { body?: unknown }).body = undefined;
      const refused = batchViolation(req.body, config.limits) ?? requestNestingViolation(req.body, req.query, config.limits);
      if (refused) {
        requestMetrics?.refusedOverHttp(res.locals.scope as RequestScope, refused.kind);
        res.status(400).json(errorBody(refused.message, { ...withoutHttp(refused.extensions), requestId: res.locals.requestId }));
        return;
      }
      requestScope.run(res.locals.scope as RequestScope, next);
    },
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        requestId: String(res.locals.requestId),
        caller: await authenticator.callerOf(req.header('authorization')),
        loaders: createLoaders(services),
      }),
    }),
  );

  app.use((req, res) => {
    res.status(404).json(errorBody(`Nothing at ${req.method} ${req.path}; the API is at /graphql`, { code: 'NOT_FOUND', requestId: res.locals.requestId }));
  });

  app.use((error: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const requestId = res.locals.requestId;
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (error.type === 'entity.too.large') {
      const measured = Number((error as { length?: number }).length) || undefined;
      const tooLarge = new LimitExceededError(
        'PAYLOAD_TOO_LARGE',
        `Request body is larger than ${config.limits.maxBodyBytes} bytes`,
        config.limits.maxBodyBytes,
        measured ?? config.limits.maxBodyBytes + 1,
      );
      requestMetrics?.refusedOverHttp(res.locals.scope as RequestScope | undefined, tooLarge.kind);
      res.status(413).json(errorBody(tooLarge.message, { ...withoutHttp(tooLarge.extensions), requestId }));
      return;
    }
    const message =
      error.type === 'entity.parse.failed'
        ? 'Malformed JSON in the request body'
        : status < 500
          ? 'Malformed request body'
          : 'Internal server error';
    const log = (res.locals.scope as RequestScope | undefined)?.log ?? logger;
    if (status >= 500) log.error({ err: error }, 'HTTP error');
    res.status(status).json(errorBody(message, { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR', requestId }));
  });

  return {
    httpServer,
    async listen() {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => resolve());
      });
      const address = httpServer.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      return { url: `http://localhost:${port}/graphql`, port };
    },
    /** Refuses new requests, lets in-flight ones finish within SHUTDOWN_GRACE_MS, then closes the server. */
    async stop() {
      draining = true;
      await apollo.stop();
      stopObservingStatements();
    },
  };
}
