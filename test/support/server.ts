import { GraphQLClient } from 'graphql-request';
import { Config, loadConfig } from '../../src/config';
import { createLogger, Logger } from '../../src/logger';
import { createSchema } from '../../src/server/schema';
import { createApp } from '../../src/server/app';
import { openTestDatabase, TestDatabase } from './database';

export const EDITOR_KEY = 'test-editor-key-0123456789';
export const READER_KEY = 'test-reader-key-0123456789';

export interface TestServer {
  url: string;
  baseUrl: string;
  /** A client without a key: reads only. */
  anonymous: GraphQLClient;
  /** A client with the editor key. */
  editor: GraphQLClient;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Receives the server's logs (default: silent, or TEST_LOG_LEVEL). */
  logger?: Logger;
}

/**
 * The real HTTP server, in process, on a free port, over the test run's Neo4j. `env` overrides
 * the server's and its database's configuration (NEO4J_URI points both at another Neo4j).
 */
export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    API_KEYS: `editor-team:editor:${EDITOR_KEY},viewer:reader:${READER_KEY}`,
    ...env,
  } as never);
  const database = await openTestDatabase(env);
  const app = await createApp({
    config,
    schema: await createSchema(database.services),
    services: database.services,
    logger: options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
  const { url, port } = await app.listen();
  return {
    url,
    baseUrl: `http://127.0.0.1:${port}`,
    anonymous: new GraphQLClient(url),
    editor: new GraphQLClient(url, { headers: { authorization: `Bearer ${EDITOR_KEY}` } }),
    database,
    config,
    async close() {
      await app.stop();
      await database.close();
    },
  };
}
