import type { Config } from '../config';
import type { Logger } from '../logger';
import { createDriver, resolveDatabaseName, waitForConnectivity } from './driver';
import { Database } from './database';
import { LocalNeo4j, startLocalNeo4j } from './local-neo4j';

export interface ReadOnlyDatabase {
  db: Database;
  close(): Promise<void>;
}

/**
 * The database, opened to read only: unlike the API and the importer, no migration runs, so a
 * dump or an export writes nothing to the server it reads (a missing index only makes the pages slower).
 */
export async function openForReading(config: Config, logger: Logger): Promise<ReadOnlyDatabase> {
  let local: LocalNeo4j | null = null;
  let uri = config.neo4j.uri;
  if (!uri) {
    logger.info({ port: config.neo4j.localPort, dataDir: config.neo4j.localDataDir }, 'starting embedded Neo4j');
    local = await startLocalNeo4j({ port: config.neo4j.localPort, dataDir: config.neo4j.localDataDir, log: (line) => logger.debug({ neo4j: line }) });
    uri = local.uri;
  }
  const driver = createDriver(config.neo4j, uri);
  try {
    await waitForConnectivity(driver, logger);
    const database = await resolveDatabaseName(driver, config.neo4j.database);
    const db = new Database(driver, { database, timeoutMs: config.neo4j.queryTimeoutMs });
    return {
      db,
      async close() {
        await driver.close();
        await local?.stop();
      },
    };
  } catch (error) {
    await driver.close();
    await local?.stop();
    throw error;
  }
}
