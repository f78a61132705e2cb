import { activeDuring } from '../db/time';
import { NODE_LABELS } from '../relationships/relationship-kinds';
import type { TransactionType } from '../relationships/transaction-type';
import { AsOf, lookup, NODE_PROJECTION, Statement } from '../network/queries/cypher';
import { countedFlow, StageParams } from '../network/queries/funding-stage';
import { toLabelledNodeRow, type LabelledNodeRow, type ResultRecord } from '../network/queries';

export interface FundingTotalsQuery extends AsOf, StageParams {
  fromId: string | null;
  toId: string | null;
  /** Read the parties' records (grouping by funder or recipient). */
  withParties: boolean;
  /** Work out each flow's recipient country (grouping by country). */
  withCountry: boolean;
}

/** One counted FUNDS link with an amount, as the totals need it. */
export interface FlowAmountRow {
  funderId: string;
  recipientId: string;
  funder: LabelledNodeRow | null;
  recipient: LabelledNodeRow | null;
  exact: string;
  currency: string;
  date: string | null;
  transactionType: TransactionType | null;
  country: string | null;
}

/**
 * Every counted FUNDS link of the stage between the given parties, with its amount: the sums are
 * made in TypeScript, where each amount is converted at its own date and added exactly.
 */
export function fundingTotalsStatement(q: FundingTotalsQuery): Statement {
  const start = q.fromId ? 'MATCH (a:Actor {id: $fromId})' : '';
  const end = q.toId ? lookup('b', 'toId', ['Actor', 'Initiative']) : '';
  const country = q.withCountry
    ? `coalesce(r.recipientCountry, b.countryCode, COLLECT {
         MATCH (b)-[:ACTS_IN]->(:Territory)-[:PART_OF*0..6]->(c:Territory {level: 'COUNTRY'})
         RETURN c.code ORDER BY c.code LIMIT 1
       }[0])`
    : 'null';
  return {
    cypher: `${start}
       ${end}
       MATCH (a:Actor)-[r:FUNDS]->(b)
       WHERE r.amountExact IS NOT NULL AND ${activeDuring('r')} AND ${countedFlow('r')}
       RETURN a.id AS funderId, b.id AS recipientId,
              ${q.withParties ? `${NODE_PROJECTION('a')} AS funder, ${NODE_PROJECTION('b')} AS recipient` : 'null AS funder, null AS recipient'},
              r.amountExact AS exact, r.currency AS currency, coalesce(r.valueDate, r.startDate) AS date,
              r.transactionType AS transactionType, ${country} AS country`,
    params: {
      fromId: q.fromId,
      toId: q.toId,
      stageTypes: q.stageTypes,
      untypedInStage: q.untypedInStage,
      asOfFirst: q.asOfFirst,
      asOfLast: q.asOfLast,
      nodeLabels: NODE_LABELS,
    },
  };
}

export function decodeFundingTotals(records: readonly ResultRecord[]): FlowAmountRow[] {
  return records.map((record) => ({
    funderId: String(record.get('funderId')),
    recipientId: String(record.get('recipientId')),
    funder: record.get('funder') == null ? null : toLabelledNodeRow(record.get('funder')),
    recipient: record.get('recipient') == null ? null : toLabelledNodeRow(record.get('recipient')),
    exact: String(record.get('exact')),
    currency: String(record.get('currency')),
    date: record.get('date') == null ? null : String(record.get('date')),
    transactionType: (record.get('transactionType') as TransactionType | null) ?? null,
    country: record.get('country') == null ? null : String(record.get('country')),
  }));
}
