import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { seed } from '../seeds/seed';
import { BenchDatabase, FreshNeo4j, openBenchDatabase, startFreshNeo4j } from './db';
import { repoRoot } from './paths';
import { spawnTarget } from './run';
import { apiEnv } from './targets/api';
import { findFreePort } from '../test/support/free-port';

export interface SeededApi {
  fresh: FreshNeo4j;
  bench: BenchDatabase;
  /** The compiled API (`dist/src/main.js`) in a process of its own. */
  api: { url: string; child: ChildProcess };
  /** Stops the API, then the driver, then Neo4j (its data directory removed). */
  stop(): Promise<void>;
}

/**
 * What the soak and the subscriptions bench run against: a fresh Neo4j with the seeds, and the
 * compiled API over it as users run it (its own process, NODE_ENV=production), with one editor key.
 */
export async function startSeededApi(editorKey: { name: string; key: string }): Promise<SeededApi> {
  const fresh = await startFreshNeo4j();
  let bench: BenchDatabase | null = null;
  try {
    bench = await openBenchDatabase(fresh.neo4j.uri);
    await seed(bench.services);
    const port = await findFreePort();
    const api = await spawnTarget(
      path.join(repoRoot(), 'dist', 'src', 'main.js'),
      { ...apiEnv(fresh.neo4j.uri, port), API_KEYS: `${editorKey.name}:editor:${editorKey.key}`, LOG_LEVEL: 'warn' },
      async (p) => (await fetch(`http://127.0.0.1:${p}/ready`)).ok,
      port,
    );
    const opened = bench;
    return {
      fresh,
      bench: opened,
      api,
      async stop() {
        await api.stop();
        await opened.close();
        await fresh.stop();
      },
    };
  } catch (error) {
    await bench?.close();
    await fresh.stop();
    throw error;
  }
}
