import { RECORD_LABELS, RELATIONSHIP_TYPES } from '../relationships/relationship-kinds';
import type { Database } from './database';

/** Building an index on a large graph takes far longer than any request may. */
const MIGRATION_TIMEOUT_MS = 10 * 60 * 1000;

export interface Migration {
  id: string;
  statements: readonly string[];
}

/**
 * Append-only, and every statement is written out: a migration that has run is never edited, and
 * never depends on a list that changes later (a type added after 002 ran would never get its
 * index). What must exist for every current label or type is the ensured schema's job.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: '001-node-ids-and-names',
    statements: [
      'CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE',
      'CREATE CONSTRAINT initiative_id IF NOT EXISTS FOR (n:Initiative) REQUIRE n.id IS UNIQUE',
      'CREATE CONSTRAINT territory_id IF NOT EXISTS FOR (n:Territory) REQUIRE n.id IS UNIQUE',
      'CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE',
      'CREATE CONSTRAINT auditentry_id IF NOT EXISTS FOR (n:AuditEntry) REQUIRE n.id IS UNIQUE',
      'CREATE INDEX actor_name IF NOT EXISTS FOR (n:Actor) ON (n.name)',
      'CREATE INDEX initiative_name IF NOT EXISTS FOR (n:Initiative) ON (n.name)',
      'CREATE INDEX territory_name IF NOT EXISTS FOR (n:Territory) ON (n.name)',
      'CREATE INDEX source_name IF NOT EXISTS FOR (n:Source) ON (n.name)',
      'CREATE INDEX actor_kind IF NOT EXISTS FOR (n:Actor) ON (n.kind)',
      'CREATE INDEX initiative_kind IF NOT EXISTS FOR (n:Initiative) ON (n.kind)',
      'CREATE INDEX territory_level IF NOT EXISTS FOR (n:Territory) ON (n.level)',
    ],
  },
  {
    id: '002-relationship-ids',
    statements: [
      'CREATE INDEX rel_partners_with_id IF NOT EXISTS FOR ()-[r:PARTNERS_WITH]-() ON (r.id)',
      'CREATE INDEX rel_funds_id IF NOT EXISTS FOR ()-[r:FUNDS]-() ON (r.id)',
      'CREATE INDEX rel_supports_id IF NOT EXISTS FOR ()-[r:SUPPORTS]-() ON (r.id)',
      'CREATE INDEX rel_leads_id IF NOT EXISTS FOR ()-[r:LEADS]-() ON (r.id)',
      'CREATE INDEX rel_participates_in_id IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.id)',
      'CREATE INDEX rel_member_of_id IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.id)',
      'CREATE INDEX rel_coordinates_id IF NOT EXISTS FOR ()-[r:COORDINATES]-() ON (r.id)',
      'CREATE INDEX rel_articulates_id IF NOT EXISTS FOR ()-[r:ARTICULATES]-() ON (r.id)',
      'CREATE INDEX rel_part_of_id IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.id)',
      'CREATE INDEX rel_acts_in_id IF NOT EXISTS FOR ()-[r:ACTS_IN]-() ON (r.id)',
      'CREATE INDEX rel_succeeded_by_id IF NOT EXISTS FOR ()-[r:SUCCEEDED_BY]-() ON (r.id)',
    ],
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
  {
    // Money was integer hundredths; it is now the exact decimal string (canonical: no trailing zeros
    // after the point, "0" for zero, see common/decimal.ts) with a float beside it for sorting and
    // range filters. Integer arithmetic, so 5 cents is "0.05" and -123456 cents is "-1234.56".
    // Old audit entries keep the cents they recorded.
    id: '006-exact-amounts',
    statements: [
      "MATCH ()-[r]->() WHERE r.amountCents IS NOT NULL WITH r, toInteger(r.amountCents) AS c WITH r, c, abs(c) % 100 AS f SET r.amountExact = CASE WHEN c < 0 THEN '-' ELSE '' END + toString(abs(c) / 100) + CASE WHEN f = 0 THEN '' WHEN f % 10 = 0 THEN '.' + toString(f / 10) ELSE '.' + right('0' + toString(f), 2) END SET r.amountValue = toFloat(r.amountExact) REMOVE r.amountCents",
      "MATCH ()-[r]->() WHERE r.amountEurCents IS NOT NULL WITH r, toInteger(r.amountEurCents) AS c WITH r, c, abs(c) % 100 AS f SET r.amountEurExact = CASE WHEN c < 0 THEN '-' ELSE '' END + toString(abs(c) / 100) + CASE WHEN f = 0 THEN '' WHEN f % 10 = 0 THEN '.' + toString(f / 10) ELSE '.' + right('0' + toString(f), 2) END SET r.amountEurValue = toFloat(r.amountEurExact) REMOVE r.amountEurCents",
      "MATCH (n:Initiative) WHERE n.budgetAmountCents IS NOT NULL WITH n, toInteger(n.budgetAmountCents) AS c WITH n, c, abs(c) % 100 AS f SET n.budgetExact = CASE WHEN c < 0 THEN '-' ELSE '' END + toString(abs(c) / 100) + CASE WHEN f = 0 THEN '' WHEN f % 10 = 0 THEN '.' + toString(f / 10) ELSE '.' + right('0' + toString(f), 2) END SET n.budgetValue = toFloat(n.budgetExact) REMOVE n.budgetAmountCents",
      "MATCH (n:Initiative) WHERE n.budgetAmountEurCents IS NOT NULL WITH n, toInteger(n.budgetAmountEurCents) AS c WITH n, c, abs(c) % 100 AS f SET n.budgetEurExact = CASE WHEN c < 0 THEN '-' ELSE '' END + toString(abs(c) / 100) + CASE WHEN f = 0 THEN '' WHEN f % 10 = 0 THEN '.' + toString(f / 10) ELSE '.' + right('0' + toString(f), 2) END SET n.budgetEurValue = toFloat(n.budgetEurExact) REMOVE n.budgetAmountEurCents",
    ],
  },
  {
    // Merges rewrite the reporter of the flows an actor reported; funding-stage rules look it up per pair.
    id: '007-funds-reporting-org',
    statements: ['CREATE INDEX rel_funds_reporting_org IF NOT EXISTS FOR ()-[r:FUNDS]-() ON (r.reportingOrgId)'],
  },
  {
    // An identifier (scheme and normalised value, see actors/identifiers.ts) is one node, held by one
    // actor; the constraint's index also serves the lookups by key of imports and actors(filter).
    id: '008-identifier-keys',
    statements: ['CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (n:Identifier) REQUIRE n.key IS UNIQUE'],
  },
  {
    // Reviewed merges. The duplicate finder skips a pair with a REJECTED proposal, either way round:
    // one seek on keepId then one on mergeId. undoMerge is given an audit entry id, which nothing
    // looked up before: an index, not the unique constraint 005 dropped, so writes pay no uniqueness check.
    id: '009-merge-proposals',
    statements: [
      'CREATE CONSTRAINT mergeproposal_id IF NOT EXISTS FOR (n:MergeProposal) REQUIRE n.id IS UNIQUE',
      'CREATE INDEX merge_proposal_keep IF NOT EXISTS FOR (n:MergeProposal) ON (n.keepId)',
      'CREATE INDEX merge_proposal_merge IF NOT EXISTS FOR (n:MergeProposal) ON (n.mergeId)',
      'CREATE INDEX merge_proposal_state IF NOT EXISTS FOR (n:MergeProposal) ON (n.state)',
      'CREATE INDEX merge_proposal_audit_entry IF NOT EXISTS FOR (n:MergeProposal) ON (n.auditEntryId)',
      'CREATE INDEX audit_id IF NOT EXISTS FOR (n:AuditEntry) ON (n.id)',
    ],
  },
  {
    // Saved maps (src/maps/): one node each, with no relationships, listed by visibility or author.
    // Map.changesSince finds the links deleted since a date from their deleteRelationship entries:
    // an equality on operation and a range on at, which this composite index answers without
    // reading every entry.
    id: '010-saved-maps',
    statements: [
      'CREATE CONSTRAINT map_id IF NOT EXISTS FOR (n:Map) REQUIRE n.id IS UNIQUE',
      'CREATE INDEX map_visibility IF NOT EXISTS FOR (n:Map) ON (n.visibility)',
      'CREATE INDEX map_author IF NOT EXISTS FOR (n:Map) ON (n.author)',
      'CREATE INDEX audit_operation_at IF NOT EXISTS FOR (n:AuditEntry) ON (n.operation, n.at)',
    ],
  },
  {
    // Whole-graph analysis jobs (src/analysis/): looked up by id, and every read of stored metrics
    // finds the current one by its flag; the lock node that serialises starting a job is one of a kind.
    id: '011-analysis-jobs',
    statements: [
      'CREATE CONSTRAINT analysisjob_id IF NOT EXISTS FOR (n:AnalysisJob) REQUIRE n.id IS UNIQUE',
      'CREATE INDEX analysis_job_current IF NOT EXISTS FOR (n:AnalysisJob) ON (n.current)',
      'CREATE INDEX analysis_job_state IF NOT EXISTS FOR (n:AnalysisJob) ON (n.state)',
      'CREATE CONSTRAINT analysislock_id IF NOT EXISTS FOR (n:AnalysisLock) REQUIRE n.id IS UNIQUE',
    ],
  },
];

/** A schema object that must exist for the model as the code knows it now, keyed by its name. */
export interface EnsuredSchemaObject {
  name: string;
  kind: 'index' | 'constraint';
  statement: string;
}

/**
 * What repositories rely on for every label and type of today's model: an `id` constraint per
 * record label, and an `id` index per relationship type (the `USING INDEX SEEK` hints fail
 * without it). Checked at every start, so a type or label added later reaches old databases.
 */
export function ensuredSchema(
  labels: readonly string[] = RECORD_LABELS,
  relationshipTypes: readonly string[] = RELATIONSHIP_TYPES,
): EnsuredSchemaObject[] {
  return [
    ...labels.map((label) => {
      const name = `${label.toLowerCase()}_id`;
      return { name, kind: 'constraint' as const, statement: `CREATE CONSTRAINT ${name} IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE` };
    }),
    ...relationshipTypes.map((type) => {
      const name = `rel_${type.toLowerCase()}_id`;
      return { name, kind: 'index' as const, statement: `CREATE INDEX ${name} IF NOT EXISTS FOR ()-[r:${type}]-() ON (r.id)` };
    }),
  ];
}

export interface MigrateOptions {
  /** Overrides today's model, for tests that play an older or newer version of the code. */
  ensure?: readonly EnsuredSchemaObject[];
}

export interface MigrationReport {
  migrations: string[];
  ensured: string[];
}

export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrationReport> {
  const applied = await db.read(
    async (tx) => {
      const result = await tx.run<{ id: string }>('MATCH (m:Migration) RETURN m.id AS id');
      return new Set(result.records.map((r) => r.get('id')));
    },
    { timeoutMs: MIGRATION_TIMEOUT_MS },
  );
  const migrations: string[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    // Schema statements cannot share a transaction with data writes, so each runs on its own.
    for (const statement of migration.statements) {
      await db.write((tx) => tx.run(statement), { timeoutMs: MIGRATION_TIMEOUT_MS });
    }
    await db.write((tx) =>
      tx.run('MERGE (m:Migration {id: $id}) ON CREATE SET m.appliedAt = datetime()', { id: migration.id }),
    );
    migrations.push(migration.id);
  }
  const ensured = await ensureSchema(db, options.ensure ?? ensuredSchema());
  await db.write((tx) => tx.run('CALL db.awaitIndexes(300)'), { timeoutMs: MIGRATION_TIMEOUT_MS });
  return { migrations, ensured };
}

/** Creates what is missing, by name; on an up-to-date database this is one read. */
async function ensureSchema(db: Database, wanted: readonly EnsuredSchemaObject[]): Promise<string[]> {
  const existing = await db.read(async (tx) => {
    const indexes = await tx.run<{ name: string }>('SHOW INDEXES YIELD name RETURN name');
    const constraints = await tx.run<{ name: string }>('SHOW CONSTRAINTS YIELD name RETURN name');
    return new Set([...indexes.records, ...constraints.records].map((r) => r.get('name')));
  });
  const created: string[] = [];
  for (const object of wanted) {
    if (existing.has(object.name)) continue;
    await db.write((tx) => tx.run(object.statement), { timeoutMs: MIGRATION_TIMEOUT_MS });
    created.push(object.name);
  }
  return created;
}
