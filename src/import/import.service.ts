import type { Services } from '../server/services';
import type { Tx } from '../db/database';
import type { UpsertResult } from '../db/node.repository';
import type { NodeLabel } from '../relationships/relationship-kinds';
import type { TerritoryInput } from '../territories/territory.input';
import { indicatorSourceIds } from '../initiatives/indicator.type';
import type { RelationshipInput } from '../relationships/relationship.input';
import { checkReferences, RawRow, validateRows } from './import.validator';
import { ImportProblem, ImportSummary, LocatedRow, Outcome, Section, SECTION_ORDER, ValidRows } from './import.document';

export interface ImportOptions {
  /** Writer name for the audit trail, e.g. "import:actors.json" or "seed". */
  by: string;
  dryRun?: boolean;
  batchSize?: number;
  onError?: 'abort' | 'skip';
  onProgress?: (done: number, total: number) => void;
}

/** Imports are bulk work: they get far more time than an API request. */
const IMPORT_TIMEOUT_MS = 30 * 60 * 1000;

function emptyCounts(): Record<Section, Record<Outcome, number>> {
  return Object.fromEntries(SECTION_ORDER.map((s) => [s, { created: 0, updated: 0, unchanged: 0 }])) as Record<
    Section,
    Record<Outcome, number>
  >;
}

/** Parents before children, so that each PART_OF link finds its parent already written. */
function parentsFirst(rows: LocatedRow<TerritoryInput>[]): LocatedRow<TerritoryInput>[] {
  const byId = new Map(rows.map((row) => [row.value.id, row]));
  const depth = (row: LocatedRow<TerritoryInput>, seen = new Set<string | undefined>()): number => {
    const parent = row.value.parentId ? byId.get(row.value.parentId) : undefined;
    if (!parent || seen.has(row.value.id)) return 0;
    seen.add(row.value.id);
    return 1 + depth(parent, seen);
  };
  return [...rows].sort((a, b) => depth(a) - depth(b));
}

/** Links without an id get one derived from their content, so that importing twice stays idempotent. */
function withStableId(input: RelationshipInput): RelationshipInput {
  if (input.id) return input;
  return Object.assign(input, { id: `${input.type.toLowerCase()}:${input.fromId}:${input.toId}`.slice(0, 200) });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Imports rows in the format of DESIGN.md through the same services as the API: validate every
 * row first, then write everything in one transaction, so a failed import changes nothing.
 */
export class ImportService {
  constructor(private readonly services: Services) {}

  async run(rows: readonly RawRow[], options: ImportOptions): Promise<ImportSummary> {
    const started = Date.now();
    const { valid, problems } = validateRows(rows);
    const known = await this.knownIds(valid);
    problems.push(...checkReferences(valid, known));
    const summary: ImportSummary = {
      counts: emptyCounts(),
      rejected: Object.fromEntries(SECTION_ORDER.map((s) => [s, 0])) as Record<Section, number>,
      problems,
      written: false,
      elapsedMs: 0,
      rowsPerSecond: 0,
    };
    const bad = new Set(problems.map((p) => `${p.file}\u0000${p.location}`));
    for (const row of rows) if (bad.has(`${row.file}\u0000${row.location}`)) summary.rejected[row.section]++;
    const mode = options.onError ?? 'abort';
    if ((problems.length > 0 && mode === 'abort') || options.dryRun) {
      return this.finish(summary, started, 0);
    }
    const good = this.withoutBadRows(valid, bad);
    if (mode === 'skip' && problems.length > 0) {
      // Dropping bad rows can orphan links that pointed at them: check once more and drop those too.
      const again = checkReferences(good, await this.knownIds(good));
      for (const problem of again) {
        bad.add(`${problem.file}\u0000${problem.location}`);
        summary.problems.push(problem);
      }
    }
    const toWrite = this.withoutBadRows(good, bad);
    const total = SECTION_ORDER.reduce((n, s) => n + toWrite[s].length, 0);
    await this.write(toWrite, options, summary, total);
    summary.written = true;
    return this.finish(summary, started, total);
  }

  private finish(summary: ImportSummary, started: number, written: number): ImportSummary {
    summary.elapsedMs = Date.now() - started;
    summary.rowsPerSecond = summary.elapsedMs > 0 ? Math.round((written * 1000) / summary.elapsedMs) : written;
    return summary;
  }

  private withoutBadRows(valid: ValidRows, bad: Set<string>): ValidRows {
    const keep = <T>(rows: LocatedRow<T>[]) => rows.filter((row) => !bad.has(`${row.file}\u0000${row.location}`));
    return {
      sources: keep(valid.sources),
      territories: keep(valid.territories),
      actors: keep(valid.actors),
      initiatives: keep(valid.initiatives),
      relationships: keep(valid.relationships),
    };
  }

  private async knownIds(valid: ValidRows) {
    const referenced = new Set<string>();
    const sourceIds = new Set<string>();
    for (const section of SECTION_ORDER) {
      for (const row of valid[section] as unknown as LocatedRow<Record<string, unknown>>[]) {
        for (const key of ['id', 'fromId', 'toId', 'parentId', 'viaInitiativeId']) {
          if (typeof row.value[key] === 'string') referenced.add(row.value[key] as string);
        }
        for (const id of (row.value.sourceIds as string[] | undefined) ?? []) sourceIds.add(id);
      }
    }
    for (const row of valid.initiatives) for (const id of indicatorSourceIds(row.value.indicators)) sourceIds.add(id);
    const { db, relationships, sources } = this.services;
    const [labels, existingSources] = await db.read(async (tx) => [
      await relationships.repository.labelsOf(tx, [...referenced]),
      await sources.repository.existingIds(tx, [...sourceIds]),
    ] as const);
    return {
      labelOf: (id: string) => labels.get(id) as NodeLabel | undefined,
      sourceExists: (id: string) => existingSources.has(id),
      territoryExists: (id: string) => labels.get(id) === 'Territory',
    };
  }

  private async write(rows: ValidRows, options: ImportOptions, summary: ImportSummary, total: number): Promise<void> {
    const size = options.batchSize ?? 1000;
    const { db, sources, territories, actors, initiatives, relationships } = this.services;
    const operation = options.by.startsWith('seed') ? 'seed' : 'import';
    await db.write(async (tx: Tx) => {
      summary.counts = emptyCounts();
      let done = 0;
      const tally = (section: Section, results: UpsertResult[]) => {
        for (const result of results) summary.counts[section][result.outcome]++;
        done += results.length;
        options.onProgress?.(done, total);
      };
      const steps: [Section, (batch: never[]) => Promise<UpsertResult[]>][] = [
        ['sources', (batch) => sources.upsertMany(tx, batch, options.by, operation)],
        ['territories', (batch) => territories.upsertMany(tx, batch, options.by, operation)],
        ['actors', (batch) => actors.upsertMany(tx, batch, options.by, operation)],
        ['initiatives', (batch) => initiatives.upsertMany(tx, batch, options.by, operation)],
        ['relationships', (batch) => relationships.upsertMany(tx, batch, options.by, operation)],
      ];
      for (const [section, upsert] of steps) {
        let values = (rows[section] as LocatedRow<unknown>[]).map((row) => row.value);
        if (section === 'territories') values = parentsFirst(rows.territories).map((row) => row.value);
        if (section === 'relationships') values = (values as RelationshipInput[]).map(withStableId);
        for (const batch of chunks(values, size)) tally(section, await upsert(batch as never[]));
      }
    }, { timeoutMs: IMPORT_TIMEOUT_MS });
  }
}

export type { ImportProblem };
