import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { flattenValidationErrors } from '../common/validation-errors';
import type { NodeLabel } from '../relationships/relationship-kinds';
import { relationshipProblems } from '../relationships/relationship.service';
import { IndicatorInput, indicatorSourceIds } from '../initiatives/indicator.type';
import { RowProblem, LocatedRow, Section, SECTION_ORDER, SECTIONS, ValidRows } from './import.document';

export interface RawRow {
  section: Section;
  value: unknown;
  file: string;
  location: string;
}

/** Ids already in the database that rows may point at. */
export interface KnownIds {
  labelOf(id: string): NodeLabel | undefined;
  sourceExists(id: string): boolean;
}

const SECTION_LABEL: Partial<Record<Section, NodeLabel>> = {
  actors: 'Actor',
  initiatives: 'Initiative',
  territories: 'Territory',
};

/**
 * Rules of the API that an import reports as warnings instead: published data has these defects
 * (IATI activities that end before they start), and an import keeps such a row as the source
 * gives it, listing the defect. The API's own mutations still refuse them. Keyed by
 * class-validator constraint name.
 */
export const WARNING_CONSTRAINTS: ReadonlySet<string> = new Set(['notBeforeStartDate']);

/** A validation error tree split into the constraints that refuse the row and those that only warn. */
function splitErrors(errors: readonly ValidationError[]): { refusing: ValidationError[]; warning: ValidationError[] } {
  const refusing: ValidationError[] = [];
  const warning: ValidationError[] = [];
  for (const error of errors) {
    const constraints = Object.entries(error.constraints ?? {});
    const children = splitErrors(error.children ?? []);
    const own = (keep: boolean) => {
      const kept = constraints.filter(([name]) => WARNING_CONSTRAINTS.has(name) === keep);
      return kept.length ? Object.fromEntries(kept) : undefined;
    };
    const refusingOwn = own(false);
    const warningOwn = own(true);
    if (refusingOwn || children.refusing.length) {
      refusing.push(Object.assign(new ValidationError(), { ...error, constraints: refusingOwn, children: children.refusing }));
    }
    if (warningOwn || children.warning.length) {
      warning.push(Object.assign(new ValidationError(), { ...error, constraints: warningOwn, children: children.warning }));
    }
  }
  return { refusing, warning };
}

/**
 * Step one: every row on its own, with the same class-validator rules as the API. Unknown
 * fields are refused, so a typo in a column name is reported rather than silently dropped. The
 * rules of WARNING_CONSTRAINTS give warnings: the row is kept as given.
 */
export function validateRows(rows: readonly RawRow[]): { valid: ValidRows; problems: RowProblem[]; warnings: RowProblem[] } {
  const valid: ValidRows = { sources: [], territories: [], actors: [], initiatives: [], relationships: [] };
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  for (const row of rows) {
    if (typeof row.value !== 'object' || row.value === null || Array.isArray(row.value)) {
      problems.push({ file: row.file, location: row.location, field: '', reason: 'must be an object' });
      continue;
    }
    const instance = plainToInstance(SECTIONS[row.section] as new () => object, row.value);
    const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false });
    const { refusing, warning } = splitErrors(errors);
    for (const error of flattenValidationErrors(warning)) {
      warnings.push({ file: row.file, location: row.location, field: error.field, reason: `${error.reasons.join('; ')}; imported as given` });
    }
    if (refusing.length) {
      for (const error of flattenValidationErrors(refusing)) {
        problems.push({ file: row.file, location: row.location, field: error.field, reason: error.reasons.join('; ') });
      }
      continue;
    }
    (valid[row.section] as LocatedRow<object>[]).push({ value: instance, file: row.file, location: row.location });
  }
  return { valid, problems, warnings };
}

function indicatorsWithoutSources(indicators: IndicatorInput[] | undefined): number[] {
  return (indicators ?? []).flatMap((indicator, index) => (indicator.sourceIds?.length ? [] : [index]));
}

/**
 * Step two: references between rows and to the database. Returns the problems; rows that have
 * any are reported, and with them the links that point at them.
 */
/**
 * Links without an id get one derived from their type and endpoints, so that importing the same
 * file twice updates them instead of adding copies. Returns the links whose id was derived.
 */
export function deriveRelationshipIds(valid: ValidRows): ReadonlySet<object> {
  const derived = new Set<object>();
  for (const { value } of valid.relationships) {
    if (value.id) continue;
    value.id = `${value.type.toLowerCase()}:${value.fromId}:${value.toId}`.slice(0, 200);
    derived.add(value);
  }
  return derived;
}

/** Where each node id will be once the file's nodes are written: its rows first, then the database. */
export function labelsAfterImport(valid: ValidRows, known: KnownIds): (id: string) => NodeLabel | undefined {
  const inFile = new Map<string, NodeLabel>();
  for (const section of SECTION_ORDER) {
    const label = SECTION_LABEL[section];
    if (!label) continue;
    for (const row of valid[section] as LocatedRow<{ id?: string }>[]) if (row.value.id) inFile.set(row.value.id, label);
  }
  return (id) => inFile.get(id) ?? known.labelOf(id);
}

export function checkReferences(valid: ValidRows, known: KnownIds, derivedIds: ReadonlySet<object> = new Set()): RowProblem[] {
  const problems: RowProblem[] = [];
  const report = (row: LocatedRow<unknown>, field: string, reason: string) =>
    problems.push({ file: row.file, location: row.location, field, reason });

  const labels = new Map<string, NodeLabel>();
  const sources = new Set<string>();
  for (const section of SECTION_ORDER) {
    const seen = new Map<string, LocatedRow<unknown>>();
    for (const row of valid[section] as LocatedRow<{ id?: string }>[]) {
      const id = row.value.id;
      if (!id) continue;
      const first = seen.get(id);
      if (first) {
        report(
          row,
          'id',
          derivedIds.has(row.value)
            ? `links without an id are told apart by type, from and to, and the row at ${first.file} ${first.location} has the same: give both an id to keep both`
            : `duplicates the row at ${first.file} ${first.location}`,
        );
      }
      seen.set(id, row);
      const label = SECTION_LABEL[section];
      if (label) {
        const elsewhere = labels.get(id) ?? known.labelOf(id);
        if (elsewhere && elsewhere !== label) report(row, 'id', `is already used by a ${elsewhere}`);
        labels.set(id, label);
      }
      if (section === 'sources') sources.add(id);
    }
  }
  const labelOf = (id: string) => labels.get(id) ?? known.labelOf(id);
  const sourceExists = (id: string) => sources.has(id) || known.sourceExists(id);
  const checkSources = (row: LocatedRow<{ sourceIds?: string[] }>) => {
    const unknown = (row.value.sourceIds ?? []).filter((id) => !sourceExists(id));
    if (unknown.length) report(row, 'sourceIds', `unknown source id(s): ${unknown.join(', ')}`);
  };

  for (const row of valid.territories) {
    checkSources(row);
    const parentId = row.value.parentId;
    if (parentId) {
      if (labelOf(parentId) !== 'Territory') report(row, 'parentId', `no territory has id "${parentId}"`);
      if (!row.value.sourceIds?.length) report(row, 'sourceIds', 'a territory with a parentId must name a source');
    }
  }
  for (const row of valid.actors) {
    checkSources(row);
    (row.value.identifiers ?? []).forEach((identifier, index) => {
      const unknown = (identifier.sourceIds ?? []).filter((id) => !sourceExists(id));
      if (unknown.length) report(row, `identifiers.${index}.sourceIds`, `unknown source id(s): ${unknown.join(', ')}`);
    });
  }
  for (const row of valid.initiatives) {
    checkSources(row);
    for (const index of indicatorsWithoutSources(row.value.indicators)) {
      report(row, `indicators.${index}.sourceIds`, 'must name at least one source');
    }
    const unknown = indicatorSourceIds(row.value.indicators).filter((id) => !sourceExists(id));
    if (unknown.length) report(row, 'indicators', `unknown source id(s): ${[...new Set(unknown)].join(', ')}`);
  }
  for (const row of valid.relationships) {
    for (const problem of relationshipProblems(row.value, labelOf, sourceExists)) report(row, problem.field, problem.reason);
  }
  return problems;
}
