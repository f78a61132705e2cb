/**
 * npm run bench:export -- --uri bolt://127.0.0.1:7798 [--formats gexf,graphml,csv,cytoscape]
 *
 * Issue G2's row "GEXF of the whole graph, streamed: under 60 s, API RSS under 400 MB": the
 * compiled API (its own process, NODE_ENV=production) over an already loaded Neo4j (the 1M-link
 * bench graph: see bench/README.md), and GET /export/{format}?scope=all read to the end on
 * loopback. Reports per format the time to the first byte and to the last, the bytes, and the API
 * process's peak resident memory (/proc/<pid>/status VmRSS, sampled every 250 ms). Writes
 * bench/results/whole-graph-export-<time>.json and .md, copied to whole-graph-export-latest.*.
 */
import 'reflect-metadata';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { findFreePort } from '../test/support/free-port';
import { describeMachine, Machine, round2 } from './machine';
import { benchDir, repoRoot } from './paths';
import { spawnTarget } from './run';
import { apiEnv } from './targets/api';

interface Row {
  format: string;
  firstByteS: number;
  totalS: number;
  megabytes: number;
  peakRssMb: number;
  startRssMb: number;
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return round2(kb / 1024);
}

/** The process's CPU seconds so far (/proc/<pid>/stat, user and system). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Waits until the process has used under 5 % of a core for 3 s in a row; the seconds waited. */
async function settled(pid: number): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  let last = cpuSeconds(pid);
  while (quiet < 3) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = cpuSeconds(pid);
    quiet = now - last < 0.05 ? quiet + 1 : 0;
    last = now;
  }
  return round2((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const options = new Command('bench:export')
    .requiredOption('--uri <uri>', 'a running Neo4j holding the graph to export')
    .option('--formats <list>', 'formats to export, in order', 'gexf,graphml,csv,cytoscape')
    .option('--settle', 'wait until the API has finished its start-up work (its duplicate index) before the first export')
    .parse()
    .opts<{ uri: string; formats: string; settle?: boolean }>();
  const machine: Machine = describeMachine();
  const port = await findFreePort();
  const api = await spawnTarget(path.join(repoRoot(), 'dist', 'src', 'main.js'), { ...apiEnv(options.uri, port), LOG_LEVEL: 'warn' }, async (p) => (await fetch(`http://127.0.0.1:${p}/ready`)).ok, port);
  const pid = api.child.pid!;
  const rows: Row[] = [];
  let settledS: number | null = null;
  try {
    if (options.settle) settledS = await settled(pid);
    for (const format of options.formats.split(',')) {
      const startRssMb = rssMb(pid);
      let peakRssMb = startRssMb;
      const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(pid))), 250);
      const started = performance.now();
      const response = await fetch(`${api.url}/export/${format}?scope=all`);
      if (!response.ok || !response.body) throw new Error(`${format}: ${response.status} ${await response.text()}`);
      let firstByte = 0;
      let bytes = 0;
      for await (const chunk of response.body) {
        if (!firstByte) firstByte = performance.now();
        bytes += (chunk as Uint8Array).byteLength;
      }
      const ended = performance.now();
      clearInterval(sampler);
      rows.push({ format, firstByteS: round2((firstByte - started) / 1000), totalS: round2((ended - started) / 1000), megabytes: round2(bytes / 2 ** 20), peakRssMb, startRssMb });
      console.log(JSON.stringify(rows[rows.length - 1]));
    }
  } finally {
    await api.stop();
  }
  const createdAt = new Date().toISOString();
  const markdown = [
    `# Whole-graph exports, streamed (${createdAt})`,
    '',
    `Machine: ${machine.cpus}, ${machine.memoryGiB} GiB, node ${machine.node}, load ${machine.loadAverage.join(' ')} at the start.`,
    `Command: \`npm run bench:export -- --uri <the bench graph's Neo4j> --formats ${options.formats}${options.settle ? ' --settle' : ''}\`.`,
    ...(settledS !== null ? [`The API was left ${settledS} s after it was ready, until it used under 5 % of a core for 3 s, before the first export.`] : []),
    '',
    '| format | first byte s | total s | MB | API RSS at start MB | API peak RSS MB |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.format} | ${r.firstByteS} | ${r.totalS} | ${r.megabytes} | ${r.startRssMb} | ${r.peakRssMb} |`),
    '',
  ].join('\n');
  const dir = benchDir('results');
  mkdirSync(dir, { recursive: true });
  const stamp = createdAt.replace(/[:.]/g, '-').slice(0, 19);
  writeFileSync(`${dir}/whole-graph-export-${stamp}.json`, `${JSON.stringify({ createdAt, machine, rows }, null, 2)}\n`);
  writeFileSync(`${dir}/whole-graph-export-${stamp}.md`, markdown);
  copyFileSync(`${dir}/whole-graph-export-${stamp}.json`, `${dir}/whole-graph-export-latest.json`);
  copyFileSync(`${dir}/whole-graph-export-${stamp}.md`, `${dir}/whole-graph-export-latest.md`);
  console.log(markdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
