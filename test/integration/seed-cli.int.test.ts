import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createDriver } from '../../src/db/driver';
import { Database } from '../../src/db/database';
import { loadConfig } from '../../src/config';
import { LocalNeo4j, startLocalNeo4j } from '../../src/db/local-neo4j';
import { findFreePort } from '../support/free-port';
import { ImportRepository } from '../../src/import/import.repository';
import { main } from '../../seeds/seed-cli';

function io(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream & { isTTY?: boolean } = new PassThrough()) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => append(chunk.toString()));
    return stream;
  };
  return {
    io: { stdin, stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)), env: { ...env, LOG_LEVEL: 'warn' } },
    out: () => stdout,
    err: () => stderr,
  };
}

describe('npm run seed: confirmation', () => {
  it('refuses --reset without --yes when stdin is not a terminal, before touching the database', async () => {
    const run = io({ NEO4J_URI: 'bolt://127.0.0.1:1' });
    expect(await main(['--reset'], run.io)).toBe(2);
    expect(run.err()).toContain('add --yes to confirm when stdin is not a terminal');
  });

  it('asks on a terminal, and deletes nothing unless the answer is yes', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const run = io({ NEO4J_URI: 'bolt://127.0.0.1:1' }, stdin);
    const code = main(['--reset'], run.io);
    stdin.write('no\n');
    expect(await code).toBe(1);
    expect(run.out()).toContain('--reset deletes EVERY node and relationship in bolt://127.0.0.1:1');
    expect(run.err()).toContain('not confirmed: nothing was deleted');
  });

  it('rejects unknown options with exit code 2', async () => {
    const run = io({});
    expect(await main(['--wipe'], run.io)).toBe(2);
  });
});

/**
 * --reset wipes the whole database, so this part runs on a Neo4j of its own rather than the one
 * the other test files share.
 */
describe('npm run seed on a database of its own', () => {
  let neo4j: LocalNeo4j;
  let dataDir: string;
  let db: Database;
  let close: () => Promise<void>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gg-seed-cli-'));
    neo4j = await startLocalNeo4j({ port: await findFreePort(), dataDir });
    const config = loadConfig({ NEO4J_URI: neo4j.uri } as never);
    const driver = createDriver(config.neo4j, neo4j.uri);
    db = new Database(driver, { timeoutMs: 60000 });
    close = () => driver.close();
  }, 240_000);

  afterAll(async () => {
    await close?.();
    await neo4j?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const counts = () => db.read((tx) => new ImportRepository().counts(tx));

  it('seeds, seeds again to the same counts, and --reset --yes starts over to the same counts', async () => {
    const env = { NEO4J_URI: neo4j.uri, QUERY_TIMEOUT_MS: '60000' };
    const first = io(env);
    expect(await main([], first.io)).toBe(0);
    expect(first.out()).toMatch(/^Import summary \(written\)$/m);
    const seeded = await counts();
    expect(seeded.nodes).toBeGreaterThan(80);
    expect(seeded.relationships).toBeGreaterThan(100);

    const second = io(env);
    expect(await main([], second.io)).toBe(0);
    expect(second.out()).toMatch(/^total\s+0\s+0\s+\d+\s+0$/m);
    expect(await counts()).toEqual(seeded);

    // Something that is not seed data, which the reset must remove.
    await db.write((tx) => tx.run("CREATE (:Actor {id: 'not-a-seed', name: 'Stray', kind: 'OTHER'})"));
    const reset = io(env);
    expect(await main(['--reset', '--yes'], reset.io)).toBe(0);
    expect(reset.out()).toMatch(/^reset: deleted \d+ nodes and their relationships$/m);
    const after = await counts();
    // Audit entries of the first seed are gone with the reset, and the new seed writes them again.
    expect(after).toEqual(seeded);
    const stray = await db.read((tx) => tx.run("MATCH (n {id: 'not-a-seed'}) RETURN count(n) AS c"));
    expect(Number(stray.records[0].get('c'))).toBe(0);
  }, 300_000);
});
