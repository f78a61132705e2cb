import { RELATIONSHIP_TYPES } from '../relationships/relationship-kinds';
import type { Database } from './database';

/** Building an index on a large graph takes far longer than any request may. */
const MIGRATION_TIMEOUT_MS = 10 * 60 * 1000;

interface Migration {
  id: string;
  statements: string[];
}

const NODE_LABELS_WITH_ID = ['Actor', 'Initiative', 'Territory', 'Source', 'AuditEntry'];

/** Append-only: a migration that has run is never edited, a new one is added instead. */
export const MIGRATIONS: Migration[] = [
  {
    id: '001-node-ids-and-names',
    statements: [
      ...NODE_LABELS_WITH_ID.map(
        (label) => `CREATE CONSTRAINT ${label.toLowerCase()}_id IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`,
      ),
      ...['Actor', 'Initiative', 'Territory', 'Source'].map(
        (label) => `CREATE INDEX ${label.toLowerCase()}_name IF NOT EXISTS FOR (n:${label}) ON (n.name)`,
      ),
      ...['Actor', 'Initiative'].map(
        (label) => `CREATE INDEX ${label.toLowerCase()}_kind IF NOT EXISTS FOR (n:${label}) ON (n.kind)`,
      ),
      'CREATE INDEX territory_level IF NOT EXISTS FOR (n:Territory) ON (n.level)',
    ],
  },
  {
    id: '002-relationship-ids',
    statements: RELATIONSHIP_TYPES.map(
      (type) => `CREATE INDEX rel_${type.toLowerCase()}_id IF NOT EXISTS FOR ()-[r:${type}]-() ON (r.id)`,
    ),
  },
  {
    id: '003-full-text-search',
    statements: [
      "CREATE FULLTEXT INDEX node_search IF NOT EXISTS FOR (n:Actor|Initiative|Territory) ON EACH [n.name, n.aliasesText, n.acronym] OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding' } }",
    ],
  },
  {
    id: '004-audit-trail',
    statements: ['CREATE INDEX audit_target IF NOT EXISTS FOR (n:AuditEntry) ON (n.targetId)'],
  },
  {
    // Entry ids are random UUIDs minted by AuditRepository and never looked up; keeping them unique
    // cost a third of every audit write, which bulk imports make once per row.
    id: '005-audit-id-unconstrained',
    statements: ['DROP CONSTRAINT auditentry_id IF EXISTS'],
  },
];

export async function migrate(db: Database): Promise<string[]> {
  const applied = await db.read(
    async (tx) => {
      const result = await tx.run<{ id: string }>('MATCH (m:Migration) RETURN m.id AS id');
      return new Set(result.records.map((r) => r.get('id')));
    },
    { timeoutMs: MIGRATION_TIMEOUT_MS },
  );
  const ran: string[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    // Schema statements cannot share a transaction with data writes, so each runs on its own.
    for (const statement of migration.statements) {
      await db.write((tx) => tx.run(statement), { timeoutMs: MIGRATION_TIMEOUT_MS });
    }
    await db.write((tx) =>
      tx.run('MERGE (m:Migration {id: $id}) ON CREATE SET m.appliedAt = datetime()', { id: migration.id }),
    );
    ran.push(migration.id);
  }
  await db.write((tx) => tx.run('CALL db.awaitIndexes(300)'), { timeoutMs: MIGRATION_TIMEOUT_MS });
  return ran;
}
