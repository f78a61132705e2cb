import type { ImportPorts } from './import.ports';
import type { Tx } from '../db/database';
import type { UpsertResult } from '../db/node.repository';
import type { NodeLabel } from '../relationships/relationship-kinds';
import type { TerritoryInput } from '../territories/territory.input';
import { indicatorSourceIds } from '../initiatives/indicator.type';
import type { RelationshipInput } from '../relationships/relationship.input';
import { checkReferences, deriveRelationshipIds, KnownIds, labelsAfterImport, RawRow, validateRows } from './import.validator';
import { RowProblem, ImportMatch, ImportSummary, LocatedRow, MatchMode, Outcome, Section, SECTION_ORDER, ValidRows } from './import.document';
import { ActorLink, identifierKeysOf, IdentityResolution, linkToExisting, resolveIdentities } from './identity-resolution';

export interface ImportOptions {
  /** Writer name for the audit trail, e.g. "import:actors.json" or "seed". */
  by: string;
  dryRun?: boolean;
  batchSize?: number;
  onError?: 'abort' | 'skip';
  onProgress?: (done: number, total: number) => void;
  /** Rows the readers could not build (broken CSV quoting, unknown label); they count as bad rows. */
  readProblems?: readonly RowProblem[];
  /** Defects the readers found in the source and imported as given; reported with the summary, never blocking. */
  readWarnings?: readonly RowProblem[];
  /**
   * 'single' (the default) writes everything in one transaction, so a failure changes nothing.
   * 'batch' commits each batch on its own, for imports larger than one transaction's memory: rows
   * are still all validated before the first write, and since writes are idempotent, running the
   * same import again after a failure completes it.
   */
  transaction?: 'single' | 'batch';
  /**
   * Import-time matching of the actors the import would create against the existing ones:
   * 'report' (the default) lists the likely duplicates in the summary and creates the rows as
   * given; 'link' also resolves a row to the existing actor when they share an identifier.
   */
  match?: MatchMode;
  /** The score from which a match is reported (default: duplicateCandidates' threshold). */
  matchMinScore?: number;
  /**
   * The rows are a dump's (src/dump/), to be written as they were stored: no identity resolution
   * (it would fold rows that share an identifier or an orgRef, and add identifiers from orgRefs)
   * and no import-time matching.
   */
  verbatim?: boolean;
}

export interface ImportPlan {
  writable: boolean;
  summary: ImportSummary;
  /** The rows to write: every valid row, less the bad ones and those that pointed at them. */
  good: ValidRows;
  started: number;
  total: number;
  /** Where each node id will be once the rows are written. */
  labelOf: (id: string) => NodeLabel | undefined;
}

/**
 * Rows per UNWIND statement. Measured on the 50k-link generated graph (bench/import-check):
 * larger batches amortise each statement's round trip and planning; past a few thousand rows the
 * gain flattens while each statement's memory keeps growing.
 */
export const DEFAULT_BATCH_SIZE = 5000;

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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Imports rows in the format of DESIGN.md through the same services as the API: validate every
 * row first, then write everything in one transaction, so a failed import changes nothing (or,
 * for imports too big for one transaction, one transaction per batch: see `transaction`).
 */
export class ImportService {
  constructor(private readonly ports: ImportPorts) {}

  async run(rows: readonly RawRow[], options: ImportOptions): Promise<ImportSummary> {
    if (options.dryRun && options.transaction !== 'batch') return this.rehearse(rows, options);
    const plan = await this.plan(rows, options);
    if (!plan.writable) return plan.summary;
    const { summary, good, started, total } = plan;
    await this.write(good, options, summary, total, plan.labelOf);
    summary.written = true;
    return this.finish(summary, started, total);
  }

  /**
   * Validates every row against the file and the database and settles which rows would be
   * written; writes nothing. `writable` is false when the import must stop here (a dry run, or
   * bad rows with onError 'abort'), and the summary is then final.
   */
  async plan(rows: readonly RawRow[], options: ImportOptions): Promise<ImportPlan> {
    const started = Date.now();
    const readProblems = options.readProblems ?? [];
    const validation = validateRows(rows);
    // Before anything reads an actor row's id: resolution may give it the id of an existing actor.
    const identity = options.verbatim ? { valid: validation.valid, problems: [], warnings: [] } : await this.resolveIdentities(validation.valid);
    // Then, before links derive their ids from their ends: matching may link a row to an existing actor.
    const matching = options.verbatim ? { ...identity, matches: [] } : await this.matchNewActors(identity.valid, options);
    const { valid } = matching;
    const derived = deriveRelationshipIds(valid);
    let known = await this.knownIds(valid);
    const problems = [...readProblems, ...validation.problems, ...identity.problems, ...checkReferences(valid, known, derived)];
    const summary: ImportSummary = {
      counts: emptyCounts(),
      rejected: Object.fromEntries(SECTION_ORDER.map((s) => [s, 0])) as Record<Section, number>,
      relationshipTypes: {},
      unreadable: 0,
      problems,
      warnings: [...(options.readWarnings ?? []), ...validation.warnings, ...identity.warnings, ...matching.warnings],
      matches: matching.matches,
      written: false,
      elapsedMs: 0,
      rowsPerSecond: 0,
    };
    for (const problem of readProblems) {
      if (problem.section) summary.rejected[problem.section]++;
      else summary.unreadable++;
    }
    const bad = new Set(problems.map((p) => `${p.file}\u0000${p.location}`));
    const rejectRow = (row: RawRow) => {
      summary.rejected[row.section]++;
      if (row.section === 'relationships') typeCounts(summary, relationshipType(row.value)).rejected++;
    };
    for (const row of rows) if (bad.has(`${row.file}\u0000${row.location}`)) rejectRow(row);
    const mode = options.onError ?? 'abort';
    if ((problems.length > 0 && mode === 'abort') || options.dryRun) {
      return { writable: false, summary: this.finish(summary, started, 0), good: valid, started, total: 0, labelOf: () => undefined };
    }
    let good = this.withoutBadRows(valid, bad);
    // Dropping bad rows can orphan rows that pointed at them (a link to a rejected actor, the child
    // of a rejected territory): check again, and again, until nothing more drops out.
    while (mode === 'skip' && problems.length > 0) {
      known = await this.knownIds(good);
      const again = checkReferences(good, known, derived);
      if (again.length === 0) break;
      const orphaned = new Set(again.map((problem) => `${problem.file}\u0000${problem.location}`));
      for (const row of rows) {
        const key = `${row.file}\u0000${row.location}`;
        if (orphaned.has(key) && !bad.has(key)) rejectRow(row);
      }
      for (const problem of again) {
        bad.add(`${problem.file}\u0000${problem.location}`);
        summary.problems.push(problem);
      }
      good = this.withoutBadRows(good, bad);
    }
    const total = SECTION_ORDER.reduce((n, s) => n + good[s].length, 0);
    return { writable: true, summary, good, started, total, labelOf: labelsAfterImport(good, known) };
  }

  /**
   * A dry run that counts what the import would do: the rows are written in one transaction, which
   * is then rolled back, so created, updated and unchanged are exactly what the real run would
   * report, and nothing stays. Imports written batch by batch are too big for that, and only
   * validated.
   */
  private async rehearse(rows: readonly RawRow[], options: ImportOptions): Promise<ImportSummary> {
    const plan = await this.plan(rows, { ...options, dryRun: false });
    if (!plan.writable) return plan.summary;
    const { summary, good, started, total } = plan;
    await this.write(good, { ...options, transaction: 'single' }, summary, total, plan.labelOf, { rollBack: true });
    summary.written = false;
    return this.finish(summary, started, 0);
  }

  /** The summary of a plan whose rows were all written into an empty database: all created. */
  allCreated(plan: ImportPlan): ImportSummary {
    const { summary, good } = plan;
    for (const section of SECTION_ORDER) summary.counts[section].created = good[section].length;
    for (const { value } of good.relationships) typeCounts(summary, relationshipType(value)).created++;
    summary.written = true;
    return this.finish(summary, plan.started, plan.total);
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

  /** One lookup for every identifier of the import, then the rows resolved through it (identity-resolution.ts). */
  private async resolveIdentities(valid: ValidRows): Promise<IdentityResolution> {
    const keys = identifierKeysOf(valid.actors);
    const holders = keys.length ? await this.ports.db.read((tx) => this.ports.identifierHolders(tx, keys)) : new Map();
    return resolveIdentities(valid, holders);
  }

  /**
   * Scores every actor row that would create an actor against the existing actors, as
   * duplicateCandidates does. Nothing is merged silently: a match is reported, and with
   * `match: 'link'` a row is resolved to the matched actor only when an identifier agrees (a
   * bare DAC code or CIF, or a ref an older actor holds only as its orgRef: what identifier
   * resolution, which compares exact keys, cannot see).
   */
  private async matchNewActors(valid: ValidRows, options: ImportOptions): Promise<IdentityResolution & { matches: ImportMatch[] }> {
    const ids = valid.actors.flatMap((row) => (row.value.id ? [row.value.id] : []));
    const existing = ids.length ? await this.ports.db.read((tx) => this.ports.labelsOf(tx, ids)) : new Map<string, NodeLabel>();
    const rows = valid.actors.map((row, index) => ({ row, index })).filter(({ row }) => !row.value.id || !existing.has(row.value.id));
    const found = await this.ports.matchNewActors(
      rows.map(({ row }) => row.value),
      options.matchMinScore,
    );
    const matches: ImportMatch[] = [];
    const links: ActorLink[] = [];
    rows.forEach(({ row, index }, position) => {
      const best = found[position] ?? [];
      const link = options.match === 'link' ? best.find((match) => match.sameIdentifier) : undefined;
      for (const match of best) {
        matches.push({
          file: row.file,
          location: row.location,
          rowId: row.value.id ?? null,
          name: row.value.name,
          actorId: match.actorId,
          actorName: match.name,
          score: match.score,
          reasons: match.reasons,
          linked: match === link,
        });
      }
      if (link) {
        links.push({
          row: index,
          actor: { actorId: link.actorId, name: link.name, originalName: link.originalName, kind: link.kind ?? row.value.kind },
          reason: `score ${link.score.toFixed(2)}, ${link.reasons[0]}`,
        });
      }
    });
    return { ...linkToExisting(valid, links), matches };
  }

  private async knownIds(valid: ValidRows): Promise<KnownIds> {
    const referenced = new Set<string>();
    const sourceIds = new Set<string>();
    for (const section of SECTION_ORDER) {
      for (const row of valid[section] as unknown as LocatedRow<Record<string, unknown>>[]) {
        for (const key of ['id', 'fromId', 'toId', 'parentId', 'viaInitiativeId', 'reportingOrgId', 'reportingActivityId']) {
          if (typeof row.value[key] === 'string') referenced.add(row.value[key] as string);
        }
        for (const id of (row.value.sourceIds as string[] | undefined) ?? []) sourceIds.add(id);
      }
    }
    for (const row of valid.initiatives) for (const id of indicatorSourceIds(row.value.indicators)) sourceIds.add(id);
    for (const row of valid.actors) for (const identifier of row.value.identifiers ?? []) for (const id of identifier.sourceIds ?? []) sourceIds.add(id);
    const { db, labelsOf, sourcesExist } = this.ports;
    const [labels, existingSources] = await db.read(async (tx) => [
      await labelsOf(tx, [...referenced]),
      await sourcesExist(tx, [...sourceIds]),
    ] as const);
    return {
      labelOf: (id: string) => labels.get(id) as NodeLabel | undefined,
      sourceExists: (id: string) => existingSources.has(id),
    };
  }

  private async write(
    rows: ValidRows,
    options: ImportOptions,
    summary: ImportSummary,
    total: number,
    labelOf: (id: string) => NodeLabel | undefined,
    { rollBack = false } = {},
  ): Promise<void> {
    const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const { db, upserters } = this.ports;
    const { sources, territories, actors, initiatives, relationships } = upserters;
    const operation = options.by.startsWith('seed') ? 'seed' : 'import';
    const upsert = (tx: Tx, section: Section, batch: unknown[]): Promise<UpsertResult[]> => {
      switch (section) {
        case 'sources':
          return sources.upsertMany(tx, batch as never[], options.by, operation);
        case 'territories':
          return territories.upsertMany(tx, batch as never[], options.by, operation);
        case 'actors':
          return actors.upsertMany(tx, batch as never[], options.by, operation);
        case 'initiatives':
          return initiatives.upsertMany(tx, batch as never[], options.by, operation);
        case 'relationships':
          return relationships.upsertMany(tx, batch as RelationshipInput[], options.by, operation, labelOf);
      }
    };
    const batches: [Section, unknown[]][] = SECTION_ORDER.flatMap((section) => {
      let values = (rows[section] as LocatedRow<unknown>[]).map((row) => row.value);
      if (section === 'territories') values = parentsFirst(rows.territories).map((row) => row.value);
      return chunks(values, size).map((batch) => [section, batch] as [Section, unknown[]]);
    });
    let done = 0;
    const tally = (section: Section, results: UpsertResult[]) => {
      for (const result of results) {
        summary.counts[section][result.outcome]++;
        if (section === 'relationships') typeCounts(summary, relationshipType(result.after))[result.outcome]++;
      }
      done += results.length;
      options.onProgress?.(done, total);
    };
    if (options.transaction === 'batch') {
      for (const [section, batch] of batches) {
        tally(section, await db.write((tx) => upsert(tx, section, batch), { timeoutMs: IMPORT_TIMEOUT_MS }));
      }
      return;
    }
    await db
      .write(async (tx: Tx) => {
        // A retried transaction starts again from nothing, and so do its counts.
        summary.counts = emptyCounts();
        for (const counts of Object.values(summary.relationshipTypes)) Object.assign(counts, { created: 0, updated: 0, unchanged: 0 });
        done = 0;
        for (const [section, batch] of batches) tally(section, await upsert(tx, section, batch));
        if (rollBack) throw new RolledBack();
      }, { timeoutMs: IMPORT_TIMEOUT_MS })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
  }
}

/** Thrown at the end of a rehearsal's transaction, so that the driver rolls it back. */
class RolledBack extends Error {}

function relationshipType(value: unknown): string {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type ? type : '(none)';
}

function typeCounts(summary: ImportSummary, type: string): Record<Outcome | 'rejected', number> {
  summary.relationshipTypes[type] ??= { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  return summary.relationshipTypes[type];
}
