import type { Driver } from 'neo4j-driver';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createDriver, resolveDatabaseName, waitForConnectivity } from './driver';
import { Database } from './database';
import { migrate } from './migrations';
import { LocalNeo4j, startLocalNeo4j } from './local-neo4j';

export interface OpenDatabase {
  db: Database;
  driver: Driver;
  uri: string;
  /** Closes the driver, then stops the embedded Neo4j if this process started it. */
  close(): Promise<void>;
}

/**
 * Uses NEO4J_URI when given; otherwise starts the embedded Neo4j launcher. Either way it waits
 * for Bolt and applies pending migrations before returning.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenDatabase> {
  let local: LocalNeo4j | null = null;
  let uri = config.neo4j.uri;
  if (!uri) {
    logger.info({ port: config.neo4j.localPort, dataDir: config.neo4j.localDataDir }, 'starting embedded Neo4j');
    local = await startLocalNeo4j({
      port: config.neo4j.localPort,
      dataDir: config.neo4j.localDataDir,
      log: (line) => logger.debug({ neo4j: line }),
    });
    logger.info({ uri: local.uri, startMs: local.startMs }, 'embedded Neo4j ready');
    uri = local.uri;
  }
  const driver = createDriver(config.neo4j, uri);
  let db: Database;
  try {
    await waitForConnectivity(driver, logger);
    const database = await resolveDatabaseName(driver, config.neo4j.database);
    db = new Database(driver, { database, timeoutMs: config.neo4j.queryTimeoutMs });
    const { migrations, ensured } = await migrate(db);
    if (migrations.length || ensured.length) logger.info({ migrations, ensured }, 'database schema brought up to date');
  } catch (error) {
    await driver.close();
    await local?.stop();
    throw error;
  }
  return {
    db,
    driver,
    uri,
    async close() {
      await driver.close();
      await local?.stop();
    },
  };
}
