import { int } from '../../db/database';
import { activeDuring } from '../../db/time';
import { plainRecord } from '../../common/neo4j-values';
import { FLOW_LINK_CAP } from '../network.limits';
import { AsOf, bound, lookup, Statement } from './cypher';
import type { ResultRecord } from './rows';
import { countedFlow, StageParams } from './funding-stage';

export interface FundingFlowQuery extends AsOf, StageParams {
  rootId: string;
  /** Along FUNDS links (from the funder on), or against them (up from the recipient). */
  downstream: boolean;
  maxHops: number;
}

export interface FlowRow {
  source: string;
  sourceName: string;
  target: string;
  targetName: string;
  currency: string | null;
  /** Each link's exact amount (canonical decimal string) and value date, for links that have an amount. */
  amounts: { exact: string; date: string | null }[];
  links: number;
}

export interface FlowRows {
  root: { id: string; name: string };
  flows: FlowRow[];
  truncated: boolean;
}

/**
 * FUNDS links of one stage within maxHops of the root, each reported flow counted once
 * (countedFlow), grouped per (source, target, currency) with each link's exact amount and value
 * date: TypeScript converts and adds them exactly, so that no float is ever summed. The nodes within maxHops - 1 are found with a pruning
 * breadth-first expansion (DISTINCT right after the variable-length pattern), then their links
 * are read.
 */
export function fundingFlowsStatement(q: FundingFlowQuery): Statement {
  const reach = bound(q.maxHops, 1, 6) - 1;
  const walk = q.downstream ? `-[:FUNDS*0..${reach}]->` : `<-[:FUNDS*0..${reach}]-`;
  const link = q.downstream ? '-[r:FUNDS]->' : '<-[r:FUNDS]-';
  return {
    cypher: `${lookup('n', 'id', ['Actor', 'Initiative'])}
       CALL (n) {
         MATCH p = (n)${walk}(u)
         WHERE ALL(x IN relationships(p) WHERE ${activeDuring('x')} AND ${countedFlow('x')})
         WITH DISTINCT u
         MATCH (u)${link}(v)
         WHERE ${activeDuring('r')} AND ${countedFlow('r')}
         WITH r LIMIT $capPlusOne
         RETURN collect(r) AS found
       }
       WITH n, found[..$cap] AS kept, size(found) > $cap AS truncated
       CALL (kept) {
         UNWIND kept AS r
         WITH startNode(r) AS s, endNode(r) AS t, r.currency AS currency,
              collect(CASE WHEN r.amountExact IS NOT NULL THEN {exact: r.amountExact, date: coalesce(r.valueDate, r.startDate)} END) AS amounts, count(r) AS links
         ORDER BY s.id, t.id, currency
         RETURN collect({source: s.id, sourceName: s.name, target: t.id, targetName: t.name, currency: currency, amounts: amounts, links: links}) AS flows
       }
       RETURN n.id AS id, n.name AS name, flows, truncated`,
    params: {
      id: q.rootId,
      cap: int(FLOW_LINK_CAP),
      capPlusOne: int(FLOW_LINK_CAP + 1),
      asOfFirst: q.asOfFirst,
      asOfLast: q.asOfLast,
      stageTypes: q.stageTypes,
      untypedInStage: q.untypedInStage,
    },
  };
}

/** Null when no actor or initiative has the root's id. */
export function decodeFundingFlows(records: readonly ResultRecord[]): FlowRows | null {
  const record = records[0];
  if (!record) return null;
  return {
    root: { id: String(record.get('id')), name: String(record.get('name')) },
    flows: (record.get('flows') as unknown[]).map((value) => {
      const raw = plainRecord(value);
      return {
        source: String(raw.source),
        sourceName: String(raw.sourceName),
        target: String(raw.target),
        targetName: String(raw.targetName),
        currency: raw.currency == null ? null : String(raw.currency),
        amounts: (raw.amounts as unknown[]).map((amount) => {
          const { exact, date } = plainRecord(amount);
          return { exact: String(exact), date: date == null ? null : String(date) };
        }),
        links: Number(raw.links),
      };
    }),
    truncated: record.get('truncated') === true,
  };
}
