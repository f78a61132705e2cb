import { spawnSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  os: string;
  cpus: string;
  cores: number;
  memoryGiB: number;
  node: string;
  java: string;
  neo4j: string;
  /** 1, 5 and 15-minute load averages when the description was taken. */
  loadAverage: number[];
}

/** `java -version` writes to stderr. */
function javaVersion(): string {
  const java = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java';
  const run = spawnSync(java, ['-version'], { encoding: 'utf8' });
  return (run.stderr || run.stdout || '').split('\n')[0]?.trim() || 'unknown';
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export function describeMachine(neo4jVersion = 'unknown'): Machine {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: `${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown'}`,
    cores: cpus.length,
    memoryGiB: round2(os.totalmem() / 2 ** 30),
    node: process.version,
    java: javaVersion(),
    neo4j: neo4jVersion,
    loadAverage: os.loadavg().map(round2),
  };
}
