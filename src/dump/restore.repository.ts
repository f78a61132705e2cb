import type { Tx } from '../db/database';
import type { NodeLabel, RecordLabel, RelationshipTypeName } from '../relationships/relationship-kinds';
import type { IdentifierRow } from '../actors/identifiers';
import { datetimeKeys, integerKeys, VERBATIM_SECTIONS, VerbatimSection } from './dump.format';

/**
 * The writes of a restore into an empty database: CREATE, not MERGE (nothing is there to match),
 * every property as the dump gives it, createdAt and updatedAt from the text Neo4j wrote them as.
 * Labels and types come from the model's fixed lists, never from the file.
 */

export interface RestoredNode {
  id: string;
  props: Record<string, unknown>;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface RestoredLink extends RestoredNode {
  fromId: string;
  toId: string;
}

export class RestoreRepository {
  async createNodes(tx: Tx, label: RecordLabel, rows: readonly RestoredNode[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.run(
      `UNWIND $rows AS row
       CREATE (n:${label})
       SET n = row.props, n.id = row.id, n.createdAt = datetime(row.createdAt), n.updatedAt = datetime(row.updatedAt)`,
      { rows },
    );
  }

  /** An identifier node with no sourceIds property when none back it, as IdentifierRepository.attach leaves it. */
  async createIdentifiers(tx: Tx, rows: readonly (IdentifierRow & { actorId: string })[]): Promise<void> {
    if (rows.length === 0) return;
    const result = await tx.run(
      `UNWIND $rows AS row
       MATCH (a:Actor {id: row.actorId})
       CREATE (a)-[:IDENTIFIED_BY]->(i:Identifier {key: row.key, scheme: row.scheme, value: row.value})
       SET i.sourceIds = CASE WHEN size(row.sourceIds) = 0 THEN null ELSE row.sourceIds END
       RETURN count(i) AS created`,
      { rows },
    );
    const created = Number(result.records[0]?.get('created') ?? 0);
    if (created !== rows.length) throw new Error(`${rows.length - created} identifier(s) of the dump lost their actor while being restored`);
  }

  async createLinks(tx: Tx, type: RelationshipTypeName, fromLabel: NodeLabel, toLabel: NodeLabel, rows: readonly RestoredLink[]): Promise<void> {
    if (rows.length === 0) return;
    const result = await tx.run(
      `UNWIND $rows AS row
       MATCH (a:${fromLabel} {id: row.fromId})
       MATCH (b:${toLabel} {id: row.toId})
       CREATE (a)-[r:${type}]->(b)
       SET r = row.props, r.id = row.id, r.createdAt = datetime(row.createdAt), r.updatedAt = datetime(row.updatedAt)
       RETURN count(r) AS created`,
      { rows },
    );
    // The rows were checked against the nodes written before; a shortfall means one is missing, and the write must fail.
    const created = Number(result.records[0]?.get('created') ?? 0);
    if (created !== rows.length) throw new Error(`${rows.length - created} ${type} link(s) of the dump lost an endpoint while being restored`);
  }

  /** Merge proposals and audit entries, property for property; their datetime properties from their text. */
  async createVerbatim(tx: Tx, section: VerbatimSection, rows: readonly Record<string, unknown>[]): Promise<void> {
    if (rows.length === 0) return;
    const { label } = VERBATIM_SECTIONS[section];
    const datetimes = datetimeKeys(section).map((key) => `, n.${key} = datetime(row.${key})`).join('');
    const integers = integerKeys(section).map((key) => `, n.${key} = toInteger(row.${key})`).join('');
    await tx.run(`UNWIND $rows AS row CREATE (n:${label}) SET n = row${datetimes}${integers}`, { rows });
  }
}
