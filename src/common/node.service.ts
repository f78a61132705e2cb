import { randomUUID } from 'node:crypto';
import type { Database, Tx } from '../db/database';
import type { NodePage, NodeRepository, NodeRow, UpsertResult } from '../db/node.repository';
import type { AuditService } from '../audit/audit.service';
import { encodeCursor, Page } from './connection';
import { nodeUpsertNotes } from '../events/changes';
import { NodeOrder, sortedCursor } from '../analysis/node-sort';

/**
 * What every node service shares: batched upserts with an audit entry in the same transaction,
 * lookup by ids for DataLoaders, and Relay pages ordered by id.
 */
export abstract class NodeService<T extends { id: string }, I extends { id?: string }> {
  protected constructor(
    protected readonly db: Database,
    protected readonly audit: AuditService,
    readonly repository: NodeRepository,
    private readonly toDomain: (props: Record<string, unknown>) => T,
    private readonly operation: string,
  ) {}

  /** Maps a validated input onto stored properties; may throw BadInputError for rules across fields. */
  protected abstract props(input: I): Record<string, unknown>;

  /** Checks that need the database (referenced ids exist); runs inside the write transaction. */
  protected async checkReferences(_tx: Tx, _inputs: readonly I[]): Promise<void> {}

  toRow(input: I): NodeRow {
    return { id: input.id ?? randomUUID(), props: this.props(input) };
  }

  /** Used by single upserts and by imports alike, so both follow the same rules. */
  async upsertMany(tx: Tx, inputs: readonly I[], by: string, operation = this.operation): Promise<UpsertResult[]> {
    await this.checkReferences(tx, inputs);
    const results = await this.repository.upsertMany(
      tx,
      inputs.map((input) => this.toRow(input)),
    );
    await this.afterUpsert(tx, inputs, results);
    await this.audit.recordUpserts(tx, operation, by, results);
    for (const note of nodeUpsertNotes(results)) tx.publishOnCommit(note);
    return results;
  }

  /** Hook for writes that go with the node, such as a territory's PART_OF link. */
  protected async afterUpsert(_tx: Tx, _inputs: readonly I[], _results: UpsertResult[]): Promise<void> {}

  async upsert(input: I, by: string): Promise<T> {
    const [result] = await this.db.write((tx) => this.upsertMany(tx, [input], by));
    return this.toDomain(result.after);
  }

  async byIds(ids: readonly string[]): Promise<Map<string, T>> {
    const rows = await this.db.read((tx) => this.repository.findByIds(tx, ids));
    return new Map([...rows].map(([id, props]) => [id, this.toDomain(props)]));
  }

  count(): Promise<number> {
    return this.db.read((tx) => this.repository.count(tx));
  }

  /** Under a sort, each item's cursor carries its sort key values (node-sort.ts). */
  protected toSortedPage(page: NodePage, order: NodeOrder): Page<T> {
    const keysById = new Map(page.rows.map((row, i) => [String(row.id), page.keys?.[i] ?? []]));
    return {
      items: page.rows.map(this.toDomain),
      totalCount: page.totalCount,
      hasNextPage: page.hasNextPage,
      hasPreviousPage: order.after !== null,
      cursorOf: (item) => sortedCursor(order, keysById.get(item.id) ?? [], item.id),
      nested: page.nested,
    };
  }

  protected toPage(page: NodePage, afterId: string | null): Page<T> {
    return {
      items: page.rows.map(this.toDomain),
      totalCount: page.totalCount,
      hasNextPage: page.hasNextPage,
      hasPreviousPage: afterId !== null,
      cursorOf: (item) => encodeCursor(item.id),
      nested: page.nested,
    };
  }
}
