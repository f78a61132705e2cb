import type { Database, Tx } from '../db/database';
import type { AuditService } from '../audit/audit.service';
import { BadInputError } from '../common/errors';
import { definedProps } from '../common/props';
import { decodeCursor, Page } from '../common/connection';
import { NodeService } from '../common/node.service';
import { SourceRepository, toSource } from './source.repository';
import type { SourceInput } from './source.input';
import type { Source, SupportedFact } from './source.type';

export class SourceService extends NodeService<Source, SourceInput> {
  declare readonly repository: SourceRepository;

  constructor(db: Database, audit: AuditService) {
    super(db, audit, new SourceRepository(), toSource, 'upsertSource');
  }

  protected props(input: SourceInput): Record<string, unknown> {
    return { ...definedProps(input, ['id']), name: input.title };
  }

  /** Provenance rule: every fact names at least one source, and every named source exists. */
  async assertExist(tx: Tx, sourceIds: readonly string[] | undefined | null, field: string, required = true) {
    const ids = [...new Set(sourceIds ?? [])];
    if (ids.length === 0) {
      if (required) throw new BadInputError(field, 'must name at least one source');
      return;
    }
    const found = await this.repository.existingIds(tx, ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw new BadInputError(field, `unknown source id(s): ${missing.join(', ')}`);
  }

  async list(first: number, after: string | undefined): Promise<Page<Source>> {
    const afterId = decodeCursor(after);
    const page = await this.db.read((tx) => this.repository.page(tx, { where: [], params: {}, first, afterId }));
    return this.toPage(page, afterId);
  }

  supportsOf(sourceIds: readonly string[], limit = 500): Promise<Map<string, SupportedFact[]>> {
    return this.db.read((tx) => this.repository.supportsOf(tx, sourceIds, limit));
  }
}
