import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { openDatabase } from './db/open';
import { createServices } from './server/services';
import { createSchema } from './server/schema';
import { createApp } from './server/app';
import { seedIfNeeded } from '../seeds/seed';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  const services = createServices(database.db);
  await seedIfNeeded(config.seed, services, logger);
  const app = await createApp({ config, schema: await createSchema(services), services, logger });
  const { url } = await app.listen();
  logger.info({ url }, `governance-graph ready at ${url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed, exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 35000);
    deadline.unref();
    try {
      await app.stop();
      await database.close();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('governance-graph failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
