import { FundingStage, stageOf, TransactionType } from '../../relationships/transaction-type';

/** The parameters `countedFlow` reads: which transaction types make the stage, and whether untyped links do. */
export interface StageParams {
  stageTypes: TransactionType[];
  untypedInStage: boolean;
}

export function stageParams(stage: FundingStage): StageParams {
  return {
    stageTypes: Object.values(TransactionType).filter((type) => stageOf(type) === stage),
    untypedInStage: stageOf(null) === stage,
  };
}

/** Cypher: the FUNDS link `r` is of the stage in $stageTypes / $untypedInStage. */
export function inStage(r: string): string {
  return `(${r}.transactionType IN $stageTypes OR (${r}.transactionType IS NULL AND $untypedInStage))`;
}

/**
 * Cypher: the FUNDS link `r` counts in its stage. A flow is often reported twice, by the funder
 * (disbursement, commitment) and by the recipient (incoming funds, incoming commitment), and the
 * two reports need not share an id: a typo or a missing provider-activity-id is enough. So for
 * each pair of organisations and each stage, the funder's own reports win: any other report
 * (the recipient's, a third party's, one entered by hand) counts only when the funder published
 * none of that stage for that pair. Decided when reading, so writes, deletions and merges in any
 * order give the same answer.
 */
export function countedFlow(r: string, endpoints?: { from: string; to: string }): string {
  // Inside a quantified path pattern the endpoints are named; elsewhere they come from the link.
  const bind = endpoints ? '' : `WITH startNode(${r}) AS funder, endNode(${r}) AS recipient `;
  const from = endpoints?.from ?? 'funder';
  const to = endpoints?.to ?? 'recipient';
  const reporter = endpoints ? `${from}.id` : `startNode(${r}).id`;
  return `(${inStage(r)} AND (${r}.reportingOrgId = ${reporter} OR NOT EXISTS {
      ${bind}MATCH (${from})-[own:FUNDS]->(${to})
      WHERE own.reportingOrgId = ${from}.id AND ${inStage('own')}
    }))`;
}
