import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { createDriver, resolveDatabaseName } from '../src/db/driver';
import { Database } from '../src/db/database';
import { migrate } from '../src/db/migrations';
import { startLocalNeo4j, type LocalNeo4j } from '../src/db/local-neo4j';
import { findFreePort } from '../test/support/free-port';
import { createServices, type Services } from '../src/composition';

export interface BenchDatabase {
  uri: string;
  db: Database;
  services: Services;
  close(): Promise<void>;
}

/** A driver, Database and services on `uri`, migrated, with bulk-sized timeouts. */
export async function openBenchDatabase(uri: string, timeoutMs = 10 * 60_000): Promise<BenchDatabase> {
  const config = loadConfig({});
  const driver = createDriver(config.neo4j, uri);
  await driver.verifyConnectivity();
  const db = new Database(driver, { database: await resolveDatabaseName(driver, config.neo4j.database), timeoutMs });
  await migrate(db);
  return { uri, db, services: createServices(db), close: () => driver.close() };
}

/** Memory of the bench's Neo4j; the report quotes it. */
export const BENCH_NEO4J_MEMORY = { heapMb: 2048, pageCacheMb: 1024 } as const;

export interface FreshNeo4j {
  neo4j: LocalNeo4j;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A throw-away Neo4j on a free port, in a temporary data directory removed on stop: a new one, or
 * `existingDir` when a bulk load has just built the store there.
 */
export async function startFreshNeo4j(log?: (line: string) => void, existingDir?: string): Promise<FreshNeo4j> {
  const dataDir = existingDir ?? mkdtempSync(path.join(os.tmpdir(), 'gg-bench-neo4j-'));
  // A million links and their indexes outgrow the API's default 128 MiB page cache; the machine has 24 GiB.
  const neo4j = await startLocalNeo4j({ port: await findFreePort(), dataDir, log, startTimeoutMs: 240_000, ...BENCH_NEO4J_MEMORY });
  return {
    neo4j,
    dataDir,
    async stop() {
      await neo4j.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
