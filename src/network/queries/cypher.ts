import { storedMetricExpression } from '../../analysis/node-sort';
import type { Tx } from '../../db/database';
import type { NodeLabel, RelationshipTypeName } from '../../relationships/relationship-kinds';
import type { ResultRecord } from './rows';

/** One Cypher statement and its parameters: what a query module builds and a runner sends. */
export interface Statement {
  cypher: string;
  params: Record<string, unknown>;
}

/** Sends one built statement in the caller's transaction and decodes its records: what a repository does with a query module. */
export async function runStatement<T>(tx: Tx, statement: Statement, decode: (records: readonly ResultRecord[]) => T): Promise<T> {
  const result = await tx.run(statement.cypher, statement.params);
  return decode(result.records);
}

/** The bounds of an asOf date (see asOfParams); both null when no date is given. */
export interface AsOf {
  asOfFirst: string | null;
  asOfLast: string | null;
}

/** A question about one node, at a date: articulation and timeline. */
export interface NodeQuery extends AsOf {
  id: string;
}

/** What a network view shows of a node; the rest of its record stays in the database. */
export const NETWORK_NODE_PROJECTION = (n: string) =>
  `{label: [l IN labels(${n}) WHERE l IN $nodeLabels][0], props: ${n}{.id, .name, .kind, .level, .tags, .attributes}}`;

export const NODE_PROJECTION = (n: string) => `{label: [l IN labels(${n}) WHERE l IN $nodeLabels][0], props: properties(${n})}`;

/**
 * A relationship with only its endpoints' ids, for answers that already carry every endpoint:
 * repeating both nodes' properties on each of 10,000 links triples what the driver decodes.
 */
export const LINK_PROJECTION = (r: string) => `{type: type(${r}), props: properties(${r}), fromId: startNode(${r}).id, toId: endNode(${r}).id}`;

/**
 * Stored link properties that no network view or export shows (network-builder.ts hides them):
 * the audit timestamps, whose DateTime decoding was most of what the driver spent on a map's
 * 5,000 links, and the internal encodings of dates and amounts. The statements that use
 * EDGE_PROJECTION take them as $unreadLinkProperties (EDGE_PROJECTION_PARAMS).
 */
export const UNREAD_LINK_PROPERTIES = ['id', 'createdAt', 'updatedAt', 'startFirst', 'endLast', 'amountValue', 'amountEurValue'];
export const EDGE_PROJECTION_PARAMS = { unreadLinkProperties: UNREAD_LINK_PROPERTIES };

/**
 * A link of a network view or an export, as a list: id, type, the ids of its ends, then its
 * properties' names and their values (rows.ts toEdgeRow). Not a map: neo4j-driver builds every
 * map it decodes with one Object.defineProperty per key, which was the largest single cost of a
 * whole-graph export (15 % of its profile), where lists decode into plain arrays. Reading the
 * bench graph's 195k FUNDS links took 2.6 s of Node CPU this way against 6.9 s as maps.
 */
export const EDGE_PROJECTION = (r: string) =>
  `[${r}.id, type(${r}), startNode(${r}).id, endNode(${r}).id, [key IN keys(${r}) WHERE NOT key IN $unreadLinkProperties], [key IN keys(${r}) WHERE NOT key IN $unreadLinkProperties | ${r}[key]]]`;

export const EDGE_ENDPOINTS_PROJECTION = (r: string) => `[${r}.id, type(${r}), startNode(${r}).id, endNode(${r}).id, [], []]`;

/** Where an amount is stored: the amount, its euro value when known, and its currency. */
export interface StoredAmount {
  value: string;
  eurValue: string;
  currency: string;
}

/** A link's amount properties (relationship rows' money, see common/money.ts). */
export const LINK_AMOUNT: StoredAmount = { value: 'amountValue', eurValue: 'amountEurValue', currency: 'currency' };

/** An initiative's budget properties. */
export const BUDGET_AMOUNT: StoredAmount = { value: 'budgetValue', eurValue: 'budgetEurValue', currency: 'budgetCurrency' };

/** The amount in euros: its stored euro value, or the amount itself when it is in euros; null when neither is known. */
export function euroValue(x: string, stored: StoredAmount = LINK_AMOUNT): string {
  return `coalesce(${x}.${stored.eurValue}, CASE WHEN ${x}.${stored.currency} = 'EUR' THEN ${x}.${stored.value} END)`;
}

/** Index seeks on each label's id constraint, unioned: a node lookup without a label would scan every node. */
export function lookup(variable: string, param: string, labels: readonly NodeLabel[]): string {
  return `CALL () { ${labels.map((label) => `MATCH (${variable}:${label} {id: $${param}}) RETURN ${variable}`).join(' UNION ')} }`;
}

/**
 * Cypher takes no parameters for quantifier bounds, so hop counts are written into the
 * statement; they are checked to be small integers here, whatever the caller validated.
 */
export function bound(value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`hop bound ${value} outside ${min}..${max}`);
  return value;
}

/**
 * Binds `analysis` to the current analysis job, or null: truncations keep the nodes of highest
 * stored PageRank (CENTRALITY) when there is one. It precedes the statement, so every later
 * clause can use it.
 */
export const CURRENT_ANALYSIS = `OPTIONAL MATCH (analysis:AnalysisJob {current: true})
       WITH analysis ORDER BY analysis.finishedAt DESC LIMIT 1`;

/** A node's PageRank in the current analysis, -1 without one (node-sort.ts reads metrics the same way). */
export const CENTRALITY = (n: string) => storedMetricExpression(n, 'rankMetric', '-1.0');

/** Relationship types come from the model's constant lists; the alternation is built only from them. */
export function alternation(types: readonly RelationshipTypeName[]): string {
  if (types.length === 0) throw new RangeError('at least one relationship type is needed');
  return types.join('|');
}
