/**
 * Loads a generated graph through the project's own validation and repositories, one write
 * transaction per batch.
 *
 * Why not ImportService: it holds the whole document in memory, validates all of it before the
 * first write and (by default) writes everything in one transaction, which a 1M-relationship
 * graph does not fit into (the embedded Neo4j caps transaction memory at 512 MB); its batch mode
 * still parses and validates everything up front and writes an audit entry per row. This loader
 * streams the file (the generator writes one row per line), validates each batch with the same
 * validateRows as the importer, maps rows with the services' own toRow/prepare, and writes with
 * NodeRepository.upsertMany / RelationshipRepository.upsertMany. Validation of the next batch
 * overlaps the database's work on the current one.
 */
import 'reflect-metadata';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Database, Tx } from '../src/db/database';
import type { Services } from '../src/composition';
import { validateRows, type RawRow } from '../src/import/import.validator';
import { readJsonRows } from '../src/import/json.reader';
import { SECTION_ORDER, type Section } from '../src/import/import.document';
import type { TerritoryInput } from '../src/territories/territory.input';
import type { RelationshipInput } from '../src/relationships/relationship.input';
import type { ActorInput } from '../src/actors/actor.input';
import type { InitiativeInput } from '../src/initiatives/initiative.input';
import type { SourceInput } from '../src/sources/source.input';

export interface LoadOptions {
  file: string;
  services: Services;
  /** Rows per transaction; default 2000 for nodes, 5000 for relationships. */
  nodeBatch?: number;
  relationshipBatch?: number;
  /** Bulk transactions get minutes, not the API's request timeout. */
  timeoutMs?: number;
  onProgress?: (section: Section, done: number) => void;
}

export interface LoadSummary {
  rows: Record<Section, number>;
  ms: Record<Section, number>;
  totalMs: number;
  /** Relationships section only: rows written per second of wall time spent on that section. */
  relsPerSec: number;
  /** Everything: rows per second from the first read to the last commit. */
  rowsPerSec: number;
}

interface Batch {
  section: Section;
  rows: RawRow[];
}

const SECTION_LINE = /^"(sources|territories|actors|initiatives|relationships)": \[$/;

/** Batches in file order. Files in the generator's one-row-per-line layout stream; others are parsed whole. */
async function* batches(file: string, sizeOf: (s: Section) => number): AsyncGenerator<Batch> {
  const name = path.basename(file);
  const lines = readline.createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let section: Section | null = null;
  let index = 0;
  let rows: RawRow[] = [];
  let lineNo = 0;
  let streamed = true;
  for await (const line of lines) {
    lineNo++;
    if (lineNo === 1) {
      if (line !== '{') {
        streamed = false;
        break;
      }
      continue;
    }
    const header = SECTION_LINE.exec(line);
    if (header) {
      if (rows.length) yield { section: section!, rows };
      rows = [];
      section = header[1] as Section;
      index = 0;
      continue;
    }
    if (!line.startsWith('{')) continue;
    if (!section) {
      streamed = false;
      break;
    }
    const text = line.endsWith(',') ? line.slice(0, -1) : line;
    rows.push({ section, value: JSON.parse(text), file: name, location: `/${section}/${index++}` });
    if (rows.length >= sizeOf(section)) {
      yield { section, rows };
      rows = [];
    }
  }
  if (streamed) {
    if (rows.length) yield { section: section!, rows };
    return;
  }
  lines.close();
  const all = await readJsonRows(file);
  for (const s of SECTION_ORDER) {
    const of = all.filter((r) => r.section === s);
    for (let i = 0; i < of.length; i += sizeOf(s)) yield { section: s, rows: of.slice(i, i + sizeOf(s)) };
  }
}

function writer(services: Services): (tx: Tx, section: Section, values: unknown[]) => Promise<number> {
  const { sources, territories, actors, initiatives, relationships } = services;
  return async (tx, section, values) => {
    switch (section) {
      case 'sources':
        return (await sources.repository.upsertMany(tx, (values as SourceInput[]).map((v) => sources.toRow(v)))).length;
      case 'territories': {
        const inputs = values as TerritoryInput[];
        const results = await territories.repository.upsertMany(tx, inputs.map((v) => territories.toRow(v)));
        await territories.repository.setParents(
          tx,
          inputs.flatMap((input, i) => (input.parentId ? [{ childId: results[i].id, parentId: input.parentId, sourceIds: input.sourceIds ?? [] }] : [])),
        );
        return results.length;
      }
      case 'actors':
        return (await actors.repository.upsertMany(tx, (values as ActorInput[]).map((v) => actors.toRow(v)))).length;
      case 'initiatives':
        return (await initiatives.repository.upsertMany(tx, (values as InitiativeInput[]).map((v) => initiatives.toRow(v)))).length;
      case 'relationships': {
        const writes = await relationships.prepare(tx, values as RelationshipInput[], (i) => `relationships.${i}`);
        return (await relationships.repository.upsertMany(tx, writes)).length;
      }
    }
  };
}

export async function loadGraph(options: LoadOptions): Promise<LoadSummary> {
  const db: Database = options.services.db;
  const nodeBatch = options.nodeBatch ?? 2000;
  const relBatch = options.relationshipBatch ?? 5000;
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const write = writer(options.services);
  const rows = Object.fromEntries(SECTION_ORDER.map((s) => [s, 0])) as Record<Section, number>;
  const ms = Object.fromEntries(SECTION_ORDER.map((s) => [s, 0])) as Record<Section, number>;
  const started = Date.now();
  let sectionStarted = started;
  let current: Section | null = null;
  let pending: Promise<void> | null = null;

  for await (const batch of batches(options.file, (s) => (s === 'relationships' ? relBatch : nodeBatch))) {
    const { valid, problems } = validateRows(batch.rows);
    if (problems.length) {
      const shown = problems.slice(0, 5).map((p) => `${p.location} ${p.field}: ${p.reason}`).join('\n  ');
      throw new Error(`${problems.length} invalid row(s) in ${options.file}:\n  ${shown}`);
    }
    const values = (valid[batch.section] as { value: unknown }[]).map((row) => row.value);
    // Sections depend on the ones before them (links need their nodes): finish one before the next.
    if (batch.section !== current) {
      await pending;
      pending = null;
      const now = Date.now();
      if (current) ms[current] += now - sectionStarted;
      sectionStarted = now;
      current = batch.section;
    }
    await pending;
    const section = batch.section;
    pending = db
      .write((tx) => write(tx, section, values), { timeoutMs })
      .then((n) => {
        rows[section] += n;
        options.onProgress?.(section, rows[section]);
      });
  }
  await pending;
  const end = Date.now();
  if (current) ms[current] += end - sectionStarted;
  const total = SECTION_ORDER.reduce((n, s) => n + rows[s], 0);
  return {
    rows,
    ms,
    totalMs: end - started,
    relsPerSec: ms.relationships > 0 ? Math.round((rows.relationships * 1000) / ms.relationships) : 0,
    rowsPerSec: Math.round((total * 1000) / Math.max(1, end - started)),
  };
}

/** node dist/bench/load.js <file> --uri bolt://...: loads into a running Neo4j (for trying things out). */
async function main(argv: string[]): Promise<void> {
  const { openBenchDatabase } = await import('./db');
  const uriAt = argv.indexOf('--uri');
  const uri = uriAt >= 0 ? argv[uriAt + 1] : process.env.NEO4J_URI;
  const file = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--uri');
  if (!uri || !file) throw new Error('usage: load <file> --uri bolt://host:port');
  const bench = await openBenchDatabase(uri);
  try {
    let last = 0;
    const summary = await loadGraph({
      file: path.resolve(file),
      services: bench.services,
      onProgress: (section, done) => {
        if (Date.now() - last > 2000) {
          last = Date.now();
          process.stderr.write(`${section} ${done}\n`);
        }
      },
    });
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    await bench.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
