import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../support/free-port';
import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { EDITOR_KEY } from '../support/server';

/**
 * Runs the compiled server as a real process and stops it with SIGTERM. It is compiled into a
 * folder of its own under dist/ (projectRoot() must still find package.json above it), so a
 * concurrent `npm run build` cannot swap files under it.
 */

const ROOT = path.resolve(__dirname, '../..');
const UPSERT = 'mutation ($input: ActorInput!) { upsertActor(input: $input) { id name } }';

interface Server {
  child: ChildProcess;
  port: number;
  logs: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every live process below `pid`, found through /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone while we looked
    }
  }
  const found: number[] = [];
  const walk = (p: number) => (children.get(p) ?? []).forEach((c) => (found.push(c), walk(c)));
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function startServer(main: string, env: Record<string, string>): Promise<Server> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED: 'never',
      LOG_LEVEL: 'info',
      API_KEYS: `shutdown-test:editor:${EDITOR_KEY}`,
      QUERY_TIMEOUT_MS: '30000',
      SHUTDOWN_GRACE_MS: '20000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines.filter(Boolean)) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  await until(
    'the server to listen',
    () => {
      if (exitedEarly) throw new Error(`server exited during start-up: ${stderr}`);
      return logs.some((l) => String(l.msg).startsWith('governance-graph ready at'));
    },
    180_000,
  );
  return { child, port, logs, exited };
}

async function graphql(port: number, query: string, variables: Record<string, unknown>): Promise<{ status: number; body: { data?: unknown; errors?: { extensions: { code: string } }[] } }> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR_KEY}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, body: (await response.json()) as never };
}

describe('graceful shutdown of the compiled server', () => {
  const outDir = path.join(ROOT, 'dist', `shutdown-test-${process.pid}`);
  const main = path.join(outDir, 'src', 'main.js');
  let test: TestDatabase;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT, '--outDir', outDir], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
    });
    // Type errors elsewhere in a work tree still emit JavaScript; only a missing entry point is fatal.
    if (!existsSync(main)) throw new Error(`tsc did not emit ${main}:\n${build.stdout}\n${build.stderr}`);
    test = await openTestDatabase();
  }, 320_000);

  afterAll(async () => {
    await test?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('finishes 50 in-flight requests, refuses new ones, closes the driver and exits 0', async () => {
    const server = await startServer(main, { NEO4J_URI: process.env.NEO4J_URI! });
    const id = uniqueId('shutdown');
    expect((await graphql(server.port, UPSERT, { input: { id, name: 'Start', kind: 'NGO' } })).body.data).toEqual({ upsertActor: { id, name: 'Start' } });

    // Hold the actor's lock so that 50 writes to it stay in flight until we let go.
    const session = test.db.driver.session();
    const holder = session.beginTransaction();
    await holder.run('MATCH (a:Actor {id: $id}) SET a.name = a.name', { id });
    const inFlight = Array.from({ length: 50 }, (_, i) =>
      graphql(server.port, UPSERT, { input: { id, name: `Writer ${i}`, kind: 'NGO' } }).catch((error: Error) => ({ status: 0, body: { error: error.message } })),
    );
    await until(
      '50 blocked writes',
      async () => {
        const waiting = await test.db.read(async (tx) =>
          Number((await tx.run(`SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' RETURN count(*) AS c`)).records[0].get('c')),
        );
        return waiting >= 50;
      },
      60_000,
    );
    const family = [server.child.pid!, ...descendants(server.child.pid!)];

    server.child.kill('SIGTERM');
    await until('the shutdown to begin', () => server.logs.some((l) => String(l.msg).startsWith('shutting down')), 10_000);
    // A new request is refused: either the port no longer accepts connections, or a clean 503.
    const late = await fetch(`http://127.0.0.1:${server.port}/ready`).then(
      (response) => response.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);

    await new Promise((resolve) => setTimeout(resolve, 500));
    await holder.rollback();
    await session.close();

    const replies = await Promise.all(inFlight);
    const completed = replies.filter((r) => r.status === 200 && (r.body as { data?: unknown }).data);
    const refused = replies.filter((r) => r.status === 503 && (r.body as { errors?: { extensions: { code: string } }[] }).errors?.[0].extensions.code === 'SERVICE_UNAVAILABLE');
    console.log(`shutdown: ${completed.length} in-flight requests completed, ${refused.length} refused with 503, late request: ${late}`);
    expect(completed.length + refused.length).toBe(50);

    const exit = await server.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.logs.map((l) => l.msg)).toContain('stopped cleanly');
    expect(family.filter(alive)).toEqual([]);
  }, 240_000);

  it('stops the embedded Neo4j it started, leaving no process behind', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gg-shutdown-'));
    try {
      const env = { NEO4J_URI: '', NEO4J_LOCAL_PORT: String(await findFreePort()), NEO4J_LOCAL_DATA: dataDir };
      const server = await startServer(main, env);
      const family = [server.child.pid!, ...descendants(server.child.pid!)];
      expect(family.length).toBeGreaterThan(1);
      const ready = await fetch(`http://127.0.0.1:${server.port}/ready`);
      expect(ready.status).toBe(200);

      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      await until('the embedded Neo4j to exit', () => family.filter(alive).length === 0, 10_000);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
