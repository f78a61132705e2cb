import { int } from '../../db/database';
import { activeDuring } from '../../db/time';
import { NODE_LABELS } from '../../relationships/relationship-kinds';
import { RELATIONSHIP_ENDPOINT_IDS_PROJECTION, RELATIONSHIP_PROJECTION, RelationshipRow } from '../../relationships/relationship.repository';
import { FUNDING_PATH_CAP } from '../network.limits';
import { AsOf, bound, euroValue, lookup, Statement } from './cypher';
import { countedFlow, StageParams } from './funding-stage';
import { relRows, ResultRecord } from './rows';

export interface FundingChainQuery extends AsOf, StageParams {
  from: string | null;
  to: string | null;
  maxHops: number;
  /** Every step's amount at least this (amountValue, a float kept for range filters); null for no bound. */
  minAmount: number | null;
  currency: string | null;
  first: number;
  /** False when no step's `from` or `to` is read: the steps then carry only their endpoints' ids. */
  withEndpoints?: boolean;
}

/**
 * Chains of organisations linked by FUNDS of one stage: simple paths (no node twice, so cycles
 * end), shortest first, found along the links that count (each reported flow once, see
 * countedFlow). A chain is one path of nodes, whatever the number of transactions between two of
 * them: each leg carries every counted link of its hop. The step filters sit inside the
 * quantified pattern so that the expansion prunes on them instead of filtering whole paths.
 */
export function fundingChainsStatement(q: FundingChainQuery): Statement {
  const hops = bound(q.maxHops, 1, 6);
  const step = (r: string, from: string, to: string) => `${activeDuring(r)}
      AND ${countedFlow(r, { from, to })}
      AND ($currency IS NULL OR ${r}.currency IS NULL OR ${r}.currency = $currency)
      AND ($minAmount IS NULL OR coalesce(CASE WHEN $currency IS NULL
            THEN ${euroValue(r)}
            ELSE ${r}.amountValue END, -1) >= $minAmount)`;
  const start = q.from ? 'MATCH (a:Actor {id: $from})' : '';
  const end = q.to ? lookup('b', 'to', ['Actor', 'Initiative']) : '';
  const projection = (q.withEndpoints ?? true) ? RELATIONSHIP_PROJECTION('r') : RELATIONSHIP_ENDPOINT_IDS_PROJECTION('r');
  return {
    cypher: `${start}
       ${end}
       MATCH p = (a${q.from ? '' : ':Actor'}) ((s)-[r:FUNDS WHERE ${step('r', 's', 't')}]->(t)){1,${hops}} (b)
       WHERE ALL(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
       WITH p LIMIT $cap
       WITH DISTINCT nodes(p) AS path
       WITH path ORDER BY size(path), [n IN path | n.id] LIMIT $first
       CALL (path) {
         UNWIND range(0, size(path) - 2) AS leg
         WITH leg, path[leg] AS x, path[leg + 1] AS y
         MATCH (x)-[r:FUNDS]->(y)
         WHERE ${step('r', 'x', 'y')}
         WITH leg, r ORDER BY leg, r.id
         WITH leg, collect(${projection}) AS links ORDER BY leg
         RETURN collect(links) AS legs
       }
       RETURN legs`,
    params: {
      from: q.from,
      to: q.to,
      currency: q.currency,
      minAmount: q.minAmount,
      first: int(q.first),
      cap: int(FUNDING_PATH_CAP),
      asOfFirst: q.asOfFirst,
      asOfLast: q.asOfLast,
      stageTypes: q.stageTypes,
      untypedInStage: q.untypedInStage,
      nodeLabels: NODE_LABELS,
    },
  };
}

/** One chain per record: for each leg, in path order, the counted links of that hop. */
export function decodeFundingChains(records: readonly ResultRecord[]): RelationshipRow[][][] {
  return records.map((record) => (record.get('legs') as unknown[]).map((links) => relRows(links)));
}
