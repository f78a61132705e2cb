/**
 * npm run bench:iati [-- --runs N] [--profile auto|always|never]
 *
 * Issue 23's performance goal (G1): importing the real IATI file usg-usaid-mg.xml into an empty
 * database runs at the JSON importer's rows per second, or better. The same rows are imported
 * both ways, each into a new empty embedded Neo4j, through the real CLI (`main` of
 * src/import/cli.ts, in process, default options):
 *
 * - IATI: the XML file itself;
 * - JSON: the rows `readIatiRows` makes from it, `row.value` grouped by `row.section`, written as
 *   an import document ({sources, territories, actors, initiatives, relationships}) to a temp file.
 *
 * Each is run `--runs` times (3), alternating which goes first. Two rates per run:
 * - the CLI's own, from its `--report` (`rowsPerSecond`: rows written over validation + checks +
 *   writes; reading the file is not in it);
 * - rows over the whole command's wall time (read, start Neo4j, migrate, validate, write, stop).
 * The readers alone (readIatiRows against readJsonRows, no database) are timed too.
 *
 * With `--profile auto` (default), when IATI is slower than JSON on either rate, one more IATI
 * import runs in a child `node --cpu-prof dist/src/import/cli.js`, and the top self-time functions
 * of its .cpuprofile go into the results. Writes bench/results/iati-import-<time>.json and .md and
 * copies them to iati-import-latest.json|md.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { main as importCli } from '../src/import/cli';
import { projectRoot } from '../src/common/paths';
import { readIatiRows } from '../src/import/iati.reader';
import { readJsonRows } from '../src/import/json.reader';
import { SECTION_ORDER, type ImportDocument, type Section } from '../src/import/import.document';
import { findFreePort } from '../test/support/free-port';
import { describeMachine, round2, type Machine } from './machine';
import { benchDir } from './paths';

export const IATI_FIXTURE = '../shared/fixtures/iati-real/usg-usaid-mg.xml';
const NEO4J_VERSION = 'Neo4j 5.26.30 community (embedded launcher, scripts/neo4j-local, default memory)';

type Kind = 'iati' | 'json';

interface CliReport {
  written: boolean;
  counts: Record<Section, { created: number; updated: number; unchanged: number }>;
  elapsedMs: number;
  rowsPerSecond: number;
  options: { transaction: string };
  problems: unknown[];
  warnings: unknown[];
}

interface Run {
  kind: Kind;
  /** 1-based round; within a round, `position` tells whether this import went first or second. */
  round: number;
  position: 1 | 2;
  rows: number;
  created: Record<Section, number>;
  transaction: string;
  /** From the CLI's --report. */
  cliElapsedMs: number;
  cliRowsPerSecond: number;
  /** The whole `main([...])` call. */
  wallMs: number;
  wallRowsPerSecond: number;
  warnings: number;
  loadAverage1: number;
}

interface Summary {
  cliRowsPerSecond: { median: number; runs: number[] };
  wallRowsPerSecond: { median: number; runs: number[] };
  wallMs: { median: number; runs: number[] };
  cliElapsedMs: { median: number; runs: number[] };
}

interface ProfileEntry {
  functionName: string;
  location: string;
  selfMs: number;
  selfPercentOfBusy: number;
}

interface ProfileSummary {
  command: string;
  file: string;
  wallMs: number;
  cliRowsPerSecond: number;
  sampledMs: number;
  idleMs: number;
  busyMs: number;
  garbageCollectorMs: number;
  topSelf: ProfileEntry[];
  byModule: { module: string; selfMs: number; selfPercentOfBusy: number }[];
  /** Inclusive time of a few functions of the import path (sync stacks only; awaits break them). */
  inclusive: { functionName: string; ms: number; percentOfBusy: number }[];
  /** Top self time among the samples under the IATI reader (iatiRows). */
  topSelfInReader: ProfileEntry[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The fixture, resolved from the project root; a clear error when the shared fixtures are not there. */
export function fixturePath(): string {
  const file = path.resolve(projectRoot(), IATI_FIXTURE);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new Error(`IATI fixture not found: ${file} (expected at ${IATI_FIXTURE} from the project root ${projectRoot()})`);
  }
  return file;
}

/** The IATI file's rows as a document in the JSON import format: row.value grouped by row.section. */
export async function jsonDocumentOf(xmlFile: string): Promise<{ document: Required<ImportDocument>; rows: number; readerProblems: number }> {
  const { rows, problems } = await readIatiRows([xmlFile]);
  const document = Object.fromEntries(SECTION_ORDER.map((section) => [section, [] as unknown[]])) as Required<ImportDocument>;
  for (const row of rows) document[row.section].push(row.value);
  return { document, rows: rows.length, readerProblems: problems.length };
}

function envWithoutUri(): NodeJS.ProcessEnv {
  const { NEO4J_URI: _ignored, ...env } = process.env;
  return env;
}

/** One import through the CLI, in process, into a new empty embedded database. */
async function importOnce(kind: Kind, file: string, round: number, position: 1 | 2): Promise<Run> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gg-bench-iati-neo4j-'));
  const reportFile = path.join(os.tmpdir(), `gg-bench-iati-report-${process.pid}-${kind}-${round}.json`);
  let stderr = '';
  const loadAverage1 = round2(os.loadavg()[0]);
  const port = await findFreePort();
  const started = performance.now();
  let code: number;
  try {
    code = await importCli([file, '--report', reportFile], {
      stdout: { write: () => true, isTTY: false },
      stderr: {
        write: (text: string) => {
          stderr = (stderr + text).slice(-4000);
          return true;
        },
        isTTY: false,
      },
      env: { ...envWithoutUri(), NEO4J_LOCAL_DATA: dataDir, NEO4J_LOCAL_PORT: String(port), LOG_LEVEL: 'warn' },
      cwd: process.cwd(),
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const wallMs = Math.round(performance.now() - started);
  if (code !== 0) throw new Error(`import of ${path.basename(file)} exited with ${code}:\n${stderr}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as CliReport;
  rmSync(reportFile, { force: true });
  if (!report.written) throw new Error(`import of ${path.basename(file)} wrote nothing:\n${stderr}`);
  const created = Object.fromEntries(SECTION_ORDER.map((section) => [section, report.counts[section].created])) as Record<Section, number>;
  const rows = SECTION_ORDER.reduce((sum, section) => sum + created[section], 0);
  return {
    kind,
    round,
    position,
    rows,
    created,
    transaction: report.options.transaction,
    cliElapsedMs: report.elapsedMs,
    cliRowsPerSecond: report.rowsPerSecond,
    wallMs,
    wallRowsPerSecond: Math.round((rows * 1000) / wallMs),
    warnings: report.warnings.length,
    loadAverage1,
  };
}

function summarise(runs: Run[]): Summary {
  const pick = (key: 'cliRowsPerSecond' | 'wallRowsPerSecond' | 'wallMs' | 'cliElapsedMs') => {
    const values = runs.map((run) => run[key]);
    return { median: median(values), runs: values };
  };
  return { cliRowsPerSecond: pick('cliRowsPerSecond'), wallRowsPerSecond: pick('wallRowsPerSecond'), wallMs: pick('wallMs'), cliElapsedMs: pick('cliElapsedMs') };
}

/** The readers alone, no database: what the CLI's own rate leaves out. */
async function timeReaders(xmlFile: string, jsonFile: string, rounds: number) {
  const iati: number[] = [];
  const json: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await readIatiRows([xmlFile]);
    iati.push(Math.round(performance.now() - t));
    t = performance.now();
    await readJsonRows(jsonFile);
    json.push(Math.round(performance.now() - t));
  }
  return { iatiMs: { median: median(iati), runs: iati }, jsonMs: { median: median(json), runs: json } };
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function shortUrl(url: string, root: string): string {
  if (!url) return '';
  const file = url.startsWith('file://') ? url.slice('file://'.length) : url;
  return file.startsWith(root) ? path.relative(root, file) : file;
}

function moduleOf(url: string, root: string): string {
  const file = shortUrl(url, root);
  if (!file) return '(native / V8)';
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = file.slice(nm + 'node_modules/'.length).split('/');
    return `npm: ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (file.startsWith('node:')) return 'node core';
  const parts = file.split('/');
  // dist/src/import/iati/activity.js -> dist/src/import/iati
  return parts.slice(0, Math.min(parts.length - 1, 4)).join('/') || file;
}

const INCLUSIVE_OF_INTEREST = ['iatiRows', 'parseFile', 'validateRows', 'checkReferences', 'deriveRelationshipIds', 'upsertMany', 'writeFile'];
/** The IATI reader's synchronous entry point: the part of the import that JSON does not have. */
const IATI_READER = 'iatiRows';

/** Self and inclusive time per function of a V8 .cpuprofile. */
export function summariseCpuProfile(profile: CpuProfile, root: string, top = 15): Omit<ProfileSummary, 'command' | 'file' | 'wallMs' | 'cliRowsPerSecond'> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const frameKey = ({ callFrame }: CpuProfileNode) => {
    const location = callFrame.url ? `${shortUrl(callFrame.url, root)}:${callFrame.lineNumber + 1}` : '';
    const functionName = callFrame.functionName || '(anonymous)';
    return { key: `${functionName}\u0000${location}`, functionName, location };
  };
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map<string, { functionName: string; location: string; us: number }>();
  const modules = new Map<string, number>();
  let idleUs = 0;
  let gcUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id)!;
    totalUs += us;
    if (callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    if (callFrame.functionName === '(garbage collector)') gcUs += us;
    const { key, functionName, location } = frameKey(byId.get(id)!);
    const entry = self.get(key) ?? { functionName, location, us: 0 };
    entry.us += us;
    self.set(key, entry);
    const module = moduleOf(callFrame.url, root);
    modules.set(module, (modules.get(module) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const pct = (us: number) => round2((100 * us) / Math.max(1, busyUs));
  const inclusiveUs = new Map<string, number>(INCLUSIVE_OF_INTEREST.map((name) => [name, 0]));
  const readerSelf = new Map<string, { functionName: string; location: string; us: number }>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    const delta = profile.timeDeltas[i] ?? 0;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)!.callFrame.functionName;
      if (inclusiveUs.has(name) && !seen.has(name)) {
        seen.add(name);
        inclusiveUs.set(name, inclusiveUs.get(name)! + delta);
      }
      if (name === IATI_READER) seen.add(IATI_READER);
    }
    if (seen.has(IATI_READER)) {
      const { key, functionName, location } = frameKey(byId.get(id)!);
      const entry = readerSelf.get(key) ?? { functionName, location, us: 0 };
      entry.us += delta;
      readerSelf.set(key, entry);
    }
  });
  const topOf = (entries: Iterable<{ functionName: string; location: string; us: number }>) =>
    [...entries]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((entry) => ({ functionName: entry.functionName, location: entry.location, selfMs: Math.round(entry.us / 1000), selfPercentOfBusy: pct(entry.us) }));
  return {
    sampledMs: Math.round(totalUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    garbageCollectorMs: Math.round(gcUs / 1000),
    topSelf: topOf(self.values()),
    topSelfInReader: topOf(readerSelf.values()),
    byModule: [...modules.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([module, us]) => ({ module, selfMs: Math.round(us / 1000), selfPercentOfBusy: pct(us) })),
    inclusive: [...inclusiveUs.entries()]
      .filter(([, us]) => us > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([functionName, us]) => ({ functionName, ms: Math.round(us / 1000), percentOfBusy: pct(us) })),
  };
}

/** One more IATI import, in a child `node --cpu-prof dist/src/import/cli.js`, for its profile. */
async function profileIati(xmlFile: string, profileDir: string): Promise<ProfileSummary> {
  const root = projectRoot();
  const cli = path.join(root, 'dist', 'src', 'import', 'cli.js');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gg-bench-iati-neo4j-'));
  const reportFile = path.join(os.tmpdir(), `gg-bench-iati-report-${process.pid}-profile.json`);
  mkdirSync(profileDir, { recursive: true });
  const before = new Set(readdirSync(profileDir));
  const args = ['--cpu-prof', '--cpu-prof-dir', profileDir, cli, xmlFile, '--report', reportFile];
  const env = { ...envWithoutUri(), NEO4J_LOCAL_DATA: dataDir, NEO4J_LOCAL_PORT: String(await findFreePort()), LOG_LEVEL: 'warn' };
  const started = performance.now();
  let stderr = '';
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  }).finally(() => rmSync(dataDir, { recursive: true, force: true }));
  const wallMs = Math.round(performance.now() - started);
  if (code !== 0) throw new Error(`profiled import exited with ${code}:\n${stderr}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as CliReport;
  rmSync(reportFile, { force: true });
  const written = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile') && !before.has(name));
  if (written.length !== 1) throw new Error(`expected one new .cpuprofile in ${profileDir}, found ${written.length}`);
  const file = path.join(profileDir, written[0]);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  return {
    command: `node --cpu-prof dist/src/import/cli.js ${IATI_FIXTURE} (NEO4J_URI unset, fresh NEO4J_LOCAL_DATA)`,
    file: path.relative(root, file),
    wallMs,
    cliRowsPerSecond: report.rowsPerSecond,
    ...summariseCpuProfile(profile, root),
  };
}

interface Result {
  date: string;
  command: string;
  machine: Machine;
  loadAverageAtEnd: number[];
  fixture: { file: string; bytes: number };
  json: { bytes: number };
  rows: { total: number; bySection: Record<Section, number> };
  runsPerKind: number;
  order: string;
  readers: Awaited<ReturnType<typeof timeReaders>>;
  runs: Run[];
  iati: Summary;
  jsonImport: Summary;
  ratio: { cliRowsPerSecond: number; wallRowsPerSecond: number };
  goal: { statement: string; metOnCliRate: boolean; metOnWallRate: boolean; cliGapPercent: number; wallGapPercent: number };
  profile?: ProfileSummary;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function markdown(result: Result): string {
  const m = result.machine;
  const lines: string[] = [];
  lines.push(`# IATI import rate (G1) ${result.date.slice(0, 16).replace('T', ' ')}`);
  lines.push('');
  lines.push(`Generated by \`bench/iati-import.ts\` (\`${result.command}\`); raw numbers in the JSON file of the same run.`);
  lines.push('');
  lines.push('## Machine');
  lines.push('');
  lines.push(`- ${m.os}; CPU ${m.cpus} (${m.cores} cores, shared with other engineers' runs); ${m.memoryGiB} GiB`);
  lines.push(`- Node ${m.node}; ${m.java}; ${m.neo4j}`);
  lines.push(`- load average (1, 5, 15 min): ${m.loadAverage.join(', ')} at the start, ${result.loadAverageAtEnd.join(', ')} at the end`);
  lines.push('');
  lines.push('## What was imported');
  lines.push('');
  lines.push(`- IATI: \`${result.fixture.file}\` (${fmt(result.fixture.bytes)} bytes).`);
  lines.push(`- JSON: the same ${fmt(result.rows.total)} rows (\`readIatiRows\`, \`row.value\` grouped by \`row.section\`) as an import document (${fmt(result.json.bytes)} bytes).`);
  lines.push(`- Rows: ${SECTION_ORDER.map((s) => `${s} ${fmt(result.rows.bySection[s])}`).join(', ')}; both imports created exactly these.`);
  lines.push(`- Each: \`node dist/src/import/cli.js <file> --report FILE\` (its \`main\`, in process), default options (transaction ${result.runs[0].transaction}), into a new empty embedded Neo4j; ${result.runsPerKind} run(s) each, order ${result.order}.`);
  lines.push('');
  lines.push('## Rates');
  lines.push('');
  lines.push('| | IATI median | JSON median | IATI / JSON |');
  lines.push('|---|---:|---:|---:|');
  lines.push(`| CLI report rows/s (validation + checks + writes) | ${fmt(result.iati.cliRowsPerSecond.median)} | ${fmt(result.jsonImport.cliRowsPerSecond.median)} | ${result.ratio.cliRowsPerSecond.toFixed(2)}× |`);
  lines.push(`| rows/s over the whole command | ${fmt(result.iati.wallRowsPerSecond.median)} | ${fmt(result.jsonImport.wallRowsPerSecond.median)} | ${result.ratio.wallRowsPerSecond.toFixed(2)}× |`);
  lines.push(`| whole command, s | ${(result.iati.wallMs.median / 1000).toFixed(2)} | ${(result.jsonImport.wallMs.median / 1000).toFixed(2)} | |`);
  lines.push(`| reader alone (no database), ms | ${fmt(result.readers.iatiMs.median)} | ${fmt(result.readers.jsonMs.median)} | |`);
  lines.push('');
  lines.push('| run | kind | position | CLI elapsed ms | CLI rows/s | whole command ms | rows/s over the command | load (1 min) |');
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const run of result.runs) {
    lines.push(`| ${run.round} | ${run.kind} | ${run.position} | ${fmt(run.cliElapsedMs)} | ${fmt(run.cliRowsPerSecond)} | ${fmt(run.wallMs)} | ${fmt(run.wallRowsPerSecond)} | ${run.loadAverage1} |`);
  }
  lines.push('');
  lines.push('## Goal');
  lines.push('');
  const g = result.goal;
  lines.push(`${g.statement}`);
  lines.push('');
  lines.push(`- On the CLI's own rate: **${g.metOnCliRate ? 'met' : `missed by ${g.cliGapPercent} %`}** (IATI/JSON ${result.ratio.cliRowsPerSecond.toFixed(2)}×).`);
  lines.push(`- Over the whole command: **${g.metOnWallRate ? 'met' : `missed by ${g.wallGapPercent} %`}** (IATI/JSON ${result.ratio.wallRowsPerSecond.toFixed(2)}×).`);
  if (result.profile) {
    const p = result.profile;
    lines.push('');
    lines.push('## CPU profile of the IATI import');
    lines.push('');
    lines.push(`\`${p.command}\`: ${(p.wallMs / 1000).toFixed(2)} s, CLI ${fmt(p.cliRowsPerSecond)} rows/s. Node was busy ${(p.busyMs / 1000).toFixed(2)} s of ${(p.sampledMs / 1000).toFixed(2)} s sampled (the rest is idle: waiting on Neo4j, a separate JVM, not profiled); garbage collection ${(p.garbageCollectorMs / 1000).toFixed(2)} s. Profile: \`${p.file}\` (git-ignored).`);
    lines.push('');
    lines.push('| function | where | self ms | % of busy |');
    lines.push('|---|---|---:|---:|');
    for (const entry of p.topSelf) lines.push(`| ${entry.functionName.replace(/\|/g, '\\|')} | ${entry.location || '—'} | ${fmt(entry.selfMs)} | ${entry.selfPercentOfBusy} |`);
    lines.push('');
    if (p.topSelfInReader.length) {
      lines.push(`Under the IATI reader (\`${IATI_READER}\`, synchronous):`);
      lines.push('');
      lines.push('| function | where | self ms | % of busy |');
      lines.push('|---|---|---:|---:|');
      for (const entry of p.topSelfInReader) lines.push(`| ${entry.functionName.replace(/\|/g, '\\|')} | ${entry.location || '—'} | ${fmt(entry.selfMs)} | ${entry.selfPercentOfBusy} |`);
      lines.push('');
    }
    lines.push('| module | self ms | % of busy |');
    lines.push('|---|---:|---:|');
    for (const entry of p.byModule) lines.push(`| ${entry.module} | ${fmt(entry.selfMs)} | ${entry.selfPercentOfBusy} |`);
    lines.push('');
    lines.push(`Inclusive (synchronous stacks): ${p.inclusive.map((e) => `${e.functionName} ${fmt(e.ms)} ms (${e.percentOfBusy} %)`).join(', ') || 'none of the functions looked for'}.`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<void> {
  const o = new Command('iati-import')
    .option('--runs <n>', 'imports of each kind', (v) => Number(v), 3)
    .option('--profile <when>', 'auto: profile one IATI import when IATI is slower; always; never', 'auto')
    .parse(argv, { from: 'user' })
    .opts<{ runs: number; profile: 'auto' | 'always' | 'never' }>();
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs must be a whole number of at least 1');
  if (!['auto', 'always', 'never'].includes(o.profile)) throw new Error('--profile must be auto, always or never');

  const xmlFile = fixturePath();
  const machine = describeMachine(NEO4J_VERSION);
  const date = new Date();
  log(`IATI import bench: ${xmlFile}; ${machine.cpus}, load ${machine.loadAverage.join(', ')}`);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gg-bench-iati-'));
  try {
    const { document, rows, readerProblems } = await jsonDocumentOf(xmlFile);
    if (readerProblems > 0) throw new Error(`the IATI reader reports ${readerProblems} problem(s) in ${xmlFile}: the two imports would not write the same rows`);
    const jsonFile = path.join(tmp, `${path.basename(xmlFile, '.xml')}.json`);
    writeFileSync(jsonFile, JSON.stringify(document));
    const bySection = Object.fromEntries(SECTION_ORDER.map((s) => [s, document[s].length])) as Record<Section, number>;
    log(`${rows} rows (${SECTION_ORDER.map((s) => `${s} ${bySection[s]}`).join(', ')}); JSON document ${statSync(jsonFile).size} bytes`);

    const runs: Run[] = [];
    const order: string[] = [];
    for (let round = 1; round <= o.runs; round++) {
      const kinds: Kind[] = round % 2 === 1 ? ['iati', 'json'] : ['json', 'iati'];
      order.push(kinds.join('→'));
      for (const [index, kind] of kinds.entries()) {
        const run = await importOnce(kind, kind === 'iati' ? xmlFile : jsonFile, round, (index + 1) as 1 | 2);
        log(`  round ${round} ${kind}: CLI ${run.cliRowsPerSecond} rows/s (${run.cliElapsedMs} ms), whole command ${run.wallMs} ms = ${run.wallRowsPerSecond} rows/s, load ${run.loadAverage1}`);
        for (const section of SECTION_ORDER) {
          if (run.created[section] !== bySection[section]) {
            throw new Error(`${kind} import created ${run.created[section]} ${section}, the document holds ${bySection[section]}`);
          }
        }
        runs.push(run);
      }
    }
    const readers = await timeReaders(xmlFile, jsonFile, o.runs);
    log(`  readers alone: IATI ${readers.iatiMs.median} ms, JSON ${readers.jsonMs.median} ms (medians)`);

    const iati = summarise(runs.filter((run) => run.kind === 'iati'));
    const jsonImport = summarise(runs.filter((run) => run.kind === 'json'));
    const ratio = {
      cliRowsPerSecond: round2(iati.cliRowsPerSecond.median / jsonImport.cliRowsPerSecond.median),
      wallRowsPerSecond: round2(iati.wallRowsPerSecond.median / jsonImport.wallRowsPerSecond.median),
    };
    const gap = (i: number, j: number) => (i >= j ? 0 : Math.round((1000 * (j - i)) / j) / 10);
    const goal = {
      statement: 'Issue 23, Performance: importing usg-usaid-mg.xml into an empty database runs at the same rows per second as the JSON importer, or better (IATI >= JSON, medians).',
      metOnCliRate: iati.cliRowsPerSecond.median >= jsonImport.cliRowsPerSecond.median,
      metOnWallRate: iati.wallRowsPerSecond.median >= jsonImport.wallRowsPerSecond.median,
      cliGapPercent: gap(iati.cliRowsPerSecond.median, jsonImport.cliRowsPerSecond.median),
      wallGapPercent: gap(iati.wallRowsPerSecond.median, jsonImport.wallRowsPerSecond.median),
    };
    const result: Result = {
      date: date.toISOString(),
      command: `npm run bench:iati${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
      machine,
      loadAverageAtEnd: [],
      fixture: { file: IATI_FIXTURE, bytes: statSync(xmlFile).size },
      json: { bytes: statSync(jsonFile).size },
      rows: { total: rows, bySection },
      runsPerKind: o.runs,
      order: order.join(', '),
      readers,
      runs,
      iati,
      jsonImport,
      ratio,
      goal,
    };
    log(`IATI ${iati.cliRowsPerSecond.median} rows/s, JSON ${jsonImport.cliRowsPerSecond.median} rows/s (CLI, medians; ${ratio.cliRowsPerSecond}×); whole command ${iati.wallRowsPerSecond.median} against ${jsonImport.wallRowsPerSecond.median} rows/s (${ratio.wallRowsPerSecond}×)`);

    if (o.profile === 'always' || (o.profile === 'auto' && !(goal.metOnCliRate && goal.metOnWallRate))) {
      log('  profiling one IATI import (node --cpu-prof)...');
      result.profile = await profileIati(xmlFile, benchDir('results', 'tmp'));
      log(`  profile: busy ${result.profile.busyMs} ms of ${result.profile.sampledMs} ms; top: ${result.profile.topSelf.slice(0, 5).map((e) => `${e.functionName} ${e.selfMs} ms`).join(', ')}`);
    }
    result.loadAverageAtEnd = os.loadavg().map(round2);

    const dir = benchDir('results');
    mkdirSync(dir, { recursive: true });
    const stem = `iati-import-${result.date.slice(0, 19).replace(/:/g, '-')}`;
    const jsonOut = path.join(dir, `${stem}.json`);
    const mdOut = path.join(dir, `${stem}.md`);
    writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(mdOut, markdown(result));
    copyFileSync(jsonOut, path.join(dir, 'iati-import-latest.json'));
    copyFileSync(mdOut, path.join(dir, 'iati-import-latest.md'));
    log(`${jsonOut}\n${mdOut}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`iati-import failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
