import { registerEnumType } from 'type-graphql';

/**
 * IATI's TransactionType codelist (https://iatistandard.org/en/iati-standard/203/codelists/transactiontype/),
 * named as GraphQL enum values. A FUNDS link imported from IATI is one reported transaction and
 * carries its type; a link entered by hand may leave it unset.
 */
export enum TransactionType {
  INCOMING_FUNDS = 'INCOMING_FUNDS',
  OUTGOING_COMMITMENT = 'OUTGOING_COMMITMENT',
  DISBURSEMENT = 'DISBURSEMENT',
  EXPENDITURE = 'EXPENDITURE',
  INTEREST_PAYMENT = 'INTEREST_PAYMENT',
  LOAN_REPAYMENT = 'LOAN_REPAYMENT',
  REIMBURSEMENT = 'REIMBURSEMENT',
  PURCHASE_OF_EQUITY = 'PURCHASE_OF_EQUITY',
  SALE_OF_EQUITY = 'SALE_OF_EQUITY',
  CREDIT_GUARANTEE = 'CREDIT_GUARANTEE',
  INCOMING_COMMITMENT = 'INCOMING_COMMITMENT',
  OUTGOING_PLEDGE = 'OUTGOING_PLEDGE',
  INCOMING_PLEDGE = 'INCOMING_PLEDGE',
}

registerEnumType(TransactionType, {
  name: 'TransactionType',
  description: 'The IATI TransactionType codelist: what kind of reported transaction a FUNDS link is',
});

/** IATI code -> name. */
export const TRANSACTION_TYPE_BY_CODE: Readonly<Record<string, TransactionType>> = {
  '1': TransactionType.INCOMING_FUNDS,
  '2': TransactionType.OUTGOING_COMMITMENT,
  '3': TransactionType.DISBURSEMENT,
  '4': TransactionType.EXPENDITURE,
  '5': TransactionType.INTEREST_PAYMENT,
  '6': TransactionType.LOAN_REPAYMENT,
  '7': TransactionType.REIMBURSEMENT,
  '8': TransactionType.PURCHASE_OF_EQUITY,
  '9': TransactionType.SALE_OF_EQUITY,
  '10': TransactionType.CREDIT_GUARANTEE,
  '11': TransactionType.INCOMING_COMMITMENT,
  '12': TransactionType.OUTGOING_PLEDGE,
  '13': TransactionType.INCOMING_PLEDGE,
};

/**
 * The stages money goes through. Amounts of different stages describe the same money at
 * different moments, so no query ever adds two stages together.
 */
export enum FundingStage {
  COMMITTED = 'COMMITTED',
  DISBURSED = 'DISBURSED',
  SPENT = 'SPENT',
}

registerEnumType(FundingStage, {
  name: 'FundingStage',
  description:
    'COMMITTED: outgoing and incoming commitments; DISBURSED: disbursements and incoming funds (and FUNDS links entered without a transaction type); SPENT: expenditure',
});

/**
 * The stage of a FUNDS link. A link entered by hand without a transaction type states money
 * given, as the seed documents do: it counts as DISBURSED. Other transaction types (interest,
 * repayments, equity, guarantees, pledges) are kept and shown, but belong to no stage.
 */
export function stageOf(type: TransactionType | null | undefined): FundingStage | null {
  switch (type) {
    case undefined:
    case null:
    case TransactionType.DISBURSEMENT:
    case TransactionType.INCOMING_FUNDS:
      return FundingStage.DISBURSED;
    case TransactionType.OUTGOING_COMMITMENT:
    case TransactionType.INCOMING_COMMITMENT:
      return FundingStage.COMMITTED;
    case TransactionType.EXPENDITURE:
      return FundingStage.SPENT;
    default:
      return null;
  }
}

/** Reported by the recipient of the money (IATI's incoming types), rather than by whoever gave it. */
export function isIncoming(type: TransactionType | null | undefined): boolean {
  return type === TransactionType.INCOMING_FUNDS || type === TransactionType.INCOMING_COMMITMENT || type === TransactionType.INCOMING_PLEDGE;
}
