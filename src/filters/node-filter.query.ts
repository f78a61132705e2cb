import type { ActorFilter } from '../actors/actor.input';
import type { InitiativeFilter } from '../initiatives/initiative.input';
import { keysForText } from '../actors/identifiers';
import { BadInputError } from '../common/errors';
import { parsePartialDate } from '../common/partial-date';
import { NODE_LABELS, RELATIONSHIP_TYPES } from '../relationships/relationship-kinds';
import { euroValue, BUDGET_AMOUNT, LINK_AMOUNT, lookup, type StoredAmount } from '../network/queries/cypher';
import { Direction } from '../relationships/relationship.type';
import { AmountBounds, DateRange, FILTER_LIMITS, PeriodAndAmountBounds } from './bounds.input';
import type { LinkFilter, RelationshipFilter } from './filter.input';

export type FilteredLabel = 'Actor' | 'Initiative';

/** A filter as Cypher: conjuncts over the node variable, each a constant fragment; every value is in `params`. */
export interface CompiledFilter {
  where: string[];
  params: Record<string, unknown>;
  /**
   * Where to find the candidates when the filter's own top-level hasLink names its other end: a
   * constant fragment that binds `n` from that end's side (NodePageQuery.from). Checking the
   * link from each of 100k actors read 11.4M db hits for "funds an initiative in territory X";
   * starting from the initiatives, 0.9M (bench/results/notes.md, G3 filters).
   */
  start?: string;
}

/**
 * The full-text lookups a filter needs, done before it is compiled (full-text search is a
 * procedure call, which no predicate can hold): the ids matching each label and text.
 */
export interface TextMatches {
  idsOf(label: FilteredLabel, text: string): readonly string[];
}

export interface TextLookup {
  label: FilteredLabel;
  text: string;
}

/** Where the stored amount of a link or a budget is, for amount ranges. */
const AMOUNT_PROPERTIES = {
  link: LINK_AMOUNT,
  budget: BUDGET_AMOUNT,
} as const;

/** Every full-text lookup in the filter, nested ones included, for TextMatches. */
export function textLookups(label: FilteredLabel, filter: ActorFilter | InitiativeFilter | undefined | null): TextLookup[] {
  if (!filter) return [];
  const found: TextLookup[] = filter.text ? [{ label, text: filter.text }] : [];
  for (const branch of [...(filter.AND ?? []), ...(filter.OR ?? []), ...(filter.NOT ? [filter.NOT] : [])]) found.push(...textLookups(label, branch));
  if (filter.hasLink?.actor) found.push(...textLookups('Actor', filter.hasLink.actor));
  if (filter.hasLink?.initiative) found.push(...textLookups('Initiative', filter.hasLink.initiative));
  return found;
}

export function compileActorFilter(filter: ActorFilter | undefined | null, texts: TextMatches): CompiledFilter {
  const compiler = new FilterCompiler(texts);
  const where = filter ? compiler.actor(filter, 'n', 0) : [];
  const start = filter ? compiler.start(filter, 'Actor') : undefined;
  return { where, params: compiler.params, ...(start ? { start } : {}) };
}

export function compileInitiativeFilter(filter: InitiativeFilter | undefined | null, texts: TextMatches): CompiledFilter {
  const compiler = new FilterCompiler(texts);
  const where = filter ? compiler.initiative(filter, 'n', 0) : [];
  const start = filter ? compiler.start(filter, 'Initiative') : undefined;
  return { where, params: compiler.params, ...(start ? { start } : {}) };
}

/** Conditions on relationship `r` itself, for a node's `relationships(filter:)`; no full-text lookup. */
export function compileRelationshipFilter(filter: RelationshipFilter | undefined | null, r = 'r'): CompiledFilter {
  const compiler = new FilterCompiler({ idsOf: () => [] });
  return { where: filter ? compiler.relationship(filter, r, 0) : [], params: compiler.params };
}

const all = (conjuncts: readonly string[]) => (conjuncts.length ? `(${conjuncts.join(' AND ')})` : 'true');

/**
 * Compiles ActorFilter and InitiativeFilter trees into predicates, the way @neo4j/graphql
 * compiles its `where`: fields of one filter are ANDed, AND/OR/NOT nest, and hasLink becomes an
 * EXISTS subquery over the other end, whose own filter compiles recursively. NOT keeps exactly
 * what its filter leaves out, nodes without the compared property included. Variables and
 * parameters are numbered in the order the tree is walked, so one filter always gives the same
 * statement (the snapshot tests rely on it) and the plan cache sees one text per filter shape.
 */
class FilterCompiler {
  readonly params: Record<string, unknown> = {};
  private parameterCount = 0;
  private variableCount = 0;

  constructor(private readonly texts: TextMatches) {}

  actor(filter: ActorFilter, n: string, depth: number): string[] {
    this.checkDepth(depth);
    const where: string[] = [];
    if (filter.kind?.length) where.push(`${n}.kind IN ${this.param(filter.kind)}`);
    if (filter.sse !== undefined && filter.sse !== null) where.push(`coalesce(${n}.sse, false) = ${this.param(filter.sse)}`);
    if (filter.scale?.length) where.push(`${n}.scale IN ${this.param(filter.scale)}`);
    if (filter.countryCode) where.push(`${n}.countryCode = ${this.param(filter.countryCode.toUpperCase())}`);
    if (filter.territoryId) where.push(this.actsIn(n, filter.territoryId));
    if (filter.text) where.push(`${n}.id IN ${this.param(this.texts.idsOf('Actor', filter.text))}`);
    if (filter.identifier) {
      const i = this.variable('i');
      where.push(`EXISTS { MATCH (${n})-[:IDENTIFIED_BY]->(${i}:Identifier) WHERE ${i}.key IN ${this.param(keysForText(filter.identifier))} }`);
    }
    if (filter.hasLink) where.push(this.link(filter.hasLink, n, depth + 1));
    where.push(...this.logic(filter, (branch) => this.actor(branch, n, depth + 1)));
    return where;
  }

  initiative(filter: InitiativeFilter, n: string, depth: number): string[] {
    this.checkDepth(depth);
    const where: string[] = [];
    if (filter.kind?.length) where.push(`${n}.kind IN ${this.param(filter.kind)}`);
    if (filter.territoryId) where.push(this.actsIn(n, filter.territoryId));
    if (filter.text) where.push(`${n}.id IN ${this.param(this.texts.idsOf('Initiative', filter.text))}`);
    where.push(...this.dates(n, 'startFirst', filter.startDate), ...this.dates(n, 'endLast', filter.endDate));
    where.push(...this.amounts(n, AMOUNT_PROPERTIES.budget, filter));
    if (filter.hasLink) where.push(this.link(filter.hasLink, n, depth + 1));
    where.push(...this.logic(filter, (branch) => this.initiative(branch, n, depth + 1)));
    return where;
  }

  relationship(filter: RelationshipFilter, r: string, depth: number): string[] {
    this.checkDepth(depth);
    return [...this.linkFacts(r, filter), ...this.logic(filter, (branch) => this.relationship(branch, r, depth + 1))];
  }

  /** The first hasLink that must hold for the whole filter (its own, or an AND branch's) and can start the search. */
  start(filter: ActorFilter | InitiativeFilter, label: FilteredLabel): string | undefined {
    const fromOwn = filter.hasLink ? this.startFromOtherEnd(filter.hasLink, label) : undefined;
    if (fromOwn) return fromOwn;
    for (const branch of filter.AND ?? []) {
      const fromBranch = this.start(branch, label);
      if (fromBranch) return fromBranch;
    }
    return undefined;
  }

  /**
   * The nodes `n` of `label` that have the link, found from its other end, when that end is
   * constrained; undefined when it is not (every node of that label would then be read anyway).
   * The filter's EXISTS on the same link stays in `where` and only confirms.
   */
  private startFromOtherEnd(filter: LinkFilter, label: FilteredLabel): string | undefined {
    const otherLabel = filter.actor ? 'Actor' : filter.initiative ? 'Initiative' : filter.territoryId ? 'Territory' : null;
    if (!otherLabel && !filter.otherId) return undefined;
    const r = this.variable('r');
    const m = this.variable('m');
    const where = [...this.linkFacts(r, filter), ...this.otherEnd(filter, m, 1)];
    let first: string;
    if (filter.otherId) {
      // By id, through each label's id constraint: a lookup without a label would scan every node.
      first = lookup(m, this.paramName(filter.otherId), otherLabel ? [otherLabel] : NODE_LABELS);
    } else {
      first = `MATCH (${m}:${otherLabel})`;
    }
    const [left, right] = filter.direction === Direction.OUT ? ['<-', '-'] : filter.direction === Direction.IN ? ['-', '->'] : ['-', '-'];
    return `CALL () { ${first} MATCH (${m})${left}[${r}:${this.checkedType(filter.type)}]${right}(n:${label})${where.length ? ` WHERE ${where.join(' AND ')}` : ''} RETURN DISTINCT n } WITH n`;
  }

  private link(filter: LinkFilter, n: string, depth: number): string {
    this.checkDepth(depth);
    const ends = [filter.actor, filter.initiative, filter.territoryId].filter((end) => end !== undefined && end !== null);
    if (ends.length > 1) throw new BadInputError('filter.hasLink', 'give at most one of actor, initiative and territoryId');
    const r = this.variable('r');
    const m = this.variable('m');
    const label = filter.actor ? ':Actor' : filter.initiative ? ':Initiative' : filter.territoryId ? ':Territory' : '';
    const [left, right] = filter.direction === Direction.OUT ? ['-', '->'] : filter.direction === Direction.IN ? ['<-', '-'] : ['-', '-'];
    const where = this.linkFacts(r, filter);
    if (filter.otherId) where.push(`${m}.id = ${this.param(filter.otherId)}`);
    where.push(...this.otherEnd(filter, m, depth + 1));
    return `EXISTS { MATCH (${n})${left}[${r}:${this.checkedType(filter.type)}]${right}(${m}${label})${where.length ? ` WHERE ${where.join(' AND ')}` : ''} }`;
  }

  /** What the link's other end `m` must be: an actor or an initiative matching a filter, or a territory inside another. */
  private otherEnd(filter: LinkFilter, m: string, depth: number): string[] {
    if (filter.actor) return this.actor(filter.actor, m, depth);
    if (filter.initiative) return this.initiative(filter.initiative, m, depth);
    if (filter.territoryId) return [`EXISTS { MATCH (${m})-[:PART_OF*0..10]->(:Territory {id: ${this.param(filter.territoryId)}}) }`];
    return [];
  }

  private linkFacts(r: string, facts: PeriodAndAmountBounds): string[] {
    return [...this.dates(r, 'startFirst', facts.startDate), ...this.dates(r, 'endLast', facts.endDate), ...this.amounts(r, AMOUNT_PROPERTIES.link, facts)];
  }

  private logic<F extends { AND?: F[]; OR?: F[]; NOT?: F }>(filter: F, compile: (branch: F) => string[]): string[] {
    const where: string[] = [];
    for (const branch of filter.AND ?? []) where.push(all(compile(branch)));
    if (filter.OR?.length) where.push(`(${filter.OR.map((branch) => all(compile(branch))).join(' OR ')})`);
    // Cypher's NOT of null is null, which would drop a node that lacks the property from both X and NOT X.
    if (filter.NOT) where.push(`NOT coalesce(${all(compile(filter.NOT))}, false)`);
    return where;
  }

  /** In the territory or any territory inside it, as the lists' territoryId has always meant. */
  private actsIn(n: string, territoryId: string): string {
    return `EXISTS { MATCH (${n})-[:ACTS_IN]->(:Territory)-[:PART_OF*0..10]->(:Territory {id: ${this.param(territoryId)}}) }`;
  }

  /** Partial dates are stored with the first day of a start and the last day of an end (partial-date.ts); a bound is the period it names. */
  private dates(x: string, property: 'startFirst' | 'endLast', range: DateRange | undefined): string[] {
    const where: string[] = [];
    if (range?.from) where.push(`${x}.${property} >= ${this.param(parsePartialDate(range.from)?.first ?? range.from)}`);
    if (range?.to) where.push(`${x}.${property} <= ${this.param(parsePartialDate(range.to)?.last ?? range.to)}`);
    return where;
  }

  private amounts(x: string, stored: StoredAmount, bounds: AmountBounds): string[] {
    const hasGte = bounds.amountGte !== undefined && bounds.amountGte !== null;
    const hasLte = bounds.amountLte !== undefined && bounds.amountLte !== null;
    if (!bounds.currency && !hasGte && !hasLte) return [];
    if (bounds.currency && !hasGte && !hasLte) return [`${x}.${stored.currency} = ${this.param(bounds.currency)}`];
    const amount = bounds.currency
      ? `CASE WHEN ${x}.${stored.currency} = ${this.param(bounds.currency)} THEN ${x}.${stored.value} END`
      : euroValue(x, stored);
    const where: string[] = [];
    if (hasGte) where.push(`${amount} >= ${this.param(bounds.amountGte)}`);
    if (hasLte) where.push(`${amount} <= ${this.param(bounds.amountLte)}`);
    return where;
  }

  /** A relationship type cannot be a parameter: it is checked against the model's own list before it is written in. */
  private checkedType(type: string): string {
    if (!(RELATIONSHIP_TYPES as readonly string[]).includes(type)) throw new BadInputError('filter.hasLink.type', `unknown relationship type "${type}"`);
    return type;
  }

  private checkDepth(depth: number): void {
    if (depth > FILTER_LIMITS.depth) throw new BadInputError('filter', `nests AND, OR, NOT and hasLink more than ${FILTER_LIMITS.depth} deep`);
  }

  private param(value: unknown): string {
    return `$${this.paramName(value)}`;
  }

  private paramName(value: unknown): string {
    const name = `filter${this.parameterCount++}`;
    this.params[name] = value;
    return name;
  }

  private variable(prefix: string): string {
    return `${prefix}${this.variableCount++}`;
  }
}
