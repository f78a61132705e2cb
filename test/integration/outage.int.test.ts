import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { LocalNeo4j, startLocalNeo4j } from '../../src/db/local-neo4j';
import { findFreePort } from '../support/free-port';
import { openTestDatabase, uniqueId } from '../support/database';
import { EDITOR_KEY, startTestServer, TestServer } from '../support/server';

/**
 * Runs against a Neo4j of its own (own port, own data directory), which it stops, kills and
 * restarts; the shared test database is never touched.
 */

interface GraphQLReply {
  status: number;
  ms: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

async function graphql(server: TestServer, query: string, variables?: Record<string, unknown>, editor = false): Promise<GraphQLReply> {
  const started = Date.now();
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(editor ? { authorization: `Bearer ${EDITOR_KEY}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as Omit<GraphQLReply, 'status' | 'ms'>;
  return { status: response.status, ms: Date.now() - started, ...body };
}

async function ready(server: TestServer): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${server.baseUrl}/ready`, { signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  return { status: response.status, ms: Date.now() - started };
}

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Connections the driver has lent out and not got back (neo4j-driver keeps no public counter). */
function connectionsInUse(driver: Driver): number {
  const pool = (driver as unknown as { _connectionProvider?: { _connectionPool?: { _activeResourceCounts?: Record<string, number> } } })
    ._connectionProvider?._connectionPool;
  if (!pool?._activeResourceCounts) throw new Error('neo4j-driver internals changed: update connectionsInUse()');
  return Object.values(pool._activeResourceCounts).reduce((sum, n) => sum + n, 0);
}

/** The launcher JVM of our own Neo4j, found by its unique data directory. */
function launcherPid(dataDir: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.includes('neo4jlocal.Neo4jLocal') && args.includes(dataDir)) return Number(entry);
    } catch {
      // the process ended while we looked
    }
  }
  throw new Error(`no Neo4j launcher running on ${dataDir}`);
}

const READ = '{ actors(first: 1) { totalCount } }';
const UPSERT = 'mutation ($input: ActorInput!) { upsertActor(input: $input) { id } }';

describe('Neo4j timeouts, outages and crashes', () => {
  let port: number;
  let dataDir: string;
  let neo4j: LocalNeo4j;
  let server: TestServer;
  let slow: TestServer;

  const start = async () => {
    neo4j = await startLocalNeo4j({ port, dataDir, startTimeoutMs: 180_000 });
  };

  beforeAll(async () => {
    port = await findFreePort();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gg-outage-'));
    await start();
    // Migrate with a generous timeout first: a cold Neo4j on a busy machine plans slowly.
    const warm = await openTestDatabase({ NEO4J_URI: neo4j.uri, QUERY_TIMEOUT_MS: '120000' });
    await warm.close();
    server = await startTestServer({ NEO4J_URI: neo4j.uri });
    slow = await startTestServer({ NEO4J_URI: neo4j.uri, QUERY_TIMEOUT_MS: '1000' });
  }, 300_000);

  afterAll(async () => {
    await slow?.close();
    await server?.close();
    await neo4j?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  describe('timeouts', () => {
    const island = 'outage-island';
    beforeAll(async () => {
      // A lattice of territories, each PART_OF every one on the level above: checking whether
      // a territory lies within an unrelated one walks 4^10 paths, far past a 1 s timeout.
      await server.database.db.write((tx) =>
        tx.run(
          `UNWIND range(0, 11) AS level UNWIND range(0, 3) AS i
           CREATE (:Territory {id: 'lattice-' + level + '-' + i, name: 'Lattice', level: 'REGION', aliases: [], sourceIds: [],
                               createdAt: datetime(), updatedAt: datetime()})
           WITH count(*) AS made
           MATCH (a:Territory), (b:Territory)
           WHERE a.id STARTS WITH 'lattice-' AND b.id STARTS WITH 'lattice-'
             AND toInteger(split(a.id, '-')[1]) = toInteger(split(b.id, '-')[1]) + 1
           CREATE (a)-[:PART_OF {id: 'lattice-link-' + a.id + '-' + b.id}]->(b)
           WITH count(*) AS linked
           CREATE (:Territory {id: $island, name: 'Island', level: 'REGION', aliases: [], sourceIds: [], createdAt: datetime(), updatedAt: datetime()})`,
          { island },
        ),
      );
    }, 60_000);

    it('stops a slow read at QUERY_TIMEOUT_MS with QUERY_TIMEOUT, and leaks no connection or transaction', async () => {
      const query = `{ territories(filter: { withinId: "${island}" }, first: 5) { totalCount } }`;
      const replies = await Promise.all(Array.from({ length: 4 }, () => graphql(slow, query)));
      for (const reply of replies) {
        expect(reply.status).toBe(200);
        expect(reply.errors).toEqual([
          {
            message: 'The query took too long and was stopped',
            path: ['territories'],
            locations: expect.any(Array),
            extensions: { code: 'QUERY_TIMEOUT', requestId: expect.any(String) },
          },
        ]);
        // 1 s timeout; Neo4j checks it about once a second, and the machine may be busy.
        expect(reply.ms).toBeLessThan(10_000);
      }
      console.log(`timed-out reads answered in ${replies.map((r) => r.ms).join(', ')} ms`);
      expect(connectionsInUse(slow.database.db.driver)).toBe(0);
      const leftover = await until(
        'transactions still running',
        () =>
          server.database.db.read(async (tx) =>
            Number(
              (await tx.run('SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS $walk RETURN count(*) AS c', { walk: 'PART_OF*1..10' }))
                .records[0].get('c'),
            ),
          ),
        (count) => count === 0,
        10_000,
      );
      expect(leftover).toBe(0);
      // The same server still answers quick reads once Neo4j has wound the stopped ones down.
      const quick = await until('a quick read after the timeouts', () => graphql(slow, READ), (reply) => !!reply.data, 20_000);
      expect(quick.data).toEqual({ actors: { totalCount: expect.any(Number) } });
    }, 60_000);

    it('stops a write stuck behind a lock with QUERY_TIMEOUT, and writes nothing', async () => {
      const id = uniqueId('locked');
      expect((await graphql(server, UPSERT, { input: { id, name: 'Before', kind: 'NGO' } }, true)).data).toEqual({ upsertActor: { id } });
      const session = server.database.db.driver.session();
      const holder = session.beginTransaction();
      try {
        await holder.run('MATCH (a:Actor {id: $id}) SET a.name = a.name', { id });
        const reply = await graphql(slow, UPSERT, { input: { id, name: 'After', kind: 'NGO' } }, true);
        expect(reply.errors?.[0].extensions.code).toBe('QUERY_TIMEOUT');
        expect(reply.data).toBeNull();
      } finally {
        await holder.rollback();
        await session.close();
      }
      const read = await graphql(server, `{ actor(id: "${id}") { name } }`);
      expect(read.data).toEqual({ actor: { name: 'Before' } });
      expect(connectionsInUse(slow.database.db.driver)).toBe(0);
    }, 60_000);
  });

  it('turns /ready to 503 and answers SERVICE_UNAVAILABLE quickly while Neo4j is down, then recovers by itself', async () => {
    const id = uniqueId('before-outage');
    expect((await graphql(server, UPSERT, { input: { id, name: 'Survivor', kind: 'NGO' } }, true)).data).toEqual({ upsertActor: { id } });
    expect((await ready(server)).status).toBe(200);

    await neo4j.stop();
    // The first request after the crash pays the driver's retry time (DRIVER_TIMEOUTS); it trips
    // the circuit, so the next ones are refused as soon as Bolt refuses the connection.
    const first = await graphql(server, READ);
    const down = await ready(server);
    expect(down.status).toBe(503);
    expect(down.ms).toBeLessThan(3000);
    const read = await graphql(server, READ);
    const write = await graphql(server, UPSERT, { input: { id: uniqueId('during-outage'), name: 'Lost?', kind: 'NGO' } }, true);
    for (const reply of [first, read, write]) {
      expect([200, 503]).toContain(reply.status);
      expect(reply.data ?? null).toBeNull();
      expect(reply.errors![0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(reply.errors![0].message).toBe('The database is unavailable; try again shortly');
    }
    expect(first.ms).toBeLessThan(10_000);
    expect(read.ms).toBeLessThan(1500);
    expect(write.ms).toBeLessThan(1500);
    console.log(
      `with Neo4j down: first request failed in ${first.ms} ms, /ready 503 in ${down.ms} ms, ` +
        `then a read in ${read.ms} ms and a write in ${write.ms} ms`,
    );

    const restarted = Date.now();
    await start();
    const back = await until('/ready after restart', () => ready(server), (r) => r.status === 200, 60_000);
    console.log(`Neo4j restarted in ${neo4j.startMs} ms; API ready ${Date.now() - restarted} ms after the restart began`);
    expect(back.status).toBe(200);
    const after = await graphql(server, `{ actor(id: "${id}") { name } }`);
    expect(after.data).toEqual({ actor: { name: 'Survivor' } });
  }, 240_000);

  it('loses no acknowledged write when Neo4j is killed with SIGKILL under a concurrent write load', async () => {
    const writers = 4;
    const acknowledged: string[][] = Array.from({ length: writers }, () => []);
    const failures = new Map<string, number>();
    const statuses = new Set<number>();
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const id = uniqueId(`chaos-w${w}-${i}`);
        try {
          const reply = await graphql(server, UPSERT, { input: { id, name: `Chaos ${w}/${i}`, kind: 'COOPERATIVE' } }, true);
          statuses.add(reply.status);
          if (!reply.errors && (reply.data as { upsertActor?: { id: string } })?.upsertActor?.id === id) acknowledged[w].push(id);
          else {
            const code = String(reply.errors?.[0]?.extensions.code);
            failures.set(code, (failures.get(code) ?? 0) + 1);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        } catch (error) {
          failures.set('HTTP', (failures.get('HTTP') ?? 0) + 1);
        }
      }
    };
    const load = Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    const began = Date.now();
    await until('writes before the crash', async () => acknowledged.flat().length, (n) => n >= 40, 60_000);

    process.kill(launcherPid(dataDir), 'SIGKILL');
    const acknowledgedAtKill = acknowledged.flat().length;
    await until('/ready after the kill', () => ready(server), (r) => r.status === 503, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await start();
    await until('/ready after restart', () => ready(server), (r) => r.status === 200, 60_000);
    const recoveredAt = acknowledged.flat().length;
    await until('writes after the restart', async () => acknowledged.flat().length, (n) => n >= recoveredAt + 20, 30_000);
    stop = true;
    await load;

    const ids = acknowledged.flat();
    const present = await server.database.db.read(async (tx) =>
      Number((await tx.run('MATCH (a:Actor) WHERE a.id IN $ids RETURN count(a) AS c', { ids })).records[0].get('c')),
    );
    const lost = ids.length - present;
    console.log(
      `chaos: ${writers} writers over ${Date.now() - began} ms, ${ids.length} writes acknowledged ` +
        `(${acknowledgedAtKill} before the SIGKILL), failures ${JSON.stringify(Object.fromEntries(failures))}, lost ${lost}`,
    );
    expect(lost).toBe(0);
    expect(failures.get('HTTP') ?? 0).toBe(0);
    // 503 is the circuit refusing a request outright while Neo4j is down; never a 500.
    expect([...statuses].every((status) => status === 200 || status === 503)).toBe(true);
    expect([...failures.keys()].every((code) => ['SERVICE_UNAVAILABLE', 'QUERY_TIMEOUT'].includes(code))).toBe(true);
  }, 240_000);
});
