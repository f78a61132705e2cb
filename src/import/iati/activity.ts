import { sumExact } from '../../common/decimal';
import type { RowProblem } from '../import.document';
import type { RawRow } from '../import.validator';
import type { ParsedActivity, ParsedFile } from './activity-file';
import { ACTIVITY_DATE, BUDGET_TYPE, GENERAL_DESCRIPTION } from './codelists';
import { amountOf, clip, hasMarkup, isDecimal, isoDate, markupReason } from './values';
import { arr, attr, narrative, textOf, XmlNode } from './xml';

/**
 * Activities. iati-activity becomes an Initiative of kind PROJECT: id = iati-identifier, name =
 * title, description = description type 1 (or the first), startDate = actual start (type 2) or
 * planned start (1), endDate = actual end (4) or planned end (3), budget = the sum of the revised
 * budgets (type 2) or else of the original ones, when they share one currency (an exact decimal
 * sum). The activity is imported as the source gives it; a title with HTML markup in it is a
 * warning, and so is an end date before the start date (see import.validator.ts).
 */

export function activityLocation(activity: ParsedActivity): string {
  return `line ${activity.line} <iati-activity>`;
}

export function missingIdentifierProblem(file: ParsedFile, activity: ParsedActivity): RowProblem {
  return {
    file: file.file,
    location: activityLocation(activity),
    section: 'initiatives',
    field: 'iati-identifier',
    reason: 'is missing, so the activity cannot be imported',
  };
}

export function initiativeRow(file: ParsedFile, activity: ParsedActivity, warnings: RowProblem[]): RawRow {
  const value = initiativeOf(activity, file.sourceId);
  if (typeof value.name === 'string' && hasMarkup(value.name)) {
    const title = arr(activity.node.title)[0];
    warnings.push({ file: file.file, location: `line ${file.lines.lineOf(title, activity.line)} <title>`, field: 'name', reason: markupReason(value.name) });
  }
  return { section: 'initiatives', file: file.file, location: activityLocation(activity), value };
}

function initiativeOf(activity: ParsedActivity, sourceId: string): Record<string, unknown> {
  const node = activity.node;
  const dates = firstDateByType(node);
  const value: Record<string, unknown> = {
    id: activity.id,
    name: clip(narrative(arr(node.title)[0], activity.lang), 300) ?? clip(activity.rawId, 300),
    kind: 'PROJECT',
    description: clip(narrative(generalDescription(node), activity.lang), 5000),
    startDate: dates.get(ACTIVITY_DATE.actualStart) ?? dates.get(ACTIVITY_DATE.plannedStart),
    endDate: dates.get(ACTIVITY_DATE.actualEnd) ?? dates.get(ACTIVITY_DATE.plannedEnd),
    budget: budgetOf(node, attr(node, 'default-currency')),
    sourceIds: [sourceId],
  };
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

function firstDateByType(activity: XmlNode): Map<string, string> {
  const dates = new Map<string, string>();
  for (const date of arr(activity['activity-date'])) {
    const type = attr(date, 'type');
    const value = isoDate(attr(date, 'iso-date'));
    if (type && value && !dates.has(type)) dates.set(type, value);
  }
  return dates;
}

function generalDescription(activity: XmlNode): unknown {
  const descriptions = arr(activity.description);
  return descriptions.find((d) => (attr(d, 'type') ?? GENERAL_DESCRIPTION) === GENERAL_DESCRIPTION) ?? descriptions[0];
}

function budgetOf(activity: XmlNode, defaultCurrency: string | undefined): { amount: string; currency?: string } | undefined {
  const budgets = arr(activity.budget).map((budget) => {
    const value = arr((budget as XmlNode)?.value)[0];
    return { type: attr(budget, 'type') ?? BUDGET_TYPE.original, amount: amountOf(textOf(value)), currency: attr(value, 'currency') ?? defaultCurrency };
  });
  const revised = budgets.filter((budget) => budget.type === BUDGET_TYPE.revised);
  const chosen = revised.length ? revised : budgets;
  if (chosen.length === 0) return undefined;
  // Amounts in different currencies cannot be summed without exchange rates.
  const currencies = new Set(chosen.map((budget) => budget.currency));
  if (currencies.size > 1) return undefined;
  // Without numbers there is no sum; the first budget goes on for the validator to judge.
  if (chosen.length === 1 || !chosen.every((budget) => isDecimal(budget.amount))) {
    return { amount: chosen[0].amount ?? '', currency: chosen[0].currency };
  }
  return { amount: sumExact(chosen.map((budget) => budget.amount as string)), currency: chosen[0].currency };
}
