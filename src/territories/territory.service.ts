import type { Database, Tx } from '../db/database';
import type { AuditService } from '../audit/audit.service';
import type { SourceService } from '../sources/source.service';
import type { SearchService } from '../search/search.service';
import type { UpsertResult } from '../db/node.repository';
import { decodeCursor, Page } from '../common/connection';
import { definedProps, withAliasesText } from '../common/props';
import { withTagsAndAttributes } from '../common/free-attributes';
import { BadInputError } from '../common/errors';
import { NodeService } from '../common/node.service';
import { withCleanNames } from '../common/names';
import { ChangeKind } from '../events/changes';
import { TerritoryRepository, toTerritory } from './territory.repository';
import type { TerritoryFilter, TerritoryInput } from './territory.input';
import type { Territory } from './territory.type';

export class TerritoryService extends NodeService<Territory, TerritoryInput> {
  declare readonly repository: TerritoryRepository;

  constructor(
    db: Database,
    audit: AuditService,
    private readonly sources: SourceService,
    private readonly search: SearchService,
  ) {
    super(db, audit, new TerritoryRepository(), toTerritory, 'upsertTerritory');
  }

  protected props(input: TerritoryInput): Record<string, unknown> {
    return withTagsAndAttributes(withAliasesText(withCleanNames(definedProps(input, ['id', 'parentId']))));
  }

  /** Parents may be created in the same batch, so they are checked against the batch too. */
  protected override async checkReferences(tx: Tx, inputs: readonly TerritoryInput[]): Promise<void> {
    const linked = inputs.filter((input) => input.parentId);
    if (linked.some((input) => !input.sourceIds?.length)) {
      throw new BadInputError('sourceIds', 'a territory with a parentId must name a source for its PART_OF link');
    }
    await this.sources.assertExist(tx, inputs.flatMap((input) => input.sourceIds ?? []), 'sourceIds', false);
    const inBatch = new Set(inputs.map((input) => input.id));
    const parentIds = [...new Set(linked.map((input) => input.parentId!))].filter((id) => !inBatch.has(id));
    const found = await this.repository.existingIds(tx, parentIds);
    const missing = parentIds.filter((id) => !found.has(id));
    if (missing.length) throw new BadInputError('parentId', `unknown territory id(s): ${missing.join(', ')}`);
    const selfLinked = linked.find((input) => input.parentId === input.id);
    const cyclic = await this.repository.cyclicChildren(
      tx,
      linked.filter((input) => input.id).map((input) => ({ childId: input.id!, parentId: input.parentId! })),
    );
    const offender = selfLinked?.id ?? cyclic[0];
    if (offender) throw new BadInputError('parentId', `would make ${offender} part of itself`);
  }

  protected override async afterUpsert(tx: Tx, inputs: readonly TerritoryInput[], results: UpsertResult[]): Promise<void> {
    const links = inputs.flatMap((input, index) =>
      input.parentId ? [{ childId: results[index].id, parentId: input.parentId, sourceIds: input.sourceIds ?? [] }] : [],
    );
    for (const link of await this.repository.setParents(tx, links)) {
      tx.publishOnCommit({
        topic: 'graph',
        change: link.existed ? ChangeKind.UPDATED : ChangeKind.CREATED,
        nodeIds: [link.childId, link.parentId, ...link.previousParentIds],
        relationshipId: link.id,
      });
    }
  }

  async list(filter: TerritoryFilter | undefined, first: number, after: string | undefined): Promise<Page<Territory>> {
    const afterId = decodeCursor(after);
    const page = await this.db.read(async (tx) => {
      const textIds = filter?.text ? await this.search.matchingIds(tx, filter.text, 'Territory') : null;
      return this.repository.list(tx, filter, textIds, first, afterId);
    });
    return this.toPage(page, afterId);
  }

  async neighbours(ids: readonly string[], direction: 'children' | 'parents'): Promise<Map<string, Territory[]>> {
    const rows = await this.db.read((tx) => this.repository.neighbours(tx, ids, direction));
    return new Map([...rows].map(([id, others]) => [id, others.map(toTerritory)]));
  }
}
