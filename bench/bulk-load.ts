/**
 * Loads a generated graph the way a user's first load of a large graph goes: `npm run import --
 * --bulk`, in process, into a new data directory. The time counted is the whole command, from
 * reading the file to the database serving it with every index online; the phases are kept too.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../src/import/cli';
import { findFreePort } from '../test/support/free-port';
import { SECTION_ORDER, type Section } from '../src/import/import.document';
import type { LoadSummary } from './load';

export interface BulkLoad {
  dataDir: string;
  summary: LoadSummary & { phasesMs: Record<string, number>; peakRssMb?: number };
}

interface ImportReport {
  counts: Record<Section, { created: number }>;
  phasesMs: Record<string, number>;
  peakRssMb?: number;
}

export async function bulkLoad(file: string, log: (line: string) => void): Promise<BulkLoad> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gg-bench-neo4j-'));
  const reportFile = path.join(os.tmpdir(), `gg-bench-import-${process.pid}.json`);
  const { NEO4J_URI: _ignored, ...env } = process.env;
  let stderr = '';
  const started = Date.now();
  const code = await main(['--bulk', file, '--report', reportFile], {
    stdout: { write: () => true, isTTY: false },
    stderr: {
      write: (text: string) => {
        stderr = (stderr + text).slice(-4000);
        for (const line of text.split('\n')) if (line.trim() && !line.startsWith('{')) log(`  ${line.trim()}`);
        return true;
      },
      isTTY: false,
    },
    env: { ...env, NEO4J_LOCAL_DATA: dataDir, NEO4J_LOCAL_PORT: String(await findFreePort()), LOG_LEVEL: 'warn' },
    cwd: process.cwd(),
  });
  const totalMs = Date.now() - started;
  if (code !== 0) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`npm run import -- --bulk exited with ${code}:\n${stderr}`);
  }
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ImportReport;
  rmSync(reportFile, { force: true });
  const rows = Object.fromEntries(SECTION_ORDER.map((section) => [section, report.counts[section].created])) as Record<Section, number>;
  const all = SECTION_ORDER.reduce((sum, section) => sum + rows[section], 0);
  return {
    dataDir,
    summary: {
      rows,
      // Bulk loads write every section in one pass of the importer: the whole command is each section's time.
      ms: Object.fromEntries(SECTION_ORDER.map((section) => [section, totalMs])) as Record<Section, number>,
      totalMs,
      relsPerSec: Math.round((rows.relationships * 1000) / totalMs),
      rowsPerSec: Math.round((all * 1000) / totalMs),
      phasesMs: report.phasesMs,
      // The bench's own process ran the import: its peak is the import's, loading included.
      peakRssMb: report.peakRssMb,
    },
  };
}
