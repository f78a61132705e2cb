import { int, Tx } from '../db/database';
import { plainRecord } from '../common/neo4j-values';
import type { DroppedLink, MovedLink } from '../relationships/relationship.repository';
import type { RelationshipTypeName } from '../relationships/relationship-kinds';
import { MergeProposal, MergeState } from './merge.type';

export interface NewMergeProposal {
  id: string;
  keepId: string;
  mergeId: string;
  score: number | null;
  reasons: string[];
  note: string | null;
  proposedBy: string;
}

export interface MergeDecision {
  state: MergeState.ACCEPTED | MergeState.REJECTED;
  decidedBy: string;
  decisionNote: string | null;
  auditEntryId: string | null;
}

export interface MergeProposalQuery {
  state: MergeState | null;
  actorId: string | null;
  first: number;
  afterId: string | null;
}

/** Where a link is now, by its id. */
export interface LinkEnds {
  fromId: string;
  fromIsActor: boolean;
  toId: string;
  toIsActor: boolean;
}

function groupByType<T extends { type: RelationshipTypeName }>(links: readonly T[]): Map<RelationshipTypeName, T[]> {
  const groups = new Map<RelationshipTypeName, T[]>();
  for (const link of links) groups.set(link.type, [...(groups.get(link.type) ?? []), link]);
  return groups;
}

export function toMergeProposal(props: Record<string, unknown>): MergeProposal {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return Object.assign(new MergeProposal(), {
    id: String(props.id),
    keepId: String(props.keepId),
    mergeId: String(props.mergeId),
    state: props.state as MergeState,
    score: typeof props.score === 'number' ? props.score : null,
    reasons: Array.isArray(props.reasons) ? props.reasons.map(String) : [],
    note: text(props.note),
    proposedBy: String(props.proposedBy),
    proposedAt: String(props.proposedAt),
    decidedBy: text(props.decidedBy),
    decidedAt: text(props.decidedAt),
    decisionNote: text(props.decisionNote),
    auditEntryId: text(props.auditEntryId),
  });
}

/**
 * Proposals are `(:MergeProposal)` nodes that hold the two actor ids as properties, not links:
 * a proposal outlives the actor a merge deletes. Relationship types come from the fixed model
 * list (checked when a merge's trail is read), so they are the only thing interpolated here.
 */
export class MergeRepository {
  async create(tx: Tx, proposal: NewMergeProposal): Promise<MergeProposal> {
    const result = await tx.run(
      `CREATE (p:MergeProposal)
       SET p = $proposal, p.state = $state, p.proposedAt = datetime()
       RETURN properties(p) AS p`,
      { proposal, state: MergeState.PROPOSED },
    );
    return toMergeProposal(plainRecord(result.records[0].get('p')));
  }

  async byId(tx: Tx, id: string): Promise<MergeProposal | null> {
    const result = await tx.run('MATCH (p:MergeProposal {id: $id}) RETURN properties(p) AS p', { id });
    return result.records.length ? toMergeProposal(plainRecord(result.records[0].get('p'))) : null;
  }

  /** Reads a proposal after taking its write lock, so that two decisions on it cannot both see it open. */
  async lock(tx: Tx, id: string): Promise<MergeProposal | null> {
    const result = await tx.run(
      'MATCH (p:MergeProposal {id: $id}) SET p.mergeLock = true REMOVE p.mergeLock RETURN properties(p) AS p',
      { id },
    );
    return result.records.length ? toMergeProposal(plainRecord(result.records[0].get('p'))) : null;
  }

  /** The proposal, either way round, that is still waiting for a decision on this pair. */
  async openFor(tx: Tx, aId: string, bId: string): Promise<MergeProposal | null> {
    const result = await tx.run(
      `CALL () {
         MATCH (p:MergeProposal {keepId: $aId}) WHERE p.mergeId = $bId RETURN p
         UNION
         MATCH (p:MergeProposal {keepId: $bId}) WHERE p.mergeId = $aId RETURN p
       }
       WITH p WHERE p.state = $state
       RETURN properties(p) AS p ORDER BY p.id LIMIT 1`,
      { aId, bId, state: MergeState.PROPOSED },
    );
    return result.records.length ? toMergeProposal(plainRecord(result.records[0].get('p'))) : null;
  }

  /** The pairs, among those given, that an editor rejected, whichever way round they were proposed. */
  async rejectedPairs(tx: Tx, pairs: readonly (readonly [string, string])[]): Promise<[string, string][]> {
    if (pairs.length === 0) return [];
    const result = await tx.run(
      `UNWIND $pairs AS pair
       WITH pair WHERE EXISTS { MATCH (p:MergeProposal {keepId: pair[0]}) WHERE p.mergeId = pair[1] AND p.state = $state }
                    OR EXISTS { MATCH (p:MergeProposal {keepId: pair[1]}) WHERE p.mergeId = pair[0] AND p.state = $state }
       RETURN pair`,
      { pairs, state: MergeState.REJECTED },
    );
    return result.records.map((record) => {
      const [a, b] = record.get('pair') as string[];
      return [a, b];
    });
  }

  async decide(tx: Tx, id: string, decision: MergeDecision): Promise<MergeProposal> {
    const result = await tx.run(
      `MATCH (p:MergeProposal {id: $id})
       SET p += $decision, p.decidedAt = datetime()
       RETURN properties(p) AS p`,
      { id, decision },
    );
    return toMergeProposal(plainRecord(result.records[0].get('p')));
  }

  /** Marks the accepted proposal behind a merge as undone; null when the merge had none (mergeActors). */
  async markUndone(tx: Tx, auditEntryId: string): Promise<MergeProposal | null> {
    const result = await tx.run(
      `MATCH (p:MergeProposal {auditEntryId: $auditEntryId}) WHERE p.state = $accepted
       SET p.state = $undone
       RETURN properties(p) AS p`,
      { auditEntryId, accepted: MergeState.ACCEPTED, undone: MergeState.UNDONE },
    );
    return result.records.length ? toMergeProposal(plainRecord(result.records[0].get('p'))) : null;
  }

  /** A page in id order (ids start with their creation time), and the total under the same filter. */
  async page(tx: Tx, query: MergeProposalQuery): Promise<{ rows: MergeProposal[]; totalCount: number; hasNextPage: boolean }> {
    const proposals = query.actorId
      ? `CALL () {
           MATCH (p:MergeProposal {keepId: $actorId}) RETURN p
           UNION
           MATCH (p:MergeProposal {mergeId: $actorId}) RETURN p
         }`
      : query.state
        ? 'MATCH (p:MergeProposal {state: $state})'
        : 'MATCH (p:MergeProposal)';
    const result = await tx.run(
      `${proposals}
       WITH p WHERE $state IS NULL OR p.state = $state
       WITH p ORDER BY p.id
       WITH count(*) AS totalCount, collect(p) AS ordered
       RETURN totalCount, [p IN ordered WHERE $afterId IS NULL OR p.id > $afterId | properties(p)][0..$limit] AS page`,
      { state: query.state, actorId: query.actorId, afterId: query.afterId, limit: int(query.first + 1) },
    );
    const record = result.records[0];
    const totalCount = record ? Number(record.get('totalCount')) : 0;
    const rows = record ? (record.get('page') as unknown[]).map((props) => toMergeProposal(plainRecord(props))) : [];
    return { rows: rows.slice(0, query.first), totalCount, hasNextPage: rows.length > query.first };
  }

  /** Reads an actor after taking its write lock: proposals of a pair, and undos of a merge, run one after the other. */
  async lockActor(tx: Tx, id: string): Promise<Record<string, unknown> | null> {
    const result = await tx.run('MATCH (n:Actor {id: $id}) SET n.mergeLock = true REMOVE n.mergeLock RETURN properties(n) AS props', { id });
    return result.records.length ? plainRecord(result.records[0].get('props')) : null;
  }

  /** Brings back a deleted actor with its stored properties; it was written again now. */
  async recreateActor(tx: Tx, props: Record<string, unknown>): Promise<Record<string, unknown>> {
    const stored = Object.fromEntries(Object.entries(props).filter(([key]) => key !== 'createdAt' && key !== 'updatedAt'));
    const result = await tx.run(
      `CREATE (n:Actor)
       SET n = $props, n.createdAt = coalesce(datetime($createdAt), datetime()), n.updatedAt = datetime()
       RETURN properties(n) AS props`,
      { props: stored, createdAt: typeof props.createdAt === 'string' ? props.createdAt : null },
    );
    return plainRecord(result.records[0].get('props'));
  }

  /** Where each of these links is now; a link missing from the map no longer exists. */
  async linkEnds(tx: Tx, links: readonly { id: string; type: RelationshipTypeName }[]): Promise<Map<string, LinkEnds>> {
    const ends = new Map<string, LinkEnds>();
    for (const [type, group] of groupByType(links)) {
      const result = await tx.run(
        `UNWIND $ids AS id
         MATCH (a)-[r:${type} {id: id}]->(b) USING INDEX SEEK r:${type}(id)
         RETURN id, a.id AS fromId, a:Actor AS fromIsActor, b.id AS toId, b:Actor AS toIsActor`,
        { ids: group.map((link) => link.id) },
      );
      for (const record of result.records) {
        ends.set(String(record.get('id')), {
          fromId: String(record.get('fromId')),
          fromIsActor: record.get('fromIsActor') === true,
          toId: String(record.get('toId')),
          toIsActor: record.get('toIsActor') === true,
        });
      }
    }
    return ends;
  }

  /** Moves links from the kept actor back to the merged one, at the end the merged one held. */
  async moveLinksBack(tx: Tx, keepId: string, mergeId: string, links: readonly MovedLink[]): Promise<{ moved: number; otherEnds: string[] }> {
    let moved = 0;
    const otherEnds = new Set<string>();
    for (const [type, group] of groupByType(links)) {
      for (const end of ['from', 'to'] as const) {
        const ids = group.filter((link) => link.end === end).map((link) => link.id);
        if (ids.length === 0) continue;
        const [kept, other, create] = end === 'from' ? ['a', 'b', `(m)-[r2:${type}]->(b)`] : ['b', 'a', `(a)-[r2:${type}]->(m)`];
        const result = await tx.run(
          `UNWIND $ids AS id
           MATCH (a)-[r:${type} {id: id}]->(b) USING INDEX SEEK r:${type}(id)
           WITH a, r, b WHERE ${kept}:Actor AND ${kept}.id = $keepId
           MATCH (m:Actor {id: $mergeId})
           CREATE ${create}
           SET r2 = properties(r)
           DELETE r
           RETURN count(r2) AS moved, collect(DISTINCT ${other}.id) AS others`,
          { keepId, mergeId, ids },
        );
        const count = Number(result.records[0]?.get('moved') ?? 0);
        for (const id of (result.records[0]?.get('others') as string[] | undefined) ?? []) otherEnds.add(id);
        // Checked before anything moved; a shortfall means a link changed meanwhile, and everything must roll back.
        if (count !== ids.length) throw new Error(`${ids.length - count} ${type} link(s) left the kept actor while being moved back`);
        moved += count;
      }
    }
    return { moved, otherEnds: [...otherEnds] };
  }

  /** Recreates links that a merge deleted, with their own ids and properties. */
  async recreateLinks(tx: Tx, links: readonly DroppedLink[]): Promise<number> {
    let created = 0;
    for (const [type, group] of groupByType(links)) {
      const result = await tx.run(
        `UNWIND $rows AS row
         MATCH (a:Actor {id: row.fromId}), (b:Actor {id: row.toId})
         CREATE (a)-[r:${type}]->(b)
         SET r = row.props, r.createdAt = datetime(row.props.createdAt), r.updatedAt = datetime(row.props.updatedAt)
         RETURN count(r) AS created`,
        { rows: group.map(({ fromId, toId, props }) => ({ fromId, toId, props })) },
      );
      const count = Number(result.records[0]?.get('created') ?? 0);
      if (count !== group.length) throw new Error(`${group.length - count} ${type} link(s) lost an endpoint while being recreated`);
      created += count;
    }
    return created;
  }

  /** Gives the merged actor back the flows it reported, unless their reporter was changed since. */
  async returnReports(tx: Tx, keepId: string, mergeId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.run(
      `UNWIND $ids AS id
       MATCH ()-[r:FUNDS {id: id}]->() USING INDEX SEEK r:FUNDS(id)
       WITH r WHERE r.reportingOrgId = $keepId
       SET r.reportingOrgId = $mergeId`,
      { ids, keepId, mergeId },
    );
  }

  /** The identifier keys among these that the actor holds now. */
  async identifiersHeld(tx: Tx, actorId: string, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const result = await tx.run(
      `UNWIND $keys AS key
       MATCH (:Actor {id: $actorId})-[:IDENTIFIED_BY]->(i:Identifier {key: key})
       RETURN i.key AS key`,
      { actorId, keys },
    );
    return new Set(result.records.map((record) => String(record.get('key'))));
  }

  async moveIdentifiersBack(tx: Tx, keepId: string, mergeId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await tx.run(
      `MATCH (m:Actor {id: $mergeId})
       UNWIND $keys AS key
       MATCH (:Actor {id: $keepId})-[r:IDENTIFIED_BY]->(i:Identifier {key: key})
       MERGE (m)-[:IDENTIFIED_BY]->(i)
       DELETE r`,
      { keepId, mergeId, keys },
    );
  }
}
