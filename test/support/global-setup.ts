import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalNeo4j } from '../../src/db/local-neo4j';
import { findFreePort } from './free-port';
import { openTestDatabase } from './database';
import { seed } from '../../seeds/seed';

/**
 * Starts one real Neo4j for the whole run (or uses NEO4J_URI), migrates it and loads the seeds.
 * Test files share it: each writes under ids of its own and never wipes the database.
 */
export default async function globalSetup(): Promise<void> {
  // Both the integration and the e2e project name this setup; Jest runs each in this one process.
  const state = globalThis as { __NEO4J_READY__?: boolean };
  if (state.__NEO4J_READY__) return;
  state.__NEO4J_READY__ = true;
  // npm test runs on a fresh clone without `npm run build`: the explorer page is built once here,
  // exactly as the build does, while Neo4j starts, rather than by each file that loads it.
  const explorerBuilt = promisify(execFile)('npm', ['run', '--silent', 'build:explorer'], {
    cwd: path.resolve(__dirname, '../..'),
    timeout: 180_000,
  });
  if (!process.env.NEO4J_URI) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gg-neo4j-test-'));
    const neo4j = await startLocalNeo4j({ port: await findFreePort(), dataDir });
    (globalThis as { __NEO4J__?: unknown }).__NEO4J__ = neo4j;
    process.env.NEO4J_URI = neo4j.uri;
    console.log(`\nlocal Neo4j for tests at ${neo4j.uri}, started in ${neo4j.startMs} ms`);
  }
  const test = await openTestDatabase();
  try {
    const summary = await seed(test.services);
    if (!summary.written) throw new Error(`seed failed: ${JSON.stringify(summary.problems.slice(0, 3))}`);
  } finally {
    await test.close();
  }
  await explorerBuilt;
}
