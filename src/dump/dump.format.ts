import { SECTION_ORDER, Section } from '../import/import.document';

/**
 * The layout of a dump (`npm run dump`): one JSON document in the import format, plus what a
 * restore needs to be exact, written one record per line so that it can be written and read back
 * a line at a time, whatever its size:
 *
 *     {"format":"governance-graph-dump","version":1,
 *     "sources":[
 *     {"id":"doc-1",…,"createdAt":"2024-05-01T09:00:00.123Z","updatedAt":"…"},
 *     {"id":"doc-2",…}
 *     ],
 *     "territories":[
 *     ],
 *     …
 *     "auditEntries":[
 *     {"id":"0b1c…","targetId":"undp","operation":"import",…}
 *     ]}
 *
 * - The five sections of the import format hold rows shaped like the GraphQL inputs, as `npm run
 *   import` reads them, each with the `createdAt` and `updatedAt` it had (Neo4j's own text of the
 *   datetime). Actors carry their identifiers; territories carry no `parentId`: their PART_OF
 *   links are rows of `relationships`, like every other link, with their own ids and times.
 * - `mergeProposals`, `maps` (G6's saved maps) and `auditEntries` are the stored nodes, property
 *   for property (VERBATIM_SECTIONS says which properties and of what type); a restore writes them
 *   as they are.
 *
 * Everything is in a stable order: records by id (links by type, in RELATIONSHIP_TYPES order, then
 * id), keys as inKeyOrder puts them. The same graph gives the same bytes.
 */

export const DUMP_FORMAT = 'governance-graph-dump';
export const DUMP_VERSION = 1;
/** The first line of every dump: what tells a dump from any other JSON file. */
export const DUMP_HEADER = `{"format":"${DUMP_FORMAT}","version":${DUMP_VERSION},`;
/** A file whose first line starts so is a dump, of this version or another. */
export const DUMP_SIGNATURE = `{"format":"${DUMP_FORMAT}"`;

export type VerbatimSection = 'mergeProposals' | 'maps' | 'auditEntries';
export type DumpSection = Section | VerbatimSection;

export const ROW_SECTIONS: readonly Section[] = SECTION_ORDER;
export const VERBATIM_SECTION_ORDER: readonly VerbatimSection[] = ['mergeProposals', 'maps', 'auditEntries'];
export const DUMP_SECTIONS: readonly DumpSection[] = [...ROW_SECTIONS, ...VERBATIM_SECTION_ORDER];

/** The bookkeeping times every record has, restored as stored (an import would set them to now). */
export const STAMP_KEYS = ['createdAt', 'updatedAt'] as const;
export type StampKey = (typeof STAMP_KEYS)[number];

/** The Cypher types a verbatim property may have, and how each is written in JSON. */
export type VerbatimType = 'string' | 'float' | 'integer' | 'boolean' | 'datetime' | 'string[]';

export type VerbatimLabel = 'MergeProposal' | 'Map' | 'AuditEntry';

export interface VerbatimSpec {
  label: VerbatimLabel;
  /** Every property the nodes may have, with its type; a property outside this list stops the dump. */
  properties: Record<string, VerbatimType>;
  /** The properties every node has. */
  required: readonly string[];
}

/** What AuditRepository.record, MergeRepository and MapRepository store, property for property. */
export const VERBATIM_SECTIONS: Record<VerbatimSection, VerbatimSpec> = {
  mergeProposals: {
    label: 'MergeProposal',
    properties: {
      id: 'string',
      keepId: 'string',
      mergeId: 'string',
      state: 'string',
      score: 'float',
      reasons: 'string[]',
      note: 'string',
      proposedBy: 'string',
      proposedAt: 'datetime',
      decidedBy: 'string',
      decidedAt: 'datetime',
      decisionNote: 'string',
      auditEntryId: 'string',
    },
    required: ['id', 'keepId', 'mergeId', 'state', 'proposedBy', 'proposedAt'],
  },
  maps: {
    label: 'Map',
    properties: {
      id: 'string',
      name: 'string',
      description: 'string',
      visibility: 'string',
      asOf: 'string',
      author: 'string',
      updatedBy: 'string',
      // JSON text, as MapRepository writes it; kept as text for the same reason as audit entries'.
      nodes: 'string',
      annotations: 'string',
      nodeCount: 'integer',
      version: 'integer',
      createdAt: 'datetime',
      updatedAt: 'datetime',
    },
    required: ['id', 'name', 'visibility', 'author', 'version', 'nodes', 'annotations', 'createdAt', 'updatedAt'],
  },
  auditEntries: {
    label: 'AuditEntry',
    properties: {
      id: 'string',
      targetId: 'string',
      operation: 'string',
      by: 'string',
      at: 'datetime',
      seq: 'float',
      changedFields: 'string[]',
      // JSON text, kept as the text it is: parsing and writing it again could change it.
      before: 'string',
      after: 'string',
    },
    required: ['id', 'targetId', 'operation', 'by', 'at'],
  },
};

/** Keys written first, in this order; the others follow in code-unit order, then STAMP_KEYS. */
const LEADING_KEYS: Record<DumpSection, readonly string[]> = {
  sources: ['id'],
  territories: ['id'],
  actors: ['id'],
  initiatives: ['id'],
  relationships: ['id', 'type', 'fromId', 'toId'],
  mergeProposals: ['id'],
  maps: ['id'],
  auditEntries: ['id'],
};

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The same record with its keys in the dump's order. */
export function inKeyOrder(section: DumpSection, row: Record<string, unknown>): Record<string, unknown> {
  const leading = LEADING_KEYS[section];
  const stamps: readonly string[] = STAMP_KEYS;
  const ordered: Record<string, unknown> = {};
  for (const key of leading) if (key in row) ordered[key] = row[key];
  for (const key of Object.keys(row).sort(byCodeUnit)) {
    if (!leading.includes(key) && !stamps.includes(key)) ordered[key] = row[key];
  }
  for (const key of stamps) if (key in row) ordered[key] = row[key];
  return ordered;
}

/** The line that opens a section. */
export function sectionOpening(section: DumpSection): string {
  return `${JSON.stringify(section)}:[`;
}

/** The line that closes a section: the last one also closes the document. */
export function sectionClosing(section: DumpSection): string {
  return section === DUMP_SECTIONS[DUMP_SECTIONS.length - 1] ? ']}' : '],';
}

/**
 * A datetime as Cypher's toString() writes it: `2024-05-01T09:00:00.123Z`, up to nine decimals,
 * an offset or a zone id in brackets. What `datetime()` and neo4j-admin's importer read back.
 */
export const DATETIME_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)(\[[A-Za-z0-9_/+-]+\])?$/;

/** Why a value read from a dump cannot be a property of this type; null when it can. */
export function verbatimValueProblem(value: unknown, type: VerbatimType): string | null {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? null : 'must be a string';
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a finite number';
    case 'integer':
      return Number.isSafeInteger(value) ? null : 'must be a whole number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'datetime':
      return typeof value === 'string' && DATETIME_TEXT.test(value) ? null : 'must be a datetime as Neo4j writes it, e.g. 2024-05-01T09:00:00.123Z';
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string') ? null : 'must be a list of strings';
  }
}

/** Problems of a verbatim record read from a dump: unknown or missing properties, wrong types. */
export function verbatimRowProblems(section: VerbatimSection, row: Record<string, unknown>): { field: string; reason: string }[] {
  const spec = VERBATIM_SECTIONS[section];
  const problems: { field: string; reason: string }[] = [];
  for (const [key, value] of Object.entries(row)) {
    const type = spec.properties[key];
    if (!type) {
      problems.push({ field: key, reason: `is not a property of ${spec.label}` });
      continue;
    }
    const problem = verbatimValueProblem(value, type);
    if (problem) problems.push({ field: key, reason: problem });
  }
  for (const key of spec.required) if (!(key in row)) problems.push({ field: key, reason: 'is missing' });
  return problems;
}

function keysOfType(section: VerbatimSection, wanted: VerbatimType): string[] {
  return Object.entries(VERBATIM_SECTIONS[section].properties)
    .filter(([, type]) => type === wanted)
    .map(([key]) => key);
}

/** The datetime properties of a verbatim section, which Cypher turns from text into datetimes. */
export function datetimeKeys(section: VerbatimSection): string[] {
  return keysOfType(section, 'datetime');
}

/** The integer properties of a verbatim section: JSON numbers, which Cypher would otherwise store as floats. */
export function integerKeys(section: VerbatimSection): string[] {
  return keysOfType(section, 'integer');
}
