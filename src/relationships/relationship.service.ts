import { compileRelationshipFilter } from '../filters/node-filter.query';
import type { RelationshipFilter } from '../filters/filter.input';
import { randomUUID } from 'node:crypto';
import type { Database, Tx } from '../db/database';
import type { AuditService } from '../audit/audit.service';
import type { SourceService } from '../sources/source.service';
import type { UpsertResult } from '../db/node.repository';
import { asOfParams } from '../db/time';
import { BadInputError, NotFoundError } from '../common/errors';
import { decodeCursor, encodeCursor, Page } from '../common/connection';
import { definedProps } from '../common/props';
import { attributesOf, withTagsAndAttributes } from '../common/free-attributes';
import { periodProps } from '../common/partial-date';
import { fundsMoney, storeMoney } from '../common/money';
import type { Scale } from '../common/scale';
import type { TransactionType } from './transaction-type';
import { str, strings } from '../common/props';
import { toGraphNode } from '../common/node-mappers';
import { describeAllowed, endpointsAllowed, NodeLabel, RelationshipTypeName } from './relationship-kinds';
import { LinkPageRow, RelationshipListQuery, relationshipOrder, RelationshipRepository, RelationshipRow, RelationshipWrite } from './relationship.repository';
import type { RelationshipInput, RelationshipSort } from './relationship.input';
import type { RelationshipAggregate } from './relationship-aggregate.type';
import { sortedCursor } from '../analysis/node-sort';
import { LinkDirection, Relationship } from './relationship.type';
import { ChangeKind, relationshipUpsertNotes } from '../events/changes';

/** Which optional fields make sense on which types; anything else is refused, not ignored. */
const FIELD_TYPES: Record<string, readonly RelationshipTypeName[]> = {
  amount: ['FUNDS'],
  instrument: ['FUNDS'],
  viaInitiativeId: ['FUNDS'],
  transactionType: ['FUNDS'],
  valueDate: ['FUNDS'],
  reportingOrgId: ['FUNDS'],
  reportingActivityId: ['FUNDS'],
  recipientCountry: ['FUNDS'],
  level: ['ARTICULATES'],
};

export function toRelationship(row: RelationshipRow): Relationship {
  const p = row.props;
  return Object.assign(new Relationship(), {
    id: String(p.id),
    type: row.type,
    from: toGraphNode(row.fromLabel, row.from),
    to: toGraphNode(row.toLabel, row.to),
    role: str(p.role),
    kind: str(p.kind),
    level: (p.level as Scale | undefined) ?? null,
    amount: fundsMoney(p),
    instrument: str(p.instrument),
    viaInitiativeId: str(p.viaInitiativeId),
    transactionType: (p.transactionType as TransactionType | undefined) ?? null,
    valueDate: str(p.valueDate),
    reportingOrgId: str(p.reportingOrgId),
    reportingActivityId: str(p.reportingActivityId),
    recipientCountry: str(p.recipientCountry),
    startDate: str(p.startDate),
    endDate: str(p.endDate),
    description: str(p.description),
    excerpt: str(p.excerpt),
    sourceIds: strings(p.sourceIds),
    direction: (p.direction as LinkDirection | undefined) ?? null,
    tags: strings(p.tags),
    attributes: attributesOf(p.attributes),
    createdAt: String(p.createdAt),
    updatedAt: String(p.updatedAt),
  });
}

export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * The rules a link must follow beyond its own fields: endpoints exist with allowed labels,
 * sources exist, and type-specific fields sit on their types. Shared by the API and imports.
 */
export function relationshipProblems(
  input: RelationshipInput,
  labelOf: (id: string) => NodeLabel | undefined,
  sourceExists: (id: string) => boolean,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!input.sourceIds?.length) problems.push({ field: 'sourceIds', reason: 'must name at least one source' });
  const unknown = (input.sourceIds ?? []).filter((id) => !sourceExists(id));
  if (unknown.length) problems.push({ field: 'sourceIds', reason: `unknown source id(s): ${unknown.join(', ')}` });
  const fromLabel = labelOf(input.fromId);
  const toLabel = labelOf(input.toId);
  if (!fromLabel) problems.push({ field: 'fromId', reason: `no actor, initiative or territory has id "${input.fromId}"` });
  if (!toLabel) problems.push({ field: 'toId', reason: `no actor, initiative or territory has id "${input.toId}"` });
  if (fromLabel && toLabel && !endpointsAllowed(input.type, fromLabel, toLabel)) {
    problems.push({ field: 'type', reason: `${input.type} cannot join ${fromLabel} -> ${toLabel}; allowed: ${describeAllowed(input.type)}` });
  }
  if (input.fromId === input.toId) problems.push({ field: 'toId', reason: 'a relationship cannot join a node to itself' });
  for (const [name, types] of Object.entries(FIELD_TYPES)) {
    const value = (input as unknown as Record<string, unknown>)[name];
    if (value !== undefined && value !== null && !types.includes(input.type)) {
      problems.push({ field: name, reason: `only applies to ${types.join(', ')}` });
    }
  }
  if (input.viaInitiativeId && labelOf(input.viaInitiativeId) !== 'Initiative') {
    problems.push({ field: 'viaInitiativeId', reason: `no initiative has id "${input.viaInitiativeId}"` });
  }
  if (input.reportingOrgId && labelOf(input.reportingOrgId) !== 'Actor') {
    problems.push({ field: 'reportingOrgId', reason: `no actor has id "${input.reportingOrgId}"` });
  }
  if (input.reportingActivityId && labelOf(input.reportingActivityId) !== 'Initiative') {
    problems.push({ field: 'reportingActivityId', reason: `no initiative has id "${input.reportingActivityId}"` });
  }
  return problems;
}

export function toWrite(input: RelationshipInput, fromLabel: NodeLabel, toLabel: NodeLabel): RelationshipWrite {
  const { amount, startDate, endDate, ...rest } = input;
  const money = storeMoney(amount, 'amount');
  const props: Record<string, unknown> = {
    ...withTagsAndAttributes(definedProps(rest, ['id', 'type', 'fromId', 'toId'])),
    ...periodProps({ startDate, endDate }),
    ...(money ?? {}),
  };
  for (const key of Object.keys(props)) if (props[key] === null) delete props[key];
  return { id: input.id ?? randomUUID(), type: input.type, fromId: input.fromId, fromLabel, toId: input.toId, toLabel, props };
}

export interface RelationshipPageArgs {
  types?: readonly RelationshipTypeName[];
  direction: 'OUT' | 'IN' | 'BOTH';
  asOf?: string | null;
  first: number;
  after?: string | null;
  filter?: RelationshipFilter | null;
  sort?: readonly RelationshipSort[] | null;
  /** Compute the aggregates over every matching link too (RelationshipConnection.aggregate is selected). */
  aggregate?: boolean;
  /** Only these properties of the endpoints (the selection needs no others); all when left out. */
  endpointProperties?: readonly string[] | null;
}

export interface RelationshipPage extends Page<Relationship> {
  aggregate: RelationshipAggregate | null;
}

const NO_VALUES = { count: 0, min: null, max: null, sum: null, avg: null };
/** A node that is not there has no links to aggregate. */
const EMPTY_AGGREGATE: RelationshipAggregate = { count: 0, amountEur: NO_VALUES, startYear: NO_VALUES, endYear: NO_VALUES };

/**
 * The repository's query for a page of links: the cursor is an id in id order, and holds the
 * keys as well under a sort. Throws BadInputError on a cursor or filter this API did not make.
 */
export function linkListQuery(args: RelationshipPageArgs): RelationshipListQuery {
  const order = relationshipOrder(args.sort, args.after);
  return {
    types: args.types ?? [],
    direction: args.direction,
    ...asOfParams(args.asOf),
    first: args.first,
    afterId: order ? null : decodeCursor(args.after),
    filter: compileRelationshipFilter(args.filter),
    order,
    aggregate: args.aggregate,
    endpointProperties: args.endpointProperties,
  };
}

/** A node's page of links, read for `query` (linkListQuery), as the connection serves it; a node that is not there has none. */
export function toRelationshipPage(found: LinkPageRow | undefined, query: RelationshipListQuery): RelationshipPage {
  const read = found ?? { rows: [], keys: [], totalCount: 0, aggregate: null };
  const order = query.order ?? null;
  const keysOf = new Map(read.rows.map((row, i) => [String(row.props.id), read.keys[i]]));
  return {
    aggregate: query.aggregate ? (read.aggregate ? { count: read.totalCount, ...read.aggregate } : EMPTY_AGGREGATE) : null,
    items: read.rows.slice(0, query.first).map(toRelationship),
    totalCount: read.totalCount,
    hasNextPage: read.rows.length > query.first,
    hasPreviousPage: query.afterId !== null || order?.after != null,
    cursorOf: (rel) => (order ? sortedCursor(order, keysOf.get(rel.id)!, rel.id) : encodeCursor(rel.id)),
  };
}

export class RelationshipService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly sources: SourceService,
    readonly repository = new RelationshipRepository(),
  ) {}

  /**
   * Checks a batch against the database and turns it into writes; the first problem is thrown
   * with its field, prefixed by `field(i)` (e.g. "input" or "relationships.3").
   */
  async prepare(
    tx: Tx,
    inputs: readonly RelationshipInput[],
    field = (i: number) => (inputs.length > 1 ? `relationships.${i}` : 'input'),
  ): Promise<RelationshipWrite[]> {
    const ids = new Set(
      inputs.flatMap((input) => [input.fromId, input.toId, input.viaInitiativeId, input.reportingOrgId, input.reportingActivityId].filter((id): id is string => Boolean(id))),
    );
    const labels = await this.repository.labelsOf(tx, [...ids]);
    const sourceIds = [...new Set(inputs.flatMap((input) => input.sourceIds ?? []))];
    const knownSources = await this.sources.repository.existingIds(tx, sourceIds);
    return inputs.map((input, index) => {
      const [problem] = relationshipProblems(input, (id) => labels.get(id), (id) => knownSources.has(id));
      if (problem) throw new BadInputError(`${field(index)}.${problem.field}`, problem.reason);
      return toWrite(input, labels.get(input.fromId)!, labels.get(input.toId)!);
    });
  }

  /**
   * Checks and writes a batch. `labelOf` is for bulk imports, which have already checked every row
   * against the database and the file: it spares a lookup of the endpoints per batch.
   */
  async upsertMany(
    tx: Tx,
    inputs: readonly RelationshipInput[],
    by: string,
    operation: string,
    labelOf?: (id: string) => NodeLabel | undefined,
  ): Promise<UpsertResult[]> {
    const writes = labelOf
      ? inputs.map((input) => toWrite(input, labelOf(input.fromId)!, labelOf(input.toId)!))
      : await this.prepare(tx, inputs);
    const results = await this.repository.upsertMany(tx, writes);
    await this.audit.recordUpserts(tx, operation, by, results);
    for (const note of relationshipUpsertNotes(results)) tx.publishOnCommit(note);
    return results;
  }

  async create(input: RelationshipInput, by: string): Promise<Relationship> {
    return this.db.write(async (tx) => {
      if (input.id && (await this.repository.findByIds(tx, [input.id])).size > 0) {
        throw new BadInputError('input.id', `a relationship with id "${input.id}" already exists; use updateRelationship`);
      }
      const [result] = await this.upsertMany(tx, [input], by, 'createRelationship');
      return this.reload(tx, result.id);
    });
  }

  async update(id: string, input: RelationshipInput, by: string): Promise<Relationship> {
    return this.db.write(async (tx) => {
      if ((await this.repository.findByIds(tx, [id])).size === 0) throw new NotFoundError('Relationship', id);
      if (input.id && input.id !== id) throw new BadInputError('input.id', 'must be left out or equal to id');
      await this.upsertMany(tx, [{ ...input, id }], by, 'updateRelationship');
      return this.reload(tx, id);
    });
  }

  async delete(id: string, by: string): Promise<boolean> {
    return this.db.write(async (tx) => {
      const existing = (await this.repository.findByIds(tx, [id])).get(id);
      if (!existing) throw new NotFoundError('Relationship', id);
      await this.repository.deleteByIds(tx, [id]);
      await this.audit.record(tx, [
        {
          targetId: id,
          operation: 'deleteRelationship',
          by,
          changedFields: ['deleted'],
          before: { ...existing.props, type: existing.type, fromId: existing.from.id, toId: existing.to.id },
          after: null,
        },
      ]);
      tx.publishOnCommit({ topic: 'graph', change: ChangeKind.DELETED, nodeIds: [String(existing.from.id), String(existing.to.id)], relationshipId: id });
      return true;
    });
  }

  private async reload(tx: Tx, id: string): Promise<Relationship> {
    const row = (await this.repository.findByIds(tx, [id])).get(id);
    if (!row) throw new NotFoundError('Relationship', id);
    return toRelationship(row);
  }

  async byIds(ids: readonly string[]): Promise<Map<string, Relationship>> {
    const rows = await this.db.read((tx) => this.repository.findByIds(tx, ids));
    return new Map([...rows].map(([id, row]) => [id, toRelationship(row)]));
  }

  /** For DataLoaders: one page of relationships for each of many nodes, in one statement. */
  async pagesOf(label: NodeLabel, ids: readonly string[], args: RelationshipPageArgs): Promise<Map<string, RelationshipPage>> {
    const query = linkListQuery(args);
    const rows = await this.db.read((tx) => this.repository.ofNodes(tx, label, ids, query));
    return new Map(ids.map((id) => [id, toRelationshipPage(rows.get(id), query)]));
  }

  async neighbours(
    label: NodeLabel,
    ids: readonly string[],
    types: readonly RelationshipTypeName[],
    direction: 'OUT' | 'IN',
    targetLabel: NodeLabel,
  ): Promise<Map<string, Record<string, unknown>[]>> {
    return this.db.read((tx) => this.repository.neighbours(tx, label, ids, types, direction, targetLabel));
  }
}
