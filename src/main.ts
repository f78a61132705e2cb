import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { openDatabase } from './db/open';
import { createServices } from './composition';
import { createSchema } from './server/schema';
import { createApp } from './server/app';
import { warmUp } from './server/warm-up';
import { seedIfNeeded } from '../seeds/seed';

const SHUTDOWN_MARGIN_MS = 35_000;

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
  const services = createServices(database.db, {
    importMaxRows: config.limits.importMaxRows,
    subscriptionQueueLimit: config.subscriptions.queueLimit,
    analysis: { onError: (err, jobId) => logger.error({ err, jobId }, 'analysis job failed') },
  });
  await seedIfNeeded(config.seed, services, logger);
  const interrupted = await services.analysis.recoverInterrupted();
  if (interrupted.length) logger.warn({ jobs: interrupted }, 'analysis jobs interrupted by a restart marked FAILED');
  const schema = await createSchema(services);
  if (config.warmUp) {
    const report = await warmUp(schema, services);
    if (report.errors.length) logger.warn({ errors: report.errors, ms: report.ms }, 'warm-up: some operations failed');
    else logger.info({ ms: report.ms, rounds: report.rounds }, 'warmed up');
  }
  const app = await createApp({ config, schema, services, logger });
  const { url } = await app.listen();
  logger.info({ url }, `governance-graph ready at ${url}`);
  // Seconds of work on a large graph, done before the first reviewer asks rather than on their request.
  services.duplicates.warmUp();

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means "now": the embedded Neo4j follows when our stdin pipe closes.
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: refusing new requests, finishing in-flight ones');
    // In-flight requests get SHUTDOWN_GRACE_MS; closing the driver and an embedded Neo4j (which
    // local-neo4j gives 30 s before SIGKILL) get the margin. Past that, something hangs.
    const deadline = setTimeout(() => {
      logger.error('shutdown deadline passed, exiting');
      process.exit(1);
    }, config.shutdownGraceMs + SHUTDOWN_MARGIN_MS);
    deadline.unref();
    try {
      await app.stop();
      await services.analysis.stop();
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
