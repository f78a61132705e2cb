import { int, Tx } from '../db/database';

/** Bulk maintenance around imports and seeding. */
export class ImportRepository {
  /**
   * Deletes up to `limit` nodes with their relationships and returns how many went; callers loop
   * until it returns 0, so no single transaction has to hold a whole database. Migration markers
   * stay: the constraints and indexes they describe survive a wipe.
   */
  async deleteNodes(tx: Tx, limit: number): Promise<number> {
    const result = await tx.run(
      `MATCH (n) WHERE NOT n:Migration
       WITH n LIMIT $limit
       DETACH DELETE n
       RETURN count(*) AS deleted`,
      { limit: int(limit) },
    );
    return Number(result.records[0]?.get('deleted') ?? 0);
  }

  async counts(tx: Tx): Promise<{ nodes: number; relationships: number }> {
    const result = await tx.run(
      `CALL { MATCH (n) WHERE NOT n:Migration RETURN count(n) AS nodes }
       CALL { MATCH ()-[r]->() RETURN count(r) AS relationships }
       RETURN nodes, relationships`,
    );
    const record = result.records[0];
    return { nodes: Number(record.get('nodes')), relationships: Number(record.get('relationships')) };
  }

  /**
   * Sets a list property to the empty list on nodes of `label`, or on links of `type`, by id.
   * `key` comes from the input classes' field names, never from a client's text.
   */
  async setEmptyList(tx: Tx, target: { label: string } | { type: string }, key: string, ids: readonly string[]): Promise<void> {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) throw new Error(`not a property name: ${key}`);
    const match = 'label' in target ? `MATCH (x:${target.label} {id: id})` : `MATCH ()-[x:${target.type} {id: id}]->()`;
    await tx.run(`UNWIND $ids AS id ${match} SET x.${key} = []`, { ids });
  }
}
