import { int, Tx } from '../db/database';
import { NODE_LABELS, NodeLabel, RecordLabel } from '../relationships/relationship-kinds';
import type { VerbatimLabel } from './dump.format';

/**
 * The reads of `npm run dump`. Every page is one short read transaction that seeks the id index
 * from the last id of the page before (keyset pagination: no SKIP, which would read every row
 * before the page again) and comes out in index order, with no sort.
 */

export interface Census {
  /** Nodes per label, from the count store. */
  labels: Map<string, number>;
  /** Links per type, from the count store. */
  types: Map<string, number>;
  nodes: number;
  relationships: number;
}

export interface StoredNode {
  /** Properties, createdAt and updatedAt as Neo4j's text of the datetime (STAMPS). */
  props: Record<string, unknown>;
  /** False when createdAt or updatedAt is there but no datetime. */
  stampsAreDatetimes: boolean;
  /** An actor's Identifier nodes. */
  identifiers: Record<string, unknown>[];
}

export interface StoredLink {
  element: string;
  stampsAreDatetimes: boolean;
  fromId: unknown;
  fromLabel: NodeLabel | null;
  toId: unknown;
  toLabel: NodeLabel | null;
  props: Record<string, unknown>;
}

export interface StoredVerbatim {
  element: string;
  /** Properties, datetimes as their text. */
  props: Record<string, unknown>;
  /** False when a datetime property of the spec holds something else. */
  datetimesAreDatetimes: boolean;
}

/**
 * A map projection of `x` whose datetime properties `keys` are Neo4j's text of the datetime
 * (what datetime() reads back to the same value), and a check that each is a datetime or absent.
 * Decoding a datetime in the driver costs far more than decoding its text: it was a quarter of
 * the dump's time. `keys` are constant property names, never values.
 */
function withDatetimeText(x: string, keys: readonly string[]): { projection: string; check: string } {
  return {
    projection: `${x} {.*${keys.map((key) => `, ${key}: toString(${x}.${key})`).join('')}}`,
    check: keys.length ? keys.map((key) => `${x}.${key} IS :: ZONED DATETIME`).join(' AND ') : 'true',
  };
}

const STAMPS = ['createdAt', 'updatedAt'];

/** A label or type named by the database itself, quoted for Cypher. */
function quoted(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

export class DumpRepository {
  async census(tx: Tx): Promise<Census> {
    const labels = new Map<string, number>();
    for (const record of (await tx.run('CALL db.labels() YIELD label RETURN label ORDER BY label')).records) {
      const label = String(record.get('label'));
      const count = Number((await tx.run(`MATCH (n:${quoted(label)}) RETURN count(n) AS c`)).records[0].get('c'));
      if (count > 0) labels.set(label, count);
    }
    const types = new Map<string, number>();
    for (const record of (await tx.run('CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType ORDER BY relationshipType')).records) {
      const type = String(record.get('relationshipType'));
      const count = Number((await tx.run(`MATCH ()-[r:${quoted(type)}]->() RETURN count(r) AS c`)).records[0].get('c'));
      if (count > 0) types.set(type, count);
    }
    const totals = (await tx.run('CALL { MATCH (n) RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships')).records[0];
    return { labels, types, nodes: Number(totals.get('nodes')), relationships: Number(totals.get('relationships')) };
  }

  /** Nodes of a record label with ids after `after`, in id order; actors with their identifiers. */
  async nodes(tx: Tx, label: RecordLabel, after: string, limit: number): Promise<StoredNode[]> {
    const identifiers = label === 'Actor' ? 'COLLECT { MATCH (n)-[:IDENTIFIED_BY]->(i:Identifier) RETURN properties(i) }' : '[]';
    const { projection, check } = withDatetimeText('n', STAMPS);
    const result = await tx.run(
      `MATCH (n:${label}) WHERE n.id > $after
       WITH n ORDER BY n.id LIMIT $limit
       RETURN ${projection} AS props, ${check} AS stampsAreDatetimes, ${identifiers} AS identifiers`,
      { after, limit: int(limit) },
    );
    return result.records.map((record) => ({
      props: record.get('props') as Record<string, unknown>,
      stampsAreDatetimes: record.get('stampsAreDatetimes') === true,
      identifiers: record.get('identifiers') as Record<string, unknown>[],
    }));
  }

  /**
   * Links of one type with ids from `after` on, the link of that id included: link ids have an
   * index, not a constraint, and the caller tells a link seen already from another with the same
   * id by its element id.
   */
  async links(tx: Tx, type: string, after: string, limit: number): Promise<StoredLink[]> {
    const { projection, check } = withDatetimeText('r', STAMPS);
    const result = await tx.run(
      `MATCH (a)-[r:${quoted(type)}]->(b) WHERE r.id >= $after
       WITH a, r, b ORDER BY r.id LIMIT $limit
       RETURN elementId(r) AS element, a.id AS fromId, [l IN labels(a) WHERE l IN $nodeLabels][0] AS fromLabel,
              b.id AS toId, [l IN labels(b) WHERE l IN $nodeLabels][0] AS toLabel, ${projection} AS props, ${check} AS stampsAreDatetimes`,
      { after, limit: int(limit), nodeLabels: NODE_LABELS },
    );
    return result.records.map((record) => ({
      element: String(record.get('element')),
      stampsAreDatetimes: record.get('stampsAreDatetimes') === true,
      fromId: record.get('fromId'),
      fromLabel: (record.get('fromLabel') as NodeLabel | null) ?? null,
      toId: record.get('toId'),
      toLabel: (record.get('toLabel') as NodeLabel | null) ?? null,
      props: record.get('props') as Record<string, unknown>,
    }));
  }

  /** Merge proposals or audit entries from `after` on, as `links` reads links (audit entry ids have no constraint). */
  async verbatim(tx: Tx, label: VerbatimLabel, datetimes: readonly string[], after: string, limit: number): Promise<StoredVerbatim[]> {
    const { projection, check } = withDatetimeText('n', datetimes);
    const result = await tx.run(
      `MATCH (n:${label}) WHERE n.id >= $after
       WITH n ORDER BY n.id LIMIT $limit
       RETURN elementId(n) AS element, ${projection} AS props, ${check} AS datetimesAreDatetimes`,
      { after, limit: int(limit) },
    );
    return result.records.map((record) => ({
      element: String(record.get('element')),
      props: record.get('props') as Record<string, unknown>,
      datetimesAreDatetimes: record.get('datetimesAreDatetimes') === true,
    }));
  }
}
