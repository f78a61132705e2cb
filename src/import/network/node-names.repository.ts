import type { Tx } from '../../db/database';

/** What network imports read of the nodes already in the database. */
export class NodeNamesRepository {
  /** The names of the nodes that hold these ids, so that an id made from a label never takes over another node. */
  async nodeNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const result = await tx.run(
      `UNWIND $ids AS id
       CALL (id) {
         MATCH (n:Actor {id: id}) RETURN n
         UNION MATCH (n:Initiative {id: id}) RETURN n
         UNION MATCH (n:Territory {id: id}) RETURN n
       }
       RETURN n.id AS id, n.name AS name`,
      { ids: [...new Set(ids)] },
    );
    return new Map(result.records.map((record) => [String(record.get('id')), String(record.get('name'))]));
  }
}
