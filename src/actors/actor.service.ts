import type { Database, Tx } from '../db/database';
import type { AuditService } from '../audit/audit.service';
import type { SourceService } from '../sources/source.service';
import type { SearchService } from '../search/search.service';
import type { RelationshipService } from '../relationships/relationship.service';
import { BadInputError, NotFoundError } from '../common/errors';
import { decodeCursor, Page } from '../common/connection';
import { definedProps, withAliasesText } from '../common/props';
import { storedAttributes, withTagsAndAttributes } from '../common/free-attributes';
import { NodeService } from '../common/node.service';
import { ActorRepository, toActor } from './actor.repository';
import type { ActorFilter, ActorInput } from './actor.input';
import type { Actor } from './actor.type';

export class ActorService extends NodeService<Actor, ActorInput> {
  declare readonly repository: ActorRepository;

  constructor(
    db: Database,
    audit: AuditService,
    private readonly sources: SourceService,
    private readonly search: SearchService,
    private readonly relationships: RelationshipService,
  ) {
    super(db, audit, new ActorRepository(), toActor, 'upsertActor');
  }

  protected props(input: ActorInput): Record<string, unknown> {
    const props = withTagsAndAttributes(withAliasesText(definedProps(input, ['id'])));
    if (typeof props.countryCode === 'string') props.countryCode = props.countryCode.toUpperCase();
    return props;
  }

  protected override async checkReferences(tx: Tx, inputs: readonly ActorInput[]): Promise<void> {
    await this.sources.assertExist(tx, inputs.flatMap((input) => input.sourceIds ?? []), 'sourceIds', false);
  }

  async list(filter: ActorFilter | undefined, first: number, after: string | undefined): Promise<Page<Actor>> {
    const afterId = decodeCursor(after);
    const page = await this.db.read(async (tx) => {
      const textIds = filter?.text ? await this.search.matchingIds(tx, filter.text, 'Actor') : null;
      return this.repository.list(tx, filter, textIds, first, afterId);
    });
    return this.toPage(page, afterId);
  }

  /**
   * Folds a duplicate into the actor that stays: its links move over, its names become aliases,
   * its sources and tags are added, empty fields and attributes the kept actor lacks are filled
   * from it, and it is deleted. All or nothing.
   */
  async merge(keepId: string, mergeId: string, by: string): Promise<Actor> {
    if (keepId === mergeId) throw new BadInputError('mergeId', 'must differ from keepId');
    return this.db.write(async (tx) => {
      const found = await this.repository.findByIds(tx, [keepId, mergeId]);
      const keep = found.get(keepId);
      const merged = found.get(mergeId);
      if (!keep) throw new NotFoundError('Actor', keepId);
      if (!merged) throw new NotFoundError('Actor', mergeId);
      const moved = await this.relationships.repository.moveAll(tx, 'Actor', mergeId, keepId);
      const keptActor = toActor(keep);
      const mergedActor = toActor(merged);
      const aliases = [...new Set([...keptActor.aliases, ...mergedActor.aliases, mergedActor.name])].filter(
        (alias) => alias !== keptActor.name,
      );
      const filled = Object.fromEntries(
        Object.entries(merged).filter(([key, value]) => keep[key] == null && value != null && !['id', 'createdAt', 'updatedAt'].includes(key)),
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
      await this.audit.record(tx, [
        {
          targetId: keepId,
          operation: 'mergeActors',
          by,
          changedFields: [...result.changedKeys, 'relationships'],
          before: { ...keep, mergedFrom: mergeId },
          after: { ...result.after, movedRelationships: moved },
        },
        { targetId: mergeId, operation: 'mergeActors', by, changedFields: ['deleted'], before: merged, after: { mergedInto: keepId } },
      ]);
      return toActor(result.after);
    });
  }
}
