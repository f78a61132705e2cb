import { int, type Tx } from '../db/database';
import { plainRecord } from '../common/neo4j-values';
import type { StoredIdentifier } from './duplicate-identifiers';
import type { ActorRecord } from './duplicate-blocking';

/** A partner or funder two actors have in common, with how many such links it has in all. */
export interface SharedNeighbour {
  id: string;
  name: string;
  degree: number;
}

export interface ActorPairIds {
  a: string;
  b: string;
}

export interface SharedNeighbours extends ActorPairIds {
  shared: SharedNeighbour[];
}

export interface ProposalPair {
  keepId: string;
  mergeId: string;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** Links that make two actors partners or give them a funder in common. */
const NEIGHBOUR_LINKS = 'PARTNERS_WITH|FUNDS|SUPPORTS|MEMBER_OF';
// Enough to name them and weigh the evidence, which is capped long before this.
const MAX_SHARED_NEIGHBOURS = 20;

export class DuplicateRepository {
  /**
   * What changes whenever an actor, its names or its identifiers do: the numbers of actors and of
   * identifiers, and of audit entries, which every write through the API adds to. Counts of a
   * label come from Neo4j's count store, without reading a node.
   */
  async graphVersion(tx: Tx): Promise<string> {
    const result = await tx.run(
      `CALL () { MATCH (a:Actor) RETURN count(a) AS actors }
       CALL () { MATCH (i:Identifier) RETURN count(i) AS identifiers }
       CALL () { MATCH (e:AuditEntry) RETURN count(e) AS writes }
       RETURN actors, identifiers, writes`,
    );
    const record = result.records[0];
    return ['actors', 'identifiers', 'writes'].map((key) => String(record.get(key))).join('/');
  }

  /** Names, identifiers, kind and country of every actor, in one pass over the Actor label. */
  async actors(tx: Tx): Promise<ActorRecord[]> {
    const result = await tx.run(
      `MATCH (a:Actor)
       RETURN a.id AS id, a.name AS name, a.originalName AS originalName, a.aliases AS aliases, a.acronym AS acronym, a.kind AS kind,
              a.countryCode AS countryCode, a.orgRef AS orgRef,
              COLLECT { MATCH (a)-[:IDENTIFIED_BY]->(i:Identifier) RETURN i { .key, .scheme, .value } ORDER BY i.key } AS identifiers`,
    );
    return result.records.map((record) => ({
      id: String(record.get('id')),
      name: String(record.get('name') ?? ''),
      originalName: text(record.get('originalName')),
      aliases: strings(record.get('aliases')),
      acronym: text(record.get('acronym')),
      kind: text(record.get('kind')),
      countryCode: text(record.get('countryCode')),
      orgRef: text(record.get('orgRef')),
      identifiers: (record.get('identifiers') as unknown[]).map((entry) => plainRecord(entry) as unknown as StoredIdentifier),
    }));
  }

  /** For each pair, the actors linked to both as partner, funder, recipient, supporter or member. */
  async sharedNeighbours(tx: Tx, pairs: readonly ActorPairIds[]): Promise<SharedNeighbours[]> {
    if (pairs.length === 0) return [];
    const result = await tx.run(
      `UNWIND $pairs AS pair
       MATCH (a:Actor {id: pair.a}), (b:Actor {id: pair.b})
       CALL (a, b) {
         MATCH (a)-[:${NEIGHBOUR_LINKS}]-(n:Actor)
         WHERE n <> a AND n <> b
         WITH DISTINCT n
         WHERE EXISTS { (n)-[:${NEIGHBOUR_LINKS}]-(b) }
         WITH n ORDER BY n.id LIMIT $maxShared
         RETURN collect({ id: n.id, name: n.name, degree: COUNT { (n)-[:${NEIGHBOUR_LINKS}]-() } }) AS shared
       }
       RETURN pair.a AS a, pair.b AS b, shared`,
      { pairs, maxShared: int(MAX_SHARED_NEIGHBOURS) },
    );
    return result.records.map((record) => ({
      a: String(record.get('a')),
      b: String(record.get('b')),
      shared: (record.get('shared') as unknown[]).map((entry) => {
        const neighbour = plainRecord(entry);
        return { id: String(neighbour.id), name: String(neighbour.name ?? neighbour.id), degree: Number(neighbour.degree) };
      }),
    }));
  }

  /** The ids among these that an actor still holds. */
  async existingActorIds(tx: Tx, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const result = await tx.run(`UNWIND $ids AS id MATCH (a:Actor {id: id}) RETURN a.id AS id`, { ids });
    return new Set(result.records.map((record) => String(record.get('id'))));
  }

  /** Merge proposals someone rejected between any two of these actors, in either order. */
  async rejectedPairs(tx: Tx, actorIds: readonly string[]): Promise<ProposalPair[]> {
    if (actorIds.length === 0) return [];
    const result = await tx.run(
      `MATCH (p:MergeProposal)
       WHERE p.state = 'REJECTED' AND p.keepId IN $actorIds AND p.mergeId IN $actorIds
       RETURN p.keepId AS keepId, p.mergeId AS mergeId`,
      { actorIds },
    );
    return result.records.map((record) => ({ keepId: String(record.get('keepId')), mergeId: String(record.get('mergeId')) }));
  }
}
