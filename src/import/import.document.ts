import { ActorInput } from '../actors/actor.input';
import { InitiativeInput } from '../initiatives/initiative.input';
import { TerritoryInput } from '../territories/territory.input';
import { SourceInput } from '../sources/source.input';
import { RelationshipInput } from '../relationships/relationship.input';

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

export interface ImportProblem {
  file: string;
  location: string;
  field: string;
  reason: string;
}

export type Outcome = 'created' | 'updated' | 'unchanged';

export interface ImportSummary {
  counts: Record<Section, Record<Outcome, number>>;
  rejected: Record<Section, number>;
  problems: ImportProblem[];
  written: boolean;
  elapsedMs: number;
  rowsPerSecond: number;
}
