import type { ImportMatch, RowProblem, ImportSummary, Outcome, Section } from './import.document';
import { SECTION_ORDER } from './import.document';

/** How the CLIs (`npm run import`, `npm run seed`) print an import's outcome and its report file. */

function pad(value: string | number, width: number, left = false): string {
  const text = String(value);
  return left ? text.padEnd(width) : text.padStart(width);
}

export function formatProblem(problem: RowProblem): string {
  return `${problem.file} ${problem.location}  ${problem.field || '(row)'}: ${problem.reason}`;
}

export function formatMatch(match: ImportMatch): string {
  const row = match.rowId ? `"${match.name}" (id "${match.rowId}")` : `"${match.name}"`;
  const outcome = match.linked ? 'linked to' : 'may be';
  return `${match.file} ${match.location}  ${row} ${outcome} existing actor "${match.actorName}" (id "${match.actorId}"), score ${match.score.toFixed(2)}: ${match.reasons.join('; ')}`;
}

/** Enough matches to see what they are on a terminal; the report file has them all. */
const MATCHES_PRINTED = 50;

/**
 * The warnings (defects of the source that were imported as given), then the table of outcomes.
 * Bad rows are printed by the caller, before this.
 */
export function formatSummary(summary: ImportSummary, options: { dryRun?: boolean; onError: 'abort' | 'skip' }): string {
  const lines: string[] = [];
  if (summary.warnings.length) {
    lines.push(`Warnings (${summary.warnings.length}):`);
    for (const warning of summary.warnings) lines.push(`  ${formatProblem(warning)}`);
  }
  if (summary.matches.length) {
    const linked = summary.matches.filter((match) => match.linked).length;
    lines.push(`Likely duplicates of existing actors (${summary.matches.length}${linked ? `, ${linked} linked` : ''}; review them, and merge with proposeMerge or --match link):`);
    for (const match of summary.matches.slice(0, MATCHES_PRINTED)) lines.push(`  ${formatMatch(match)}`);
    if (summary.matches.length > MATCHES_PRINTED) lines.push(`  ... and ${summary.matches.length - MATCHES_PRINTED} more (all of them in --report)`);
  }
  const bad = summary.problems.length;
  const state = options.dryRun
    ? 'dry run, nothing written'
    : summary.written
      ? bad
        ? `written; ${bad} problem(s), bad rows skipped`
        : 'written'
      : `nothing written: ${bad} problem(s) with --on-error ${options.onError}`;
  lines.push(`Import summary (${state})`);
  const header = `${pad('', 20, true)}${pad('created', 9)}${pad('updated', 9)}${pad('unchanged', 11)}${pad('rejected', 10)}`;
  lines.push(header);
  const totals: Record<Outcome | 'rejected', number> = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const row = (name: string, counts: Record<Outcome, number>, rejected: number) =>
    `${pad(name, 20, true)}${pad(counts.created, 9)}${pad(counts.updated, 9)}${pad(counts.unchanged, 11)}${pad(rejected, 10)}`;
  for (const section of SECTION_ORDER as Section[]) {
    const counts = summary.counts[section];
    lines.push(row(section, counts, summary.rejected[section]));
    for (const key of Object.keys(totals) as Outcome[]) if (key in counts) totals[key] += counts[key];
    totals.rejected += summary.rejected[section];
    if (section === 'relationships') {
      for (const type of Object.keys(summary.relationshipTypes).sort()) {
        const typeCounts = summary.relationshipTypes[type];
        lines.push(row(`  ${type}`, typeCounts, typeCounts.rejected));
      }
    }
  }
  if (summary.unreadable) {
    lines.push(`${pad('unreadable rows', 20, true)}${pad('', 29)}${pad(summary.unreadable, 10)}`);
    totals.rejected += summary.unreadable;
  }
  lines.push(row('total', totals, totals.rejected));
  if (summary.restored) {
    lines.push(`restored as dumped: ${summary.restored.mergeProposals} merge proposal(s), ${summary.restored.maps} map(s), ${summary.restored.auditEntries} audit entr${summary.restored.auditEntries === 1 ? 'y' : 'ies'}`);
  }
  const seconds = (summary.elapsedMs / 1000).toFixed(2);
  lines.push(`elapsed ${seconds} s, ${summary.rowsPerSecond} rows/s`);
  if (summary.phasesMs) {
    const memory = summary.peakRssMb ? `; peak memory ${summary.peakRssMb} MB` : '';
    lines.push(`phases: ${Object.entries(summary.phasesMs).map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`).join(', ')}${memory}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface ReportContext {
  files: readonly string[];
  options: { format: string; dryRun: boolean; batchSize: number; onError: 'abort' | 'skip'; transaction: string; match?: string };
}

/** The JSON report of `--report`: what was asked, what happened, every bad row and every warning. */
export function importReport(summary: ImportSummary, context: ReportContext, createdAt = new Date()) {
  return {
    createdAt: createdAt.toISOString(),
    files: context.files,
    options: context.options,
    written: summary.written,
    counts: summary.counts,
    rejected: summary.rejected,
    relationshipTypes: summary.relationshipTypes,
    unreadable: summary.unreadable,
    elapsedMs: summary.elapsedMs,
    rowsPerSecond: summary.rowsPerSecond,
    ...(summary.phasesMs ? { phasesMs: summary.phasesMs } : {}),
    ...(summary.peakRssMb ? { peakRssMb: summary.peakRssMb } : {}),
    ...(summary.restored ? { restored: summary.restored } : {}),
    problems: summary.problems,
    warnings: summary.warnings,
    matches: summary.matches,
  };
}
