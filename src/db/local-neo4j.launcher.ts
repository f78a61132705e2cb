/**
 * The Maven-built launcher of scripts/neo4j-local/: building it once, and what running it takes
 * (its directory, classpath, JVM and main class). The one place that spawns a command to its end;
 * the Neo4j process (local-neo4j.process.ts) and the bulk importer (local-neo4j.bulk-import.ts)
 * both run through here. scripts/neo4j-local/run.js checks the same build stamp in plain JS.
 */
import { spawn } from 'child_process';
import { promises as fsp, existsSync, readdirSync, statSync } from 'fs';
import * as path from 'path';

export const MAIN_CLASS = 'neo4jlocal.Neo4jLocal';
const MAIN_CLASS_FILE = path.join('target', 'classes', 'neo4jlocal', 'Neo4jLocal.class');
const SOURCES = ['pom.xml', path.join('src', 'main', 'java', 'neo4jlocal', 'Neo4jLocal.java')];
const STAMP = path.join('target', '.build-stamp');
export const JVM_ARGS = [
  '-XX:+UseSerialGC', // G1 costs ~2 s more start-up on a 2-core machine
  '-XX:+ExitOnOutOfMemoryError',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dlog4j2.disable.jmx=true',
];

/** scripts/neo4j-local, found from here whether running from src/db or a compiled dist/src/db. */
export function defaultLauncherDir(): string {
  const direct = path.resolve(__dirname, '../../scripts/neo4j-local');
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'scripts', 'neo4j-local');
    if (existsSync(path.join(candidate, 'pom.xml'))) return candidate;
    if (path.dirname(dir) === dir) return direct;
  }
}

/** The launcher directory to use: the one given, else scripts/neo4j-local of this repository. */
export function resolveLauncherDir(launcherDir?: string): string {
  return path.resolve(launcherDir ?? defaultLauncherDir());
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
export function run(cmd: string, args: string[], cwd: string, onLine?: (line: string) => void, failure?: string): Promise<void> {
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

export function launcherClasspath(dir: string): string {
  return [path.join(dir, 'target', 'classes'), path.join(dir, 'target', 'lib', '*')].join(path.delimiter);
}

export function javaBin(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** The java arguments that run the launcher's main class with `mainArgs`. */
export function launcherJavaArgs(dir: string, heapMb: number | undefined, mainArgs: string[]): string[] {
  return [`-Xmx${heapMb ?? 1024}m`, ...JVM_ARGS, '-cp', launcherClasspath(dir), MAIN_CLASS, ...mainArgs];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the launcher with Maven unless it is already built from the current pom and source. */
export async function ensureLauncherBuilt(launcherDir?: string): Promise<void> {
  const dir = resolveLauncherDir(launcherDir);
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
