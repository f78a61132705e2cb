import { ActorKind } from '../../actors/actor.type';
import { InitiativeKind } from '../../initiatives/initiative.type';
import { TerritoryLevel } from '../../territories/territory.type';
import { NODE_LABELS, NodeLabel, RELATIONSHIP_TYPES, RelationshipTypeName } from '../../relationships/relationship-kinds';

/**
 * How the free-text types of Kumu, Gephi and GraphML files become this model's labels, kinds and
 * relationship types. Types are matched case-, accent- and punctuation-insensitively
 * ("Organisation", "organization", "ORGANIZATION " are one). Users extend or override the table
 * with a small JSON file (`--map types.json`):
 *
 *   { "elements": { "Interviewee": { "label": "Actor", "kind": "PERSON" },
 *                   "Phenomenon": { "label": "Initiative", "kind": "WORK_AXIS" } },
 *     "connections": { "Employee/Founder": "LEADS", "Knows": "RELATED_TO" } }
 */

export interface ElementMapping {
  label: NodeLabel;
  /** The actor or initiative kind, or the territory level. */
  kind: string;
}

export interface TypeMapping {
  elements: ReadonlyMap<string, ElementMapping>;
  connections: ReadonlyMap<string, RelationshipTypeName>;
}

/** What a node label defaults to when a file says only "Actor", "Initiative" or "Territory" (this API's own exports). */
export const DEFAULT_KIND: Record<NodeLabel, string> = {
  Actor: ActorKind.OTHER,
  Initiative: InitiativeKind.PROJECT,
  Territory: TerritoryLevel.LOCALITY,
};

export const KINDS: Record<NodeLabel, readonly string[]> = {
  Actor: Object.values(ActorKind),
  Initiative: Object.values(InitiativeKind),
  Territory: Object.values(TerritoryLevel),
};

const actor = (kind: ActorKind): ElementMapping => ({ label: 'Actor', kind });
const initiative = (kind: InitiativeKind): ElementMapping => ({ label: 'Initiative', kind });
const territory = (kind: TerritoryLevel): ElementMapping => ({ label: 'Territory', kind });

/** The documented defaults (README, "Bring your own data"); English as Kumu's templates write them, and French. */
export const DEFAULT_ELEMENT_TYPES: Readonly<Record<string, ElementMapping>> = {
  Organization: actor(ActorKind.OTHER),
  Organisation: actor(ActorKind.OTHER),
  Company: actor(ActorKind.PRIVATE_FIRM),
  Business: actor(ActorKind.PRIVATE_FIRM),
  Firm: actor(ActorKind.PRIVATE_FIRM),
  Entreprise: actor(ActorKind.PRIVATE_FIRM),
  Person: actor(ActorKind.PERSON),
  People: actor(ActorKind.PERSON),
  Individual: actor(ActorKind.PERSON),
  Personne: actor(ActorKind.PERSON),
  NGO: actor(ActorKind.NGO),
  ONG: actor(ActorKind.NGO),
  Nonprofit: actor(ActorKind.NGO),
  Association: actor(ActorKind.ASSOCIATION),
  Cooperative: actor(ActorKind.COOPERATIVE),
  Coopérative: actor(ActorKind.COOPERATIVE),
  Government: actor(ActorKind.PUBLIC_AUTHORITY),
  'Government Agency': actor(ActorKind.PUBLIC_AUTHORITY),
  'Public Authority': actor(ActorKind.PUBLIC_AUTHORITY),
  Municipality: actor(ActorKind.PUBLIC_AUTHORITY),
  Collectivité: actor(ActorKind.PUBLIC_AUTHORITY),
  Funder: actor(ActorKind.DEVELOPMENT_AGENCY),
  Donor: actor(ActorKind.DEVELOPMENT_AGENCY),
  Bailleur: actor(ActorKind.DEVELOPMENT_AGENCY),
  'Development Agency': actor(ActorKind.DEVELOPMENT_AGENCY),
  'International Organization': actor(ActorKind.INTERNATIONAL_ORGANISATION),
  'International Organisation': actor(ActorKind.INTERNATIONAL_ORGANISATION),
  Bank: actor(ActorKind.FINANCIAL_ENTITY),
  Investor: actor(ActorKind.FINANCIAL_ENTITY),
  'ESS Network': actor(ActorKind.ESS_NETWORK),
  'Réseau ESS': actor(ActorKind.ESS_NETWORK),
  Project: initiative(InitiativeKind.PROJECT),
  Projet: initiative(InitiativeKind.PROJECT),
  Program: initiative(InitiativeKind.PROGRAMME),
  Programme: initiative(InitiativeKind.PROGRAMME),
  Platform: initiative(InitiativeKind.PLATFORM),
  Plateforme: initiative(InitiativeKind.PLATFORM),
  Event: initiative(InitiativeKind.EVENT),
  Événement: initiative(InitiativeKind.EVENT),
  Plan: initiative(InitiativeKind.ACTION_PLAN),
  'Action Plan': initiative(InitiativeKind.ACTION_PLAN),
  Country: territory(TerritoryLevel.COUNTRY),
  Pays: territory(TerritoryLevel.COUNTRY),
  Region: territory(TerritoryLevel.REGION),
  Région: territory(TerritoryLevel.REGION),
  City: territory(TerritoryLevel.MUNICIPALITY),
  Town: territory(TerritoryLevel.MUNICIPALITY),
  Commune: territory(TerritoryLevel.MUNICIPALITY),
  Place: territory(TerritoryLevel.LOCALITY),
  Location: territory(TerritoryLevel.LOCALITY),
  Territory: territory(TerritoryLevel.LOCALITY),
};

/** Connection types; every relationship type also maps to itself by name ("Partners with", "PARTNERS_WITH"). */
export const DEFAULT_CONNECTION_TYPES: Readonly<Record<string, RelationshipTypeName>> = {
  Partnership: 'PARTNERS_WITH',
  Partner: 'PARTNERS_WITH',
  Partners: 'PARTNERS_WITH',
  Collaboration: 'PARTNERS_WITH',
  'Collaborates with': 'PARTNERS_WITH',
  Partenariat: 'PARTNERS_WITH',
  Partenaire: 'PARTNERS_WITH',
  Funding: 'FUNDS',
  Grant: 'FUNDS',
  Funds: 'FUNDS',
  Financing: 'FUNDS',
  Investment: 'FUNDS',
  Investor: 'FUNDS',
  Financement: 'FUNDS',
  Subvention: 'FUNDS',
  Membership: 'MEMBER_OF',
  Member: 'MEMBER_OF',
  'Member of': 'MEMBER_OF',
  Membre: 'MEMBER_OF',
  Support: 'SUPPORTS',
  Supports: 'SUPPORTS',
  Soutien: 'SUPPORTS',
  Leads: 'LEADS',
  Lead: 'LEADS',
  Pilote: 'LEADS',
  Participation: 'PARTICIPATES_IN',
  Participant: 'PARTICIPATES_IN',
  Coordination: 'COORDINATES',
  'Part of': 'PART_OF',
  'Is part of': 'PART_OF',
  Successor: 'SUCCEEDED_BY',
};

/** "Coopérative", "cooperative" and "COOPERATIVE " are one type; so are "Part of", "part_of", "PART-OF" and "Employee / Founder", "employee/founder". */
export function typeKey(type: string): string {
  return type
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function defaultElements(): Map<string, ElementMapping> {
  const map = new Map<string, ElementMapping>();
  for (const label of NODE_LABELS) map.set(typeKey(label), { label, kind: DEFAULT_KIND[label] });
  for (const [type, mapping] of Object.entries(DEFAULT_ELEMENT_TYPES)) map.set(typeKey(type), mapping);
  // A kind's own name is a type too: this API's CSV export writes kinds such as NGO as Kumu types.
  for (const label of NODE_LABELS) for (const kind of KINDS[label]) if (!map.has(typeKey(kind))) map.set(typeKey(kind), { label, kind });
  return map;
}

function defaultConnections(): Map<string, RelationshipTypeName> {
  const map = new Map<string, RelationshipTypeName>();
  for (const type of RELATIONSHIP_TYPES) map.set(typeKey(type), type);
  for (const [name, type] of Object.entries(DEFAULT_CONNECTION_TYPES)) map.set(typeKey(name), type);
  return map;
}

export function defaultTypeMapping(): TypeMapping {
  return { elements: defaultElements(), connections: defaultConnections() };
}

/** A mapping file that cannot be used; the message names the entry and says why. */
export class TypeMappingError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'TypeMappingError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function elementEntry(type: string, value: unknown): ElementMapping {
  const field = `elements.${type}`;
  if (!isObject(value)) throw new TypeMappingError(field, 'must be an object such as { "label": "Actor", "kind": "PERSON" }');
  const label = value.label;
  if (typeof label !== 'string' || !(NODE_LABELS as readonly string[]).includes(label)) {
    throw new TypeMappingError(`${field}.label`, `must be one of ${NODE_LABELS.join(', ')}`);
  }
  const nodeLabel = label as NodeLabel;
  const kind = value.kind ?? DEFAULT_KIND[nodeLabel];
  if (typeof kind !== 'string' || !KINDS[nodeLabel].includes(kind)) {
    throw new TypeMappingError(`${field}.kind`, `must be one of ${KINDS[nodeLabel].join(', ')} for ${nodeLabel}`);
  }
  const unknown = Object.keys(value).filter((key) => key !== 'label' && key !== 'kind');
  if (unknown.length) throw new TypeMappingError(field, `has unknown key(s) ${unknown.join(', ')}; only label and kind`);
  return { label: nodeLabel, kind };
}

function connectionEntry(type: string, value: unknown): RelationshipTypeName {
  if (typeof value !== 'string' || !(RELATIONSHIP_TYPES as readonly string[]).includes(value)) {
    throw new TypeMappingError(`connections.${type}`, `must be one of ${RELATIONSHIP_TYPES.join(', ')}`);
  }
  return value as RelationshipTypeName;
}

/** The defaults with a user's table laid over them (its entries win). */
export function parseTypeMapping(document: unknown): TypeMapping {
  if (!isObject(document)) throw new TypeMappingError('(file)', 'must hold an object with "elements" and/or "connections"');
  const unknown = Object.keys(document).filter((key) => key !== 'elements' && key !== 'connections');
  if (unknown.length) throw new TypeMappingError('(file)', `has unknown key(s) ${unknown.join(', ')}; only elements and connections`);
  const mapping = defaultTypeMapping();
  const elements = new Map(mapping.elements);
  const connections = new Map(mapping.connections);
  for (const [key, section] of [['elements', document.elements], ['connections', document.connections]] as const) {
    if (section !== undefined && !isObject(section)) throw new TypeMappingError(key, 'must be an object from a type to its mapping');
  }
  for (const [type, value] of Object.entries((document.elements ?? {}) as Record<string, unknown>)) elements.set(typeKey(type), elementEntry(type, value));
  for (const [type, value] of Object.entries((document.connections ?? {}) as Record<string, unknown>)) {
    connections.set(typeKey(type), connectionEntry(type, value));
  }
  return { elements, connections };
}
