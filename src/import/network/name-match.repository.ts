import type { Tx } from '../../db/database';

export interface NamedActor {
  id: string;
  name: string;
}

/** The actors already in the database under the names of a file's elements; read through the index on name. */
export class NameMatchRepository {
  async actorsNamed(tx: Tx, names: readonly string[]): Promise<NamedActor[]> {
    if (names.length === 0) return [];
    const result = await tx.run(
      `UNWIND $names AS name
       MATCH (a:Actor {name: name})
       RETURN a.id AS id, a.name AS name`,
      { names: [...new Set(names)] },
    );
    return result.records.map((record) => ({ id: String(record.get('id')), name: String(record.get('name')) }));
  }

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
