import { isIncoming, TRANSACTION_TYPE_BY_CODE, TransactionType } from '../../relationships/transaction-type';

/** The IATI codes the reader maps, named so that the mapping reads without the standard at hand. */

export type ActorKindName = 'PUBLIC_AUTHORITY' | 'NGO' | 'INTERNATIONAL_ORGANISATION' | 'PRIVATE_FIRM' | 'OTHER';

/** OrganisationType code -> actor kind. */
const ORG_KIND: Record<string, ActorKindName> = {
  '10': 'PUBLIC_AUTHORITY',
  '11': 'PUBLIC_AUTHORITY',
  '15': 'PUBLIC_AUTHORITY',
  '21': 'NGO',
  '22': 'NGO',
  '23': 'NGO',
  '24': 'NGO',
  '30': 'OTHER',
  '40': 'INTERNATIONAL_ORGANISATION',
  '60': 'OTHER',
  '70': 'PRIVATE_FIRM',
  '71': 'PRIVATE_FIRM',
  '72': 'PRIVATE_FIRM',
  '73': 'PRIVATE_FIRM',
  '80': 'OTHER',
  '90': 'OTHER',
};

export function actorKindOf(orgType: string | undefined): ActorKindName {
  return (orgType && ORG_KIND[orgType]) || 'OTHER';
}

/** OrganisationRole code -> PARTICIPATES_IN role. */
export const PARTICIPATION_ROLES: Record<string, string> = {
  '1': 'funding',
  '2': 'accountable',
  '3': 'extending',
  '4': 'implementing',
};

/**
 * How each IATI TransactionType becomes a FUNDS link (see iati/transactions.ts for the rules).
 * `instrument` is the codelist's own name, kept on the link as before transactionType existed.
 * `pair`: the kind of flow the other side reports with the mirror type (outgoing 3 / incoming 1,
 * outgoing 2 / incoming 11, outgoing 12 / incoming 13), so that both reports are one link.
 * `paidToReporter`: money that comes back to the reporting org (interest, loan repayments, the sale
 * of equity): as for the incoming types, the receiver is the reporting org unless receiver-org
 * says otherwise.
 */
export interface FlowType {
  type: TransactionType;
  instrument: string;
  incoming: boolean;
  pair?: 'commitment' | 'disbursement' | 'pledge';
  paidToReporter: boolean;
}

const FLOW_TYPE_DETAILS: Record<TransactionType, { instrument: string; pair?: FlowType['pair']; paidToReporter?: boolean }> = {
  [TransactionType.INCOMING_FUNDS]: { instrument: 'Incoming Funds', pair: 'disbursement' },
  [TransactionType.OUTGOING_COMMITMENT]: { instrument: 'Outgoing Commitment', pair: 'commitment' },
  [TransactionType.DISBURSEMENT]: { instrument: 'Disbursement', pair: 'disbursement' },
  [TransactionType.EXPENDITURE]: { instrument: 'Expenditure' },
  [TransactionType.INTEREST_PAYMENT]: { instrument: 'Interest Payment', paidToReporter: true },
  [TransactionType.LOAN_REPAYMENT]: { instrument: 'Loan Repayment', paidToReporter: true },
  [TransactionType.REIMBURSEMENT]: { instrument: 'Reimbursement' },
  [TransactionType.PURCHASE_OF_EQUITY]: { instrument: 'Purchase of Equity' },
  [TransactionType.SALE_OF_EQUITY]: { instrument: 'Sale of Equity', paidToReporter: true },
  [TransactionType.CREDIT_GUARANTEE]: { instrument: 'Credit Guarantee' },
  [TransactionType.INCOMING_COMMITMENT]: { instrument: 'Incoming Commitment', pair: 'commitment' },
  [TransactionType.OUTGOING_PLEDGE]: { instrument: 'Outgoing Pledge', pair: 'pledge' },
  [TransactionType.INCOMING_PLEDGE]: { instrument: 'Incoming Pledge', pair: 'pledge' },
};

/** TransactionType code (1-13) -> how it becomes a FUNDS link; every code of the codelist is one. */
export function flowTypeOf(code: string | undefined): FlowType | undefined {
  const type = code === undefined ? undefined : TRANSACTION_TYPE_BY_CODE[code];
  if (!type) return undefined;
  const details = FLOW_TYPE_DETAILS[type];
  return { type, instrument: details.instrument, incoming: isIncoming(type), pair: details.pair, paidToReporter: details.paidToReporter ?? false };
}

/** ActivityDateType codes. */
export const ACTIVITY_DATE = { plannedStart: '1', actualStart: '2', plannedEnd: '3', actualEnd: '4' } as const;

/** BudgetType codes; a budget without @type is an original one. */
export const BUDGET_TYPE = { original: '1', revised: '2' } as const;

/** DescriptionType code of the general description; a description without @type is one. */
export const GENERAL_DESCRIPTION = '1';
