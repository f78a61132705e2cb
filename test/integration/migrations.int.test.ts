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

  it('give a relationship type added after migration 002 ran its id index, so index seeks on it work', async () => {
    // This database ran every migration with today's eleven types; the code now knows one more.
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

  it('run nothing on a database that is up to date', async () => {
    expect(await migrate(test.db)).toEqual({ migrations: [], ensured: [] });
  });
});
