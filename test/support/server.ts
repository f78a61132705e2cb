import { GraphQLClient } from 'graphql-request';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
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
  close(): Promise<void>;
}

/** The real HTTP server, in process, on a free port, over the test run's Neo4j. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    API_KEYS: `editor-team:editor:${EDITOR_KEY},viewer:reader:${READER_KEY}`,
    ...env,
  } as never);
  const database = await openTestDatabase();
  const app = await createApp({
    config,
    schema: await createSchema(database.services),
    services: database.services,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
  const { url, port } = await app.listen();
  return {
    url,
    baseUrl: `http://127.0.0.1:${port}`,
    anonymous: new GraphQLClient(url),
    editor: new GraphQLClient(url, { headers: { authorization: `Bearer ${EDITOR_KEY}` } }),
    database,
    async close() {
      await app.stop();
      await database.close();
    },
  };
}
