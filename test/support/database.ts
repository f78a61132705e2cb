import { randomBytes } from 'node:crypto';
import { createDriver, resolveDatabaseName } from '../../src/db/driver';
import { Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrations';
import { loadConfig } from '../../src/config';
import { createServices, Services } from '../../src/composition';

export interface TestDatabase {
  db: Database;
  services: Services;
  close(): Promise<void>;
}

/**
 * A driver on the run's Neo4j (started by globalSetup), migrated, with fresh services. `env`
 * overrides the environment, e.g. NEO4J_URI for a Neo4j of the test's own or QUERY_TIMEOUT_MS.
 */
export async function openTestDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
  // A loaded CI machine runs several Neo4j instances at once: tests that are not about timeouts get room.
  const config = loadConfig({ QUERY_TIMEOUT_MS: '30000', ...process.env, NODE_ENV: 'test', ...env } as never);
  if (!config.neo4j.uri) throw new Error('NEO4J_URI is not set: tests must run under jest globalSetup');
  const driver = createDriver(config.neo4j, config.neo4j.uri);
  const db = new Database(driver, { database: await resolveDatabaseName(driver, config.neo4j.database), timeoutMs: config.neo4j.queryTimeoutMs });
  await migrate(db);
  return {
    db,
    services: createServices(db, { importMaxRows: config.limits.importMaxRows, subscriptionQueueLimit: config.subscriptions.queueLimit }),
    close: () => driver.close(),
  };
}

/** Ids no other test file uses, so files can run in parallel on one database. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export async function countNodes(db: Database, label: string): Promise<number> {
  return db.read(async (tx) => Number((await tx.run(`MATCH (n:${label}) RETURN count(n) AS c`)).records[0].get('c')));
}
