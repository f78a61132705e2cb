/**
 * Dates in the sources are often partial ("2013", "2013-05"). A partial date stands for a
 * period, so each one is stored with the first and last day it covers: comparisons on those
 * bounds are correct whatever the precision of either side.
 */
const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export interface PartialDateBounds {
  value: string;
  first: string;
  last: string;
}

export function parsePartialDate(value: string): PartialDateBounds | null {
  const match = PATTERN.exec(value);
  if (!match) return null;
  const [, year, month, day] = match;
  const y = Number(year);
  if (month === undefined) return { value, first: `${year}-01-01`, last: `${year}-12-31` };
  const m = Number(month);
  if (m < 1 || m > 12) return null;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (day === undefined) {
    return { value, first: `${year}-${month}-01`, last: `${year}-${month}-${String(daysInMonth).padStart(2, '0')}` };
  }
  const d = Number(day);
  if (d < 1 || d > daysInMonth) return null;
  return { value, first: value, last: value };
}

export function isPartialDate(value: unknown): value is string {
  return typeof value === 'string' && parsePartialDate(value) !== null;
}

/** True when the period ending at `end` can come after the period starting at `start`. */
export function endNotBeforeStart(start: string, end: string): boolean {
  const s = parsePartialDate(start);
  const e = parsePartialDate(end);
  return !s || !e || e.last >= s.first;
}

/**
 * Bounds for an as-of filter: a link counts as active during `asOf` when its period overlaps the
 * period `asOf` names, i.e. startFirst <= asOf.last and endLast >= asOf.first.
 */
export function asOfBounds(asOf: string | undefined | null): { asOfFirst: string; asOfLast: string } | null {
  if (!asOf) return null;
  const bounds = parsePartialDate(asOf);
  return bounds ? { asOfFirst: bounds.first, asOfLast: bounds.last } : null;
}

/** The stored form of a period: the dates as given, plus the bounds used for comparisons. */
export function periodProps(input: { startDate?: string | null; endDate?: string | null }): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  if (input.startDate !== undefined) {
    props.startDate = input.startDate;
    props.startFirst = input.startDate === null ? null : parsePartialDate(input.startDate)?.first ?? null;
  }
  if (input.endDate !== undefined) {
    props.endDate = input.endDate;
    props.endLast = input.endDate === null ? null : parsePartialDate(input.endDate)?.last ?? null;
  }
  return props;
}

