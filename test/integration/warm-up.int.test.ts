import type { GraphQLSchema } from 'graphql';
import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { createSchema } from '../../src/server/schema';
import { warmUp } from '../../src/server/warm-up';
import { ChangeKind, type ChangeNote } from '../../src/events/changes';

let test: TestDatabase;
let schema: GraphQLSchema;

beforeAll(async () => {
  test = await openTestDatabase();
  schema = await createSchema(test.services);
});

afterAll(async () => {
  await test.close();
});

async function exists(id: string): Promise<boolean> {
  const result = await test.db.read((tx) => tx.run('MATCH (n {id: $id}) RETURN count(n) AS n UNION ALL MATCH ()-[r {id: $id}]->() RETURN count(r) AS n', { id }));
  return result.records.some((record) => Number(record.get('n')) > 0);
}

describe('Database.rehearse', () => {
  it('runs a write to its end, returns its result, and leaves nothing written nor published', async () => {
    const id = uniqueId('rehearsed');
    const published: ChangeNote[] = [];
    const stop = test.db.onCommit((notes) => published.push(...notes));
    try {
      const seen = await test.db.rehearse(() =>
        test.db.write(async (tx) => {
          await tx.run('CREATE (:Rehearsal {id: $id})', { id });
          tx.publishOnCommit({ topic: 'graph', change: ChangeKind.CREATED, nodeIds: [id] });
          const inside = await tx.run('MATCH (n:Rehearsal {id: $id}) RETURN count(n) AS n', { id });
          return Number(inside.records[0].get('n'));
        }),
      );
      expect(seen).toBe(1);
      expect(await exists(id)).toBe(false);
      expect(published.filter((note) => note.topic === 'graph' && note.nodeIds.includes(id))).toEqual([]);
    } finally {
      stop();
    }
  });

  it('leaves writes outside it alone', async () => {
    const id = uniqueId('committed');
    await test.db.rehearse(async () => undefined);
    await test.db.write((tx) => tx.run('CREATE (:Rehearsal {id: $id})', { id }));
    try {
      expect(await exists(id)).toBe(true);
    } finally {
      await test.db.write((tx) => tx.run('MATCH (n:Rehearsal {id: $id}) DELETE n', { id }));
    }
  });
});

describe('warmUp', () => {
  it('runs every operation, reads and mutations, without an error and writes nothing', async () => {
    const report = await warmUp(schema, test.services, { rounds: 1 });
    expect(report).toMatchObject({ ran: true, rounds: 1, errors: [] });
    expect(await exists('warm-up-actor')).toBe(false);
    expect(await exists('warm-up-link')).toBe(false);
    const audit = await test.db.read((tx) => tx.run("MATCH (e:AuditEntry) WHERE e.targetId IN ['warm-up-actor', 'warm-up-link'] RETURN count(e) AS n"));
    expect(Number(audit.records[0].get('n'))).toBe(0);
  });
});
