import { randomBytes } from 'node:crypto';
import { openTestDatabase, TestDatabase } from '../support/database';
import { ensuredSchema, migrate, MIGRATIONS } from '../../src/db/migrations';
import { RECORD_LABELS, RELATIONSHIP_TYPES } from '../../src/relationships/relationship-kinds';

let test: TestDatabase;

beforeAll(async () => {
  test = await openTestDatabase();
});

afterAll(async () => {
  await test.close();
});

async function indexNames(): Promise<Set<string>> {
  return test.db.read(async (tx) => {
    const result = await tx.run<{ name: string }>('SHOW INDEXES YIELD name RETURN name');
    return new Set(result.records.map((r) => r.get('name')));
  });
}

describe('migrations', () => {
  it('never build a statement from a list that changes later', () => {
    const statements = MIGRATIONS.flatMap((m) => m.statements);
    expect(statements.filter((s) => s.includes('${') || s.includes('undefined'))).toEqual([]);
    expect(MIGRATIONS.find((m) => m.id === '002-relationship-ids')!.statements).toHaveLength(11);
  });

  it('give RELATED_TO, which came after migration 002, its id index through the ensured schema', async () => {
    expect(MIGRATIONS.flatMap((m) => m.statements).some((s) => s.includes('RELATED_TO'))).toBe(false);
    expect(ensuredSchema().find((object) => object.name === 'rel_related_to_id')).toEqual({
      name: 'rel_related_to_id',
      kind: 'index',
      statement: 'CREATE INDEX rel_related_to_id IF NOT EXISTS FOR ()-[r:RELATED_TO]-() ON (r.id)',
    });
    expect(await indexNames()).toContain('rel_related_to_id');
  });

  it('give a relationship type added after migration 002 ran its id index, so index seeks on it work', async () => {
    // This database ran every migration and ensured today's types; the code now knows one more.
    const added = `ADDED_LINK_${randomBytes(4).toString('hex').toUpperCase()}`;
    const index = `rel_${added.toLowerCase()}_id`;
    expect(await indexNames()).not.toContain(index);
    try {
      const report = await migrate(test.db, { ensure: ensuredSchema(RECORD_LABELS, [...RELATIONSHIP_TYPES, added]) });
      expect(report.migrations).toEqual([]);
      expect(report.ensured).toEqual([index]);
      expect(await indexNames()).toContain(index);

      const id = `link-${randomBytes(4).toString('hex')}`;
      await test.db.write((tx) => tx.run(`CREATE (:Probe)-[:${added} {id: $id}]->(:Probe)`, { id }));
      const found = await test.db.read((tx) =>
        tx.run(`MATCH ()-[r:${added} {id: $id}]->() USING INDEX SEEK r:${added}(id) RETURN r.id AS id`, { id }),
      );
      expect(found.records.map((r) => r.get('id'))).toEqual([id]);

      const again = await migrate(test.db, { ensure: ensuredSchema(RECORD_LABELS, [...RELATIONSHIP_TYPES, added]) });
      expect(again).toEqual({ migrations: [], ensured: [] });
    } finally {
      await test.db.write((tx) => tx.run(`MATCH (p:Probe)-[r:${added}]->(q:Probe) DELETE r, p, q`));
      await test.db.write((tx) => tx.run(`DROP INDEX ${index} IF EXISTS`));
    }
  });

  it('turn stored cents into exact decimal strings and floats (006), and drop the cents', async () => {
    const tag = randomBytes(4).toString('hex');
    const initiativeId = `initiative-cents-${tag}`;
    // Cents as the driver stored them: JavaScript numbers, so Neo4j floats.
    const links = [
      { id: `link-cents-${tag}-a`, cents: -123456, eurCents: 5 },
      { id: `link-cents-${tag}-b`, cents: 100000000, eurCents: -7 },
      { id: `link-cents-${tag}-c`, cents: 0, eurCents: null },
    ];
    const statements = MIGRATIONS.find((m) => m.id === '006-exact-amounts')!.statements;
    try {
      await test.db.write((tx) =>
        tx.run(
          `UNWIND $links AS link
           CREATE (:Probe {tag: $tag})-[r:FUNDS {id: link.id, amountCents: link.cents, currency: 'EUR'}]->(:Probe {tag: $tag})
           SET r.amountEurCents = link.eurCents`,
          { links, tag },
        ),
      );
      await test.db.write((tx) =>
        tx.run(
          `CREATE (:Initiative {id: $id, name: 'Budget in cents', budgetAmountCents: 1050.0, budgetCurrency: 'XOF', budgetAmountEurCents: 1234567890123.0})`,
          { id: initiativeId },
        ),
      );
      for (const statement of statements) await test.db.write((tx) => tx.run(statement));

      const found = await test.db.read(async (tx) => {
        const result = await tx.run(
          `MATCH ()-[r:FUNDS]->() WHERE r.id IN $ids
           RETURN r.id AS id, properties(r) AS props ORDER BY id`,
          { ids: links.map((link) => link.id) },
        );
        return result.records.map((r) => r.get('props') as Record<string, unknown>);
      });
      const money = (props: Record<string, unknown>) => ({
        amountExact: props.amountExact,
        amountValue: props.amountValue,
        amountEurExact: props.amountEurExact,
        amountEurValue: props.amountEurValue,
        cents: Object.keys(props).filter((key) => key.endsWith('Cents')),
      });
      expect(found.map(money)).toEqual([
        { amountExact: '-1234.56', amountValue: -1234.56, amountEurExact: '0.05', amountEurValue: 0.05, cents: [] },
        { amountExact: '1000000', amountValue: 1000000, amountEurExact: '-0.07', amountEurValue: -0.07, cents: [] },
        { amountExact: '0', amountValue: 0, amountEurExact: undefined, amountEurValue: undefined, cents: [] },
      ]);

      const initiative = await test.db.read(async (tx) => {
        const result = await tx.run('MATCH (n:Initiative {id: $id}) RETURN properties(n) AS props', { id: initiativeId });
        return result.records[0].get('props') as Record<string, unknown>;
      });
      expect(initiative).toMatchObject({
        budgetExact: '10.5',
        budgetValue: 10.5,
        budgetCurrency: 'XOF',
        budgetEurExact: '12345678901.23',
        budgetEurValue: 12345678901.23,
      });
      expect(Object.keys(initiative).filter((key) => key.endsWith('Cents'))).toEqual([]);

      // Running it again finds nothing left to convert and changes nothing.
      for (const statement of statements) await test.db.write((tx) => tx.run(statement));
      const again = await test.db.read(async (tx) => {
        const result = await tx.run('MATCH ()-[r:FUNDS]->() WHERE r.id IN $ids RETURN r.amountExact AS exact ORDER BY r.id', { ids: links.map((link) => link.id) });
        return result.records.map((r) => r.get('exact'));
      });
      expect(again).toEqual(['-1234.56', '1000000', '0']);
    } finally {
      await test.db.write((tx) => tx.run('MATCH (p:Probe {tag: $tag}) DETACH DELETE p', { tag }));
      await test.db.write((tx) => tx.run('MATCH (n:Initiative {id: $id}) DETACH DELETE n', { id: initiativeId }));
    }
  });

  it('keep identifier keys unique (008), so that one identifier is one node held by one actor', async () => {
    expect(MIGRATIONS.find((m) => m.id === '008-identifier-keys')!.statements).toEqual([
      'CREATE CONSTRAINT identifier_key IF NOT EXISTS FOR (n:Identifier) REQUIRE n.key IS UNIQUE',
    ]);
    const constraints = await test.db.read(async (tx) =>
      (await tx.run("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type WHERE name = 'identifier_key' RETURN labelsOrTypes, properties, type")).records.map(
        (r) => r.toObject(),
      ),
    );
    expect(constraints).toEqual([{ labelsOrTypes: ['Identifier'], properties: ['key'], type: 'UNIQUENESS' }]);
    const key = `IATI:XX-TEST-${randomBytes(4).toString('hex').toUpperCase()}`;
    try {
      await test.db.write((tx) => tx.run("CREATE (:Identifier {key: $key, scheme: 'IATI', value: 'x'})", { key }));
      await expect(test.db.write((tx) => tx.run("CREATE (:Identifier {key: $key, scheme: 'IATI', value: 'x'})", { key }))).rejects.toThrow(/already exists/);
    } finally {
      await test.db.write((tx) => tx.run('MATCH (i:Identifier {key: $key}) DELETE i', { key }));
    }
  });

  it('index merge proposals by id, kept and merged actor, state and audit entry, and audit entries by id (009)', async () => {
    const statements = MIGRATIONS.find((m) => m.id === '009-merge-proposals')!.statements;
    expect(statements).toHaveLength(6);
    const found = await test.db.read(async (tx) => {
      const result = await tx.run<{ name: string; labels: string[]; properties: string[] }>(
        "SHOW INDEXES YIELD name, labelsOrTypes AS labels, properties WHERE name STARTS WITH 'merge' OR name = 'audit_id' OR name = 'mergeproposal_id' RETURN name, labels, properties ORDER BY name",
      );
      return result.records.map((r) => ({ name: r.get('name'), labels: r.get('labels'), properties: r.get('properties') }));
    });
    expect(found).toEqual([
      { name: 'audit_id', labels: ['AuditEntry'], properties: ['id'] },
      { name: 'merge_proposal_audit_entry', labels: ['MergeProposal'], properties: ['auditEntryId'] },
      { name: 'merge_proposal_keep', labels: ['MergeProposal'], properties: ['keepId'] },
      { name: 'merge_proposal_merge', labels: ['MergeProposal'], properties: ['mergeId'] },
      { name: 'merge_proposal_state', labels: ['MergeProposal'], properties: ['state'] },
      { name: 'mergeproposal_id', labels: ['MergeProposal'], properties: ['id'] },
    ]);
  });

  it('run nothing on a database that is up to date', async () => {
    expect(await migrate(test.db)).toEqual({ migrations: [], ensured: [] });
  });
});
