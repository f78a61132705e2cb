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

export interface FlowType {
  name: string;
  incoming: boolean;
  /** The publisher-side counterpart reports the same money as this kind of transaction. */
  pair: 'commitment' | 'disbursement';
}

/** TransactionType codes that are flows between organisations; the others are left out. */
export const FLOW_TYPES: Record<string, FlowType> = {
  '1': { name: 'Incoming Funds', incoming: true, pair: 'disbursement' },
  '2': { name: 'Outgoing Commitment', incoming: false, pair: 'commitment' },
  '3': { name: 'Disbursement', incoming: false, pair: 'disbursement' },
  '11': { name: 'Incoming Commitment', incoming: true, pair: 'commitment' },
};

/** ActivityDateType codes. */
export const ACTIVITY_DATE = { plannedStart: '1', actualStart: '2', plannedEnd: '3', actualEnd: '4' } as const;

/** BudgetType codes; a budget without @type is an original one. */
export const BUDGET_TYPE = { original: '1', revised: '2' } as const;

/** DescriptionType code of the general description; a description without @type is one. */
export const GENERAL_DESCRIPTION = '1';
