import type { GraphNode } from '../common/graph-node';
import { parsePartialDate } from '../common/partial-date';
import type { Relationship } from '../relationships/relationship.type';
import { TimelineEvent, TimelineEventKind } from './timeline.type';

interface Dated {
  id: string;
  name?: string;
  startDate: string | null;
  endDate: string | null;
}

function event(date: string, kind: TimelineEventKind, label: string, subject: { relationship?: Relationship; node?: GraphNode }): TimelineEvent {
  return Object.assign(new TimelineEvent(), {
    date,
    kind,
    label,
    relationship: subject.relationship ?? null,
    node: subject.node ?? null,
  });
}

const verb = (kind: TimelineEventKind) => (kind === TimelineEventKind.STARTED ? 'starts' : 'ends');

function periodEvents(item: Dated, describe: (kind: TimelineEventKind) => string, subject: { relationship?: Relationship; node?: GraphNode }): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  if (item.startDate) events.push(event(item.startDate, TimelineEventKind.STARTED, describe(TimelineEventKind.STARTED), subject));
  if (item.endDate) events.push(event(item.endDate, TimelineEventKind.ENDED, describe(TimelineEventKind.ENDED), subject));
  return events;
}

/**
 * Orders partial dates by the first day they cover; at equal first days the coarser date
 * ("2014") comes before the finer one ("2014-01-01"), starts before ends, then by label.
 */
export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  const first = (e: TimelineEvent) => parsePartialDate(e.date)?.first ?? e.date;
  return (
    first(a).localeCompare(first(b)) ||
    a.date.length - b.date.length ||
    (a.kind === b.kind ? 0 : a.kind === TimelineEventKind.STARTED ? -1 : 1) ||
    a.label.localeCompare(b.label)
  );
}

/** The node's own period (for initiatives), its dated links, and the dated initiatives next to it. */
export function buildTimeline(
  node: GraphNode & Partial<Dated>,
  relationships: readonly Relationship[],
  initiatives: readonly (GraphNode & Dated)[],
): TimelineEvent[] {
  const seen = new Set<string>();
  const nodeEvents = [node, ...initiatives].flatMap((item) => {
    if (seen.has(item.id)) return [];
    seen.add(item.id);
    return periodEvents({ id: item.id, startDate: item.startDate ?? null, endDate: item.endDate ?? null }, (kind) => `${item.name} ${verb(kind)}`, { node: item });
  });
  const linkEvents = relationships.flatMap((rel) =>
    periodEvents(rel, (kind) => `${rel.from.name} ${rel.type} ${rel.to.name}: ${verb(kind)}`, { relationship: rel }),
  );
  return [...nodeEvents, ...linkEvents].sort(compareEvents);
}
