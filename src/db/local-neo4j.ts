/**
 * Starts a throw-away local Neo4j (embedded DBMS with Bolt, see scripts/neo4j-local/) for tests
 * and development, without Docker. Needs Java 17+ and Maven; the first build downloads Neo4j's
 * jars from Maven Central, later builds and starts work offline.
 *
 *   const neo = await startLocalNeo4j({ port: await findFreePort(), dataDir: tmpDir });
 *   // ... neo4j.driver(neo.uri) — auth is disabled, any or no credentials work
 *   await neo.stop();
 */
import { spawn, type ChildProcess } from 'child_process';
import { promises as fsp, existsSync, readdirSync, statSync } from 'fs';
import * as net from 'net';
import * as path from 'path';

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

const MAIN_CLASS = 'neo4jlocal.Neo4jLocal';
const MAIN_CLASS_FILE = path.join('target', 'classes', 'neo4jlocal', 'Neo4jLocal.class');
const SOURCES = ['pom.xml', path.join('src', 'main', 'java', 'neo4jlocal', 'Neo4jLocal.java')];
const STAMP = path.join('target', '.build-stamp');
const READY = /^neo4j-local ready bolt:\/\/127\.0\.0\.1:(\d+) in (\d+) ms$/;
export const JVM_ARGS = [
  '-XX:+UseSerialGC', // G1 costs ~2 s more start-up on a 2-core machine
  '-XX:+ExitOnOutOfMemoryError',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dlog4j2.disable.jmx=true',
];

/** scripts/neo4j-local, found from here whether running from src/db or a compiled dist/src/db. */
function defaultLauncherDir(): string {
  const direct = path.resolve(__dirname, '../../scripts/neo4j-local');
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'scripts', 'neo4j-local');
    if (existsSync(path.join(candidate, 'pom.xml'))) return candidate;
    if (path.dirname(dir) === dir) return direct;
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function isBuilt(dir: string): boolean {
  const stamp = mtimeMs(path.join(dir, STAMP));
  if (stamp < 0 || mtimeMs(path.join(dir, MAIN_CLASS_FILE)) < 0) return false;
  try {
    if (!readdirSync(path.join(dir, 'target', 'lib')).some((f) => f.endsWith('.jar'))) return false;
  } catch {
    return false;
  }
  return SOURCES.every((s) => mtimeMs(path.join(dir, s)) <= stamp);
}

/** Runs a command to its end; a failure carries the tail of its output. `onLine` sees each output line. */
function run(cmd: string, args: string[], cwd: string, onLine?: (line: string) => void, failure?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const collect = (d: Buffer) => {
      const text = d.toString();
      out = (out + text).slice(-8000);
      if (onLine) for (const line of text.split('\n')) if (line.trim()) onLine(line);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('error', (e) => reject(new Error(`cannot run ${cmd}: ${e.message}`)));
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${failure ?? `${cmd} ${args.join(' ')} failed in ${cwd}`} (${signal ?? `exit ${code}`}):\n${out}`)),
    );
  });
}

function launcherClasspath(dir: string): string {
  return [path.join(dir, 'target', 'classes'), path.join(dir, 'target', 'lib', '*')].join(path.delimiter);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the launcher with Maven unless it is already built from the current pom and source. */
export async function ensureLauncherBuilt(launcherDir?: string): Promise<void> {
  const dir = path.resolve(launcherDir ?? defaultLauncherDir());
  if (isBuilt(dir)) return;
  // Test workers may start in parallel: one builds, the others wait (mkdir is atomic).
  const lock = path.join(dir, 'target', '.build-lock');
  await fsp.mkdir(path.join(dir, 'target'), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      await fsp.mkdir(lock);
      break;
    } catch {
      if (Date.now() - mtimeMs(lock) > 15 * 60_000) await fsp.rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await sleep(500);
      if (isBuilt(dir)) return;
    }
  }
  try {
    if (isBuilt(dir)) return;
    const started = Date.now();
    await run(process.env.MVN ?? 'mvn', ['-q', '-B', 'package', '-DskipTests'], dir);
    await fsp.writeFile(path.join(dir, STAMP), `built in ${Date.now() - started} ms\n`);
  } finally {
    await fsp.rm(lock, { recursive: true, force: true });
  }
}

function javaBin(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

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
  const dir = path.resolve(opts.launcherDir ?? defaultLauncherDir());
  const timeoutMs = opts.startTimeoutMs ?? 120_000;
  const log = opts.log ?? (() => undefined);
  if (!Number.isInteger(opts.port) || opts.port <= 0 || opts.port > 65535) {
    throw new Error(`invalid port ${opts.port}`);
  }
  await ensureLauncherBuilt(dir);
  const dataDir = path.resolve(opts.dataDir);
  await fsp.mkdir(dataDir, { recursive: true });

  const classpath = launcherClasspath(dir);
  const started = process.hrtime.bigint();
  const jvmArgs = [`-Xmx${opts.heapMb ?? 1024}m`, ...JVM_ARGS];
  const child = spawn(javaBin(), [...jvmArgs, '-cp', classpath, MAIN_CLASS, String(opts.port), dataDir], {
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

export interface BulkImportFiles {
  nodes: string[];
  relationships: string[];
  /** Separates the items of list properties inside one CSV field. */
  arrayDelimiter: string;
}

/**
 * Builds the default database of `dataDir` offline, with the importer that `neo4j-admin database
 * import full` runs, from CSV files in its header format. Neo4j must not be serving `dataDir`
 * meanwhile; whatever database the dir held is replaced.
 */
export async function bulkImportLocalNeo4j(
  dataDir: string,
  files: BulkImportFiles,
  opts: { launcherDir?: string; heapMb?: number; log?: (line: string) => void } = {},
): Promise<void> {
  const dir = path.resolve(opts.launcherDir ?? defaultLauncherDir());
  await ensureLauncherBuilt(dir);
  const home = path.resolve(dataDir);
  await fsp.mkdir(path.join(home, 'logs'), { recursive: true });
  const args = [
    `-Xmx${opts.heapMb ?? 1024}m`,
    ...JVM_ARGS,
    '-cp',
    launcherClasspath(dir),
    MAIN_CLASS,
    '--import',
    home,
    '--overwrite-destination=true',
    '--multiline-fields=true',
    `--array-delimiter=U+${files.arrayDelimiter.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    `--report-file=${path.join(home, 'logs', 'import.report')}`,
    ...files.nodes.map((file) => `--nodes=${file}`),
    ...files.relationships.map((file) => `--relationships=${file}`),
  ];
  await run(javaBin(), args, dir, opts.log, 'the bulk importer failed');
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
