import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Services } from './services';
import { createLoaders } from './loaders';
import { authenticate } from './auth';
import type { AppContext } from './context';
import { createErrorFormatter } from './errors';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

function requestIdOf(req: express.Request): string {
  const given = req.header('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
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

  const apollo = new ApolloServer<AppContext>({
    schema,
    csrfPrevention: true,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      readAccessPlugin(config),
      ...(config.introspection ? [] : [ApolloServerPluginLandingPageDisabled()]),
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    const requestId = requestIdOf(req);
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    next();
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/ready', async (_req, res) => {
    const ready = await services.db.ping();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', neo4j: ready });
  });

  app.use(
    '/graphql',
    express.json({ limit: config.limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        requestId: String(res.locals.requestId),
        caller: authenticate(req.header('authorization'), config.apiKeys),
        loaders: createLoaders(services),
      }),
    }),
  );

  app.use((error: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    const message =
      error.type === 'entity.too.large'
        ? `Request body is larger than ${config.limits.maxBodyBytes} bytes`
        : status < 500
          ? 'Malformed request body'
          : 'Internal server error';
    if (status >= 500) logger.error({ err: error }, 'HTTP error');
    res.status(status).json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
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
    async stop() {
      await apollo.stop();
    },
  };
}
