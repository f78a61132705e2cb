import { nodeOrder, SortSpec } from '../analysis/node-sort';
import type { Database, Tx } from '../db/database';
import type { AuditService } from '../audit/audit.service';
import type { SourceService } from '../sources/source.service';
import type { FilterService } from '../filters/filter.service';
import type { RelationshipService } from '../relationships/relationship.service';
import { BadInputError, NotFoundError } from '../common/errors';
import { decodeCursor, Page } from '../common/connection';
import { definedProps, withAliasesText } from '../common/props';
import { storedAttributes, withTagsAndAttributes } from '../common/free-attributes';
import { NodeService } from '../common/node.service';
import { ChangeKind } from '../events/changes';
import { withCleanNames } from '../common/names';
import type { PageReads, UpsertResult } from '../db/node.repository';
import { ActorRepository, toActor } from './actor.repository';
import type { ActorFilter, ActorInput } from './actor.input';
import type { Actor } from './actor.type';
import { IdentifierHolder, IdentifierRepository } from './identifier.repository';
import { Identifier, toIdentifier } from './identifier.type';
import { describeKey, identifierKey, IdentifierRow, identifierRowsOf, isIdentifierScheme, keysForText } from './identifiers';

/** A merge done, and the kept actor's mergeActors audit entry, from which it can be undone. */
export interface ActorMergeOutcome {
  actor: Actor;
  auditEntryId: string;
}

export class ActorService extends NodeService<Actor, ActorInput> {
  declare readonly repository: ActorRepository;
  private readonly identifiers = new IdentifierRepository();

  constructor(
    db: Database,
    audit: AuditService,
    private readonly sources: SourceService,
    private readonly filters: FilterService,
    private readonly relationships: RelationshipService,
  ) {
    super(db, audit, new ActorRepository(), toActor, 'upsertActor');
  }

  /** Identifiers are nodes of their own (identifierRows), not properties. */
  protected props(input: ActorInput): Record<string, unknown> {
    const props = withTagsAndAttributes(withAliasesText(withCleanNames(definedProps(input, ['id', 'identifiers']))));
    if (typeof props.countryCode === 'string') props.countryCode = props.countryCode.toUpperCase();
    return props;
  }

  /** The identifier nodes an input writes, for the bulk importer, which writes them without this service. */
  identifierRows(input: ActorInput): IdentifierRow[] {
    return identifierRowsOf(input);
  }

  protected override async checkReferences(tx: Tx, inputs: readonly ActorInput[]): Promise<void> {
    await this.sources.assertExist(tx, inputs.flatMap((input) => input.sourceIds ?? []), 'sourceIds', false);
    await this.sources.assertExist(
      tx,
      inputs.flatMap((input) => (input.identifiers ?? []).flatMap((identifier) => identifier.sourceIds ?? [])),
      'identifiers.sourceIds',
      false,
    );
    await this.assertIdentifiersFree(tx, inputs);
  }

  /** An identifier identifies one actor: refused when another actor, or another input of the batch, has it. */
  private async assertIdentifiersFree(tx: Tx, inputs: readonly ActorInput[]): Promise<void> {
    const claims = new Map<string, { input: ActorInput; actorId: string | undefined; field: string }>();
    for (const input of inputs) {
      (input.identifiers ?? []).forEach((identifier, index) => {
        const field = `identifiers.${index}`;
        const key = isIdentifierScheme(identifier.scheme) ? identifierKey(identifier.scheme, identifier.value) : null;
        if (!key) throw new BadInputError(`${field}.value`, 'is not a well-formed identifier of its scheme');
        const claim = claims.get(key);
        if (claim && claim.input !== input && (claim.actorId === undefined || claim.actorId !== input.id)) {
          throw new BadInputError(field, `${describeKey(key)} is given to two actors in one write`);
        }
        if (!claim) claims.set(key, { input, actorId: input.id, field });
      });
    }
    if (claims.size === 0) return;
    const holders = await this.identifiers.holders(tx, [...claims.keys()]);
    for (const [key, claim] of claims) {
      const holder = holders.get(key);
      if (holder && holder.actorId !== claim.actorId) throw identifierTaken(claim.field, key, holder.actorId);
    }
  }

  /**
   * Writes the identifiers with the actors, and puts them in the audit entry (`identifiers`: the
   * keys this write gave): a row whose only change is a new identifier, or a new source for one,
   * counts as updated.
   */
  protected override async afterUpsert(tx: Tx, inputs: readonly ActorInput[], results: UpsertResult[]): Promise<void> {
    const given = inputs.map((input) => identifierRowsOf(input));
    const attached = await this.identifiers.attach(
      tx,
      given.flatMap((rows, index) => rows.map((row) => ({ ...row, actorId: results[index].id }))),
    );
    const conflict = attached.find((result) => result.heldBy !== null);
    if (conflict) {
      const index = inputs.findIndex((_input, i) => results[i].id === conflict.actorId);
      const position = (inputs[index]?.identifiers ?? []).findIndex(
        (identifier) => isIdentifierScheme(identifier.scheme) && identifierKey(identifier.scheme, identifier.value) === conflict.key,
      );
      throw identifierTaken(`identifiers.${Math.max(position, 0)}`, conflict.key, conflict.heldBy!);
    }
    const changed = new Set(attached.filter((result) => result.changed).map((result) => result.actorId));
    given.forEach((rows, index) => {
      if (rows.length === 0) return;
      const result = results[index];
      result.after = { ...result.after, identifiers: rows.map((row) => row.key) };
      if (!changed.has(result.id)) return;
      if (!result.changedKeys.includes('identifiers')) result.changedKeys = [...result.changedKeys, 'identifiers'];
      if (result.outcome === 'unchanged') result.outcome = 'updated';
    });
  }

  /** Each actor's identifiers, for the DataLoader behind Actor.identifiers. */
  async identifiersOf(actorIds: readonly string[]): Promise<Map<string, Identifier[]>> {
    const found = await this.db.read((tx) => this.identifiers.ofActors(tx, actorIds));
    return new Map([...found].map(([actorId, rows]) => [actorId, rows.map(toIdentifier)]));
  }

  /** Which actor holds each key, for imports that resolve their rows to existing actors. */
  identifierHolders(tx: Tx, keys: readonly string[]): Promise<Map<string, IdentifierHolder>> {
    return this.identifiers.holders(tx, keys);
  }

  /** `read`: what the client selected (PageReads); all of it when left out. */
  async list(filter: ActorFilter | undefined, first: number, after: string | undefined, sort?: readonly SortSpec[] | null, read?: PageReads): Promise<Page<Actor>> {
    const order = nodeOrder(sort, after);
    const afterId = order ? null : decodeCursor(after);
    const page = await this.db.read(async (tx) => {
      const compiled = await this.filters.actorFilter(tx, filter);
      const identifierKeys = filter?.identifier ? keysForText(filter.identifier) : null;
      return this.repository.list(tx, compiled, first, afterId, identifierKeys, order, read);
    });
    return order ? this.toSortedPage(page, order) : this.toPage(page, afterId);
  }

  /**
   * Folds a duplicate into the actor that stays: its links move over, its names become aliases,
   * its sources and tags are added, empty fields and attributes the kept actor lacks are filled
   * from it, and it is deleted. All or nothing.
   */
  async merge(keepId: string, mergeId: string, by: string): Promise<Actor> {
    return (await this.db.write((tx) => this.mergeIn(tx, keepId, mergeId, by))).actor;
  }

  /**
   * The same merge in the caller's transaction, so that a reviewed merge commits with its
   * decision. The kept actor's audit entry records what undoMerge needs: the links moved, with
   * the end the merged actor held, the links deleted with it, and the flows it reported.
   */
  async mergeIn(tx: Tx, keepId: string, mergeId: string, by: string): Promise<ActorMergeOutcome> {
    if (keepId === mergeId) throw new BadInputError('mergeId', 'must differ from keepId');
    const found = await this.repository.findByIds(tx, [keepId, mergeId]);
    const keep = found.get(keepId);
    const merged = found.get(mergeId);
    if (!keep) throw new NotFoundError('Actor', keepId);
    if (!merged) throw new NotFoundError('Actor', mergeId);
    const moved = await this.relationships.repository.moveAll(tx, 'Actor', mergeId, keepId);
    // IDENTIFIED_BY is no relationship type of the model, so moveAll leaves it, and deleting the actor would orphan them.
    const movedIdentifiers = await this.identifiers.moveAll(tx, mergeId, keepId);
    const keptActor = toActor(keep);
    const mergedActor = toActor(merged);
    const aliases = [...new Set([...keptActor.aliases, ...mergedActor.aliases, mergedActor.name])].filter(
      (alias) => alias !== keptActor.name,
    );
    const filled = Object.fromEntries(
      Object.entries(merged).filter(([key, value]) => keep[key] == null && value != null && !['id', 'originalName', 'createdAt', 'updatedAt'].includes(key)),
    );
    const tags = [...new Set([...keptActor.tags, ...mergedActor.tags])];
    const attributes = keptActor.attributes && mergedActor.attributes ? { ...mergedActor.attributes, ...keptActor.attributes } : null;
    const [result] = await this.repository.upsertMany(tx, [
      {
        id: keepId,
        props: withAliasesText({
          ...filled,
          aliases,
          sourceIds: [...new Set([...keptActor.sourceIds, ...mergedActor.sourceIds])],
          ...(tags.length ? { tags } : {}),
          ...(attributes ? { attributes: storedAttributes(attributes) } : {}),
        }),
      },
    ]);
    await this.repository.deleteById(tx, mergeId);
    const { count, otherEnds, ...movedForUndo } = moved;
    const [auditEntryId] = await this.audit.record(tx, [
      {
        targetId: keepId,
        operation: 'mergeActors',
        by,
        changedFields: [...result.changedKeys, 'relationships', ...(movedIdentifiers.length ? ['identifiers'] : [])],
        before: { ...keep, mergedFrom: mergeId },
        after: { ...result.after, movedRelationships: count, ...movedForUndo, movedIdentifiers },
      },
      {
        targetId: mergeId,
        operation: 'mergeActors',
        by,
        changedFields: ['deleted'],
        before: { ...merged, identifiers: movedIdentifiers },
        after: { mergedInto: keepId },
      },
    ]);
    tx.publishOnCommit({ topic: 'graph', change: ChangeKind.MERGED, nodeIds: [keepId, mergeId, ...otherEnds] });
    for (const link of moved.droppedLinks) {
      tx.publishOnCommit({ topic: 'graph', change: ChangeKind.DELETED, nodeIds: [link.fromId, link.toId], relationshipId: link.id });
    }
    return { actor: toActor(result.after), auditEntryId };
  }
}

function identifierTaken(field: string, key: string, actorId: string): BadInputError {
  return new BadInputError(field, `${describeKey(key)} already identifies actor "${actorId}"`);
}
