/**
 * Starts a throw-away local Neo4j (embedded DBMS with Bolt, see scripts/neo4j-local/) for tests
 * and development, without Docker. Needs Java 17+ and Maven; the first build downloads Neo4j's
 * jars from Maven Central, later builds and starts work offline.
 *
 *   const neo = await startLocalNeo4j({ port: await findFreePort(), dataDir: tmpDir });
 *   // ... neo4j.driver(neo.uri) — auth is disabled, any or no credentials work
 *   await neo.stop();
 *
 * (findFreePort is in test/support/free-port.ts.) Only re-exports, from three parts:
 * - local-neo4j.launcher.ts: building the Maven launcher, and running it (classpath, JVM, run());
 * - local-neo4j.process.ts: the Neo4j process: start, wait for Bolt, stop;
 * - local-neo4j.bulk-import.ts: the offline bulk importer.
 */
export { ensureLauncherBuilt, JVM_ARGS } from './local-neo4j.launcher';
export { startLocalNeo4j, type LocalNeo4j, type LocalNeo4jOptions } from './local-neo4j.process';
export { bulkImportLocalNeo4j, type BulkImportFiles, type BulkImporterSettings } from './local-neo4j.bulk-import';
