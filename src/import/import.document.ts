import { ActorInput } from '../actors/actor.input';
import { InitiativeInput } from '../initiatives/initiative.input';
import { TerritoryInput } from '../territories/territory.input';
import { SourceInput } from '../sources/source.input';
import { RelationshipInput } from '../relationships/relationship.input';
import type { RawRow } from './import.validator';

/** The import format of DESIGN.md: each section holds rows shaped like the GraphQL input. */
export interface ImportDocument {
  sources?: unknown[];
  territories?: unknown[];
  actors?: unknown[];
  initiatives?: unknown[];
  relationships?: unknown[];
}

export const SECTIONS = {
  sources: SourceInput,
  territories: TerritoryInput,
  actors: ActorInput,
  initiatives: InitiativeInput,
  relationships: RelationshipInput,
} as const;

export type Section = keyof typeof SECTIONS;
export const SECTION_ORDER: Section[] = ['sources', 'territories', 'actors', 'initiatives', 'relationships'];

/** A row after validation, with where it came from for error reports. */
export interface LocatedRow<T> {
  value: T;
  file: string;
  /** JSON pointer (e.g. /actors/3) or CSV line ("line 12"). */
  location: string;
}

export interface ValidRows {
  sources: LocatedRow<SourceInput>[];
  territories: LocatedRow<TerritoryInput>[];
  actors: LocatedRow<ActorInput>[];
  initiatives: LocatedRow<InitiativeInput>[];
  relationships: LocatedRow<RelationshipInput>[];
}

export interface RowProblem {
  file: string;
  location: string;
  field: string;
  reason: string;
  /** Set by readers for rows they could not turn into a row of a known section. */
  section?: Section;
}

/**
 * What a reader produced from its files: rows to validate, rows it could not read at all, and
 * warnings: defects of the source that it imports as given (same shape as problems, but they never
 * block an import nor count as bad rows).
 */
export interface ReadResult {
  rows: RawRow[];
  problems: RowProblem[];
  warnings?: RowProblem[];
}

export type Outcome = 'created' | 'updated' | 'unchanged';

/**
 * An actor row that would create an actor scoring as a likely duplicate of an existing one
 * (import-time matching): reported for review, and resolved to it only with `--match link` when
 * an identifier agrees.
 */
export interface ImportMatch {
  file: string;
  location: string;
  /** The id the row gives; null when the actor would get a generated one. */
  rowId: string | null;
  name: string;
  actorId: string;
  actorName: string;
  score: number;
  reasons: string[];
  /** The row was resolved to this actor instead of creating one. */
  linked: boolean;
}

/** What import-time matching does with a match: 'report' lists it; 'link' also resolves rows whose identifier agrees. */
export type MatchMode = 'report' | 'link';

export interface ImportSummary {
  counts: Record<Section, Record<Outcome, number>>;
  rejected: Record<Section, number>;
  /** The relationships section again, per relationship type (rejected rows included). */
  relationshipTypes: Record<string, Record<Outcome | 'rejected', number>>;
  /** Problems that readers found before any row could be built (unknown label, broken CSV quoting). */
  unreadable: number;
  problems: RowProblem[];
  /** Defects of the source that were imported as given (an end before a start, HTML in a name...): reported, never blocking. */
  warnings: RowProblem[];
  /** New actor rows that score as likely duplicates of existing actors, in row order. */
  matches: ImportMatch[];
  written: boolean;
  elapsedMs: number;
  rowsPerSecond: number;
  /** Wall time of each step, where an import reports them (--bulk). */
  phasesMs?: Record<string, number>;
  /** The import process's peak resident memory, where an import reports it (--bulk; the importer itself runs in its own JVM). */
  peakRssMb?: number;
  /** A restore of a dump (src/dump/): the merge proposals and audit entries it wrote as the dump gives them. */
  restored?: { mergeProposals: number; maps: number; auditEntries: number };
}
