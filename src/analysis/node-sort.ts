import { Field, InputType, registerEnumType } from 'type-graphql';
import { IsEnum } from 'class-validator';
import { BadInputError } from '../common/errors';
import { decodeCursor, encodeCursor } from '../common/connection';
import { JOB_KEY } from './analysis.properties';
import { BUDGET_AMOUNT, euroValue } from '../network/queries/cypher';

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

/** What actors and initiatives sort by: the name, a metric of the current analysis, or a count of links. */
export enum NodeSortField {
  NAME = 'NAME',
  KIND = 'KIND',
  COUNTRY_CODE = 'COUNTRY_CODE',
  START_DATE = 'START_DATE',
  END_DATE = 'END_DATE',
  BUDGET_EUR = 'BUDGET_EUR',
  DEGREE = 'DEGREE',
  PAGERANK = 'PAGERANK',
  BETWEENNESS = 'BETWEENNESS',
  CLOSENESS = 'CLOSENESS',
  EIGENVECTOR = 'EIGENVECTOR',
  PARTNER_COUNT = 'PARTNER_COUNT',
  FUNDING_RECEIVED_COUNT = 'FUNDING_RECEIVED_COUNT',
}
const SORT_FIELD_VALUES = {
  NAME: { description: 'The stored (cleaned) name' },
  KIND: { description: 'The kind, e.g. NGO or PROGRAMME' },
  COUNTRY_CODE: { description: 'The ISO country code; actors without one come last' },
  START_DATE: { description: 'The first day the start date covers (2019 sorts as 2019-01-01); initiatives without one come last' },
  END_DATE: { description: 'The last day the end date covers (2019 sorts as 2019-12-31); initiatives without one come last' },
  BUDGET_EUR: { description: 'The budget in euros (its stored euro value, or the amount when in EUR); initiatives without one come last' },
  DEGREE: { description: 'metrics.degree of the current analysis; nodes without one come last' },
  PAGERANK: { description: 'metrics.pagerank; nodes without one come last' },
  BETWEENNESS: { description: 'metrics.betweenness; nodes without one come last' },
  CLOSENESS: { description: 'metrics.closeness; nodes without one come last' },
  EIGENVECTOR: { description: 'metrics.eigenvector; nodes without one come last' },
  PARTNER_COUNT: { description: 'How many distinct actors a PARTNERS_WITH link joins it to, ended links included (what partners(actorId) lists by default)' },
  FUNDING_RECEIVED_COUNT: { description: 'How many FUNDS links point at it (its fundingReceived)' },
};

/** Two GraphQL enums, so that each list names its own fields: partners are between actors only, dates and budgets are initiatives'. */
const ACTOR_ONLY = ['PARTNER_COUNT', 'COUNTRY_CODE'] as const;
const INITIATIVE_ONLY = ['START_DATE', 'END_DATE', 'BUDGET_EUR'] as const;
const without = <T extends object>(source: T, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(source).filter(([key]) => !keys.includes(key))) as T;
export const ActorSortField = without(NodeSortField, INITIATIVE_ONLY);
export const InitiativeSortField = without(NodeSortField, ACTOR_ONLY);
registerEnumType(ActorSortField, { name: 'ActorSortField', valuesConfig: without(SORT_FIELD_VALUES, INITIATIVE_ONLY) });
registerEnumType(InitiativeSortField, { name: 'InitiativeSortField', valuesConfig: without(SORT_FIELD_VALUES, ACTOR_ONLY) });

@InputType({ description: 'One key of the order of actors; ties go to the next key, then to the id' })
export class ActorSort {
  @Field(() => ActorSortField)
  @IsEnum(ActorSortField)
  field: NodeSortField;

  @Field(() => SortDirection)
  @IsEnum(SortDirection)
  direction: SortDirection;
}

@InputType({ description: 'One key of the order of initiatives; ties go to the next key, then to the id' })
export class InitiativeSort {
  @Field(() => InitiativeSortField)
  @IsEnum(InitiativeSortField)
  field: NodeSortField;

  @Field(() => SortDirection)
  @IsEnum(SortDirection)
  direction: SortDirection;
}

export const MAX_SORT_KEYS = 3;

export interface SortSpec {
  field: NodeSortField;
  direction: SortDirection;
}

/** A sort as the node repository runs it: Cypher expressions over `n` and `analysis` (the current job, or null). */
export interface NodeOrder {
  /** Constant Cypher; the metric names they read are in `params`. */
  keys: { expression: string; descending: boolean }[];
  params: Record<string, unknown>;
  /** Where the previous page ended: its last row's key values and id. */
  after: { values: unknown[]; id: string } | null;
  /** Names the sort, so that a cursor is refused under another one. */
  signature: string;
}

const METRIC_OF: Partial<Record<NodeSortField, string>> = {
  DEGREE: 'degree',
  PAGERANK: 'pagerank',
  BETWEENNESS: 'betweenness',
  CLOSENESS: 'closeness',
  EIGENVECTOR: 'eigenvector',
};

/**
 * `expression` as a sort key whose missing value sorts past every real one in both directions,
 * so that rows without it come last: for text (ISO dates included) the empty string or U+FFFF,
 * for numbers of any sign (reversed amounts) ±1e308.
 */
export function missingLast(expression: string, kind: 'text' | 'number', descending: boolean): string {
  const past = kind === 'text' ? (descending ? "''" : "'\\uFFFF'") : descending ? '-1.0e308' : '1.0e308';
  return `coalesce(${expression}, ${past})`;
}

/** Stored properties of `n`. */
const PROPERTY_OF: Partial<Record<NodeSortField, (descending: boolean) => string>> = {
  KIND: () => 'n.kind',
  COUNTRY_CODE: (descending) => missingLast('n.countryCode', 'text', descending),
  START_DATE: (descending) => missingLast('n.startFirst', 'text', descending),
  END_DATE: (descending) => missingLast('n.endLast', 'text', descending),
  BUDGET_EUR: (descending) => missingLast(euroValue('n', BUDGET_AMOUNT), 'number', descending),
};

/** Counts of a node's links, read from the relationship chains of `n` (no property to keep in step). */
const COUNT_OF: Partial<Record<NodeSortField, string>> = {
  PARTNER_COUNT: 'COUNT { MATCH (n)-[:PARTNERS_WITH]-(partner:Actor) RETURN DISTINCT partner }',
  FUNDING_RECEIVED_COUNT: 'COUNT { (n)<-[:FUNDS]-() }',
};

/**
 * A node's value of the current analysis, read through the pointer and checked against the job
 * that wrote the slot (analysis.properties.ts); `missing` when there is none, so that such nodes
 * come last both ways (metrics are never negative).
 */
export function storedMetricExpression(node: string, metricParam: string, missing: string): string {
  return (
    `coalesce(CASE WHEN ${node}[coalesce(analysis.prefix, 'm0_') + '${JOB_KEY}'] = analysis.id ` +
    `THEN ${node}[analysis.prefix + $${metricParam}] END, ${missing})`
  );
}

/**
 * The keys of a sort of any list (nodes, links), with the cursor to resume from: `expressionOf`
 * gives each key's constant Cypher, adding the parameters it reads to `params`. Null when there is
 * no sort: the list keeps its id order and plain id cursors.
 */
export function sortOrder<F extends string>(
  sort: readonly { field: F; direction: SortDirection }[] | null | undefined,
  after: string | null | undefined,
  expressionOf: (field: F, descending: boolean, index: number, params: Record<string, unknown>) => string,
): NodeOrder | null {
  if (!sort?.length) return null;
  if (sort.length > MAX_SORT_KEYS) throw new BadInputError('sort', `may have at most ${MAX_SORT_KEYS} keys`);
  const seen = new Set<string>();
  const params: Record<string, unknown> = {};
  const keys = sort.map(({ field, direction }, i) => {
    if (seen.has(field)) throw new BadInputError('sort', `names ${field} twice`);
    seen.add(field);
    const descending = direction === SortDirection.DESC;
    return { expression: expressionOf(field, descending, i, params), descending };
  });
  const signature = sort.map(({ field, direction }) => `${field}:${direction}`).join(',');
  return { keys, params, signature, after: after ? decodeSortedCursor(after, signature, keys.length) : null };
}

export function nodeOrder(sort: readonly SortSpec[] | null | undefined, after: string | null | undefined): NodeOrder | null {
  return sortOrder(sort, after, (field, descending, i, params) => {
    const count = COUNT_OF[field];
    if (count) return count;
    const property = PROPERTY_OF[field];
    if (property) return property(descending);
    const metric = METRIC_OF[field];
    if (!metric) return 'n.name';
    params[`sortMetric${i}`] = metric;
    return storedMetricExpression('n', `sortMetric${i}`, descending ? '-1.0' : '1.0e308');
  });
}

export function sortedCursor(order: NodeOrder, values: readonly unknown[], id: string): string {
  return encodeCursor(JSON.stringify({ s: order.signature, v: values, id }));
}

function decodeSortedCursor(cursor: string, signature: string, keyCount: number): { values: unknown[]; id: string } {
  const key = decodeCursor(cursor)!;
  let parsed: { s?: unknown; v?: unknown; id?: unknown };
  try {
    parsed = JSON.parse(key);
  } catch {
    throw new BadInputError('after', 'is not a cursor of this sort (it comes from a list in id order)');
  }
  if (parsed?.s !== signature || !Array.isArray(parsed.v) || parsed.v.length !== keyCount || typeof parsed.id !== 'string') {
    throw new BadInputError('after', 'is not a cursor of this sort: pass the same sort as the page it came from');
  }
  if (!parsed.v.every((value) => typeof value === 'number' || typeof value === 'string')) throw new BadInputError('after', 'is not a cursor returned by this API');
  return { values: parsed.v, id: parsed.id };
}

/**
 * The clauses of a sorted page over rows bound to `id`'s variable: the keys bound as sortKey0…
 * (`bindings`), the rows past the cursor (`where`), the order with the id as tie-break
 * (`orderBy`), and each row's key values for its cursor (`values`).
 */
export function sortClauses(order: NodeOrder, id: string) {
  const key = (i: number) => `sortKey${i}`;
  const after = afterCondition(order, key, id);
  return {
    bindings: order.keys.map((k, i) => `${k.expression} AS ${key(i)}`).join(', '),
    where: after.where,
    orderBy: `${order.keys.map((k, i) => `${key(i)} ${k.descending ? 'DESC' : 'ASC'}`).join(', ')}, ${id}`,
    values: `[${order.keys.map((_, i) => key(i)).join(', ')}]`,
    params: { ...order.params, ...after.params },
  };
}

/**
 * Rows after the cursor in the order of `keys` then id: the first key past the cursor's, or equal
 * and the second past, and so on, then equal keys and a greater id. Fragments are constant; the
 * cursor's values are parameters.
 */
function afterCondition(order: NodeOrder, keyVariable: (i: number) => string, id = 'n.id'): { where: string; params: Record<string, unknown> } {
  if (!order.after) return { where: 'true', params: {} };
  const params: Record<string, unknown> = { sortAfterId: order.after.id };
  order.after.values.forEach((value, i) => (params[`sortAfter${i}`] = value));
  const alternatives: string[] = [];
  for (let i = 0; i <= order.keys.length; i++) {
    const equal = order.keys.slice(0, i).map((_, j) => `${keyVariable(j)} = $sortAfter${j}`);
    const past = i < order.keys.length ? `${keyVariable(i)} ${order.keys[i].descending ? '<' : '>'} $sortAfter${i}` : `${id} > $sortAfterId`;
    alternatives.push(`(${[...equal, past].join(' AND ')})`);
  }
  return { where: alternatives.join(' OR '), params };
}
