/**
 * A running local Neo4j: the launcher (local-neo4j.launcher.ts) as a child process serving Bolt
 * on 127.0.0.1, started, waited for until Bolt accepts connections, and stopped.
 */
import { spawn, type ChildProcess } from 'child_process';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { ensureLauncherBuilt, javaBin, launcherJavaArgs, resolveLauncherDir } from './local-neo4j.launcher';

export interface LocalNeo4jOptions {
  port: number;
  dataDir: string;
  /** default: scripts/neo4j-local of this repository */
  launcherDir?: string;
  /** default 120000 */
  startTimeoutMs?: number;
  /** receives the launcher's diagnostic lines (stderr) */
  log?: (line: string) => void;
  /** JVM heap in MiB; default 1024, enough for the API and the tests */
  heapMb?: number;
  /** page cache in MiB; default 128. Bulk loads of a million links want the store in memory. */
  pageCacheMb?: number;
}

export interface LocalNeo4j {
  uri: string;
  port: number;
  /** spawn to ready line, in ms */
  startMs: number;
  stop(): Promise<void>;
}

const READY = /^neo4j-local ready bolt:\/\/127\.0\.0\.1:(\d+) in (\d+) ms$/;

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts the launcher and resolves once Bolt accepts connections. */
export async function startLocalNeo4j(opts: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const dir = resolveLauncherDir(opts.launcherDir);
  const timeoutMs = opts.startTimeoutMs ?? 120_000;
  const log = opts.log ?? (() => undefined);
  if (!Number.isInteger(opts.port) || opts.port <= 0 || opts.port > 65535) {
    throw new Error(`invalid port ${opts.port}`);
  }
  await ensureLauncherBuilt(dir);
  const dataDir = path.resolve(opts.dataDir);
  await fsp.mkdir(dataDir, { recursive: true });

  const started = process.hrtime.bigint();
  const child = spawn(javaBin(), launcherJavaArgs(dir, opts.heapMb, [String(opts.port), dataDir]), {
    cwd: dir,
    // stdin stays open: the launcher exits when it closes, i.e. when this process dies.
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C reaches only this process, which drains requests and then stops Neo4j.
    detached: true,
    env: {
      ...process.env,
      NEO4J_LOCAL_PARENT_PID: String(process.pid),
      NEO4J_LOCAL_EXIT_ON_STDIN_EOF: '1',
      NEO4J_LOCAL_PAGECACHE_MB: String(opts.pageCacheMb ?? 128),
    },
  });
  const onParentExit = () => child.kill('SIGTERM');
  process.once('exit', onParentExit);
  child.once('exit', () => process.removeListener('exit', onParentExit));
  child.stdin!.on('error', () => undefined);

  const stderrTail: string[] = [];
  const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void) => {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i).replace(/\r$/, ''));
        buf = buf.slice(i + 1);
      }
    });
  };
  lines(child.stderr!, (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 30) stderrTail.shift();
    log(line);
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 30_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 10_000);
      }
    })());

  const startMs = await new Promise<number>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      const tail = stderrTail.length ? `\nlast launcher stderr lines:\n${stderrTail.join('\n')}` : '';
      reject(new Error(`local Neo4j on port ${opts.port} (data ${dataDir}) ${why}${tail}`));
    };
    const timer = setTimeout(() => {
      fail(`not ready after ${timeoutMs} ms`);
      void stop();
    }, timeoutMs);
    child.once('error', (e) => fail(`could not be started with ${javaBin()}: ${e.message}`));
    child.once('exit', (code, signal) => fail(`exited before ready (${signal ?? `exit code ${code}`})`));
    lines(child.stdout!, (line) => {
      if (READY.test(line)) {
        clearTimeout(timer);
        resolve(Number(process.hrtime.bigint() - started) / 1e6);
      } else {
        log(line);
      }
    });
  });

  return { uri: `bolt://127.0.0.1:${opts.port}`, port: opts.port, startMs: Math.round(startMs), stop };
}
