/**
 * Target (a), this API: in process (for the answer comparison and round-trip counts, where the
 * Database's statement counter is at hand) or as the compiled server in a child process (for
 * timing, like a deployment: its own process, NODE_ENV=production, request logs on).
 */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { openDatabase } from '../../src/db/open';
import { createServices } from '../../src/composition';
import { createSchema } from '../../src/server/schema';
import { createApp } from '../../src/server/app';
import type { Database } from '../../src/db/database';
import type { Services } from '../../src/composition';

export interface InProcessApi {
  url: string;
  db: Database;
  services: Services;
  schema: GraphQLSchema;
  stop(): Promise<void>;
}

/** The environment the API runs with in the bench; everything else is the API's defaults. */
export function apiEnv(uri: string, port: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    NEO4J_URI: uri,
    SEED: 'never',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: process.env.BENCH_API_LOG_LEVEL ?? 'info',
  };
}

export async function startInProcessApi(uri: string): Promise<InProcessApi> {
  const config = loadConfig({ ...apiEnv(uri, 0), LOG_LEVEL: 'silent' } as never);
  const logger = createLogger('silent');
  const database = await openDatabase(config, logger);
  const services = createServices(database.db);
  const schema = await createSchema(services);
  const app = await createApp({ config, schema, services, logger });
  const { port } = await app.listen();
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    db: database.db,
    services,
    schema,
    async stop() {
      await app.stop();
      await database.close();
    },
  };
}

/** Whether the API's schema has a `Type.field` the mix needs (network queries may be pending). */
export function hasField(schema: GraphQLSchema, coordinate: string): boolean {
  const [typeName, field] = coordinate.split('.');
  const type = schema.getType(typeName) as { getFields?: () => Record<string, unknown> } | undefined;
  return Boolean(type?.getFields?.()[field]);
}
