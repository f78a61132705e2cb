import neo4j, { Driver } from 'neo4j-driver';
import type { Config } from '../config';
import type { Logger } from '../logger';

export function createDriver(config: Config['neo4j'], uri: string): Driver {
  return neo4j.driver(uri, neo4j.auth.basic(config.user, config.password), {
    maxConnectionPoolSize: 50,
    connectionAcquisitionTimeout: 5000,
    connectionTimeout: 3000,
    maxTransactionRetryTime: 10000,
    disableLosslessIntegers: false,
    useBigInt: false,
  });
}

/** Waits for Bolt with exponential backoff, so the API can start before the database is fully up. */
export async function waitForConnectivity(
  driver: Driver,
  logger: Logger,
  { attempts = 10, firstDelayMs = 200, maxDelayMs = 5000 } = {},
): Promise<void> {
  let delay = firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      await driver.verifyConnectivity();
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      logger.warn({ attempt, delayMs: delay }, 'Neo4j not reachable yet, retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}
