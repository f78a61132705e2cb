import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';

let test: TestDatabase;

beforeAll(async () => {
  test = await openTestDatabase();
});

afterAll(async () => {
  await test.close();
});

/** Every operator of a statement's plan, by name. */
function operators(plan: { operatorType: string; children: unknown[] }): string[] {
  return [plan.operatorType, ...plan.children.flatMap((child) => operators(child as typeof plan))];
}

describe('rejected merge proposals, as the duplicate finder asks about them', () => {
  it('name each rejected pair whichever way round it was proposed, and no pair that is only proposed or accepted', async () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => uniqueId(`pair-${name}`));
    try {
      await test.db.write((tx) =>
        tx.run(
          `UNWIND $proposals AS p CREATE (:MergeProposal {id: p.id, keepId: p.keepId, mergeId: p.mergeId, state: p.state, reasons: []})`,
          {
            proposals: [
              { id: uniqueId('proposal'), keepId: a, mergeId: b, state: 'REJECTED' },
              { id: uniqueId('proposal'), keepId: c, mergeId: a, state: 'PROPOSED' },
              { id: uniqueId('proposal'), keepId: d, mergeId: c, state: 'REJECTED' },
            ],
          },
        ),
      );
      const rejected = await test.db.read((tx) =>
        test.services.merges.rejectedPairs(tx, [[a, b], [b, a], [a, c], [c, d], [b, d]]),
      );
      expect(rejected).toEqual([[a, b], [b, a], [c, d]]);
    } finally {
      await test.db.write((tx) => tx.run('MATCH (p:MergeProposal) WHERE p.keepId IN $ids DETACH DELETE p', { ids: [a, b, c, d] }));
    }
  });

  it('find them by index, not by reading every proposal', async () => {
    const plans: unknown[] = [];
    await test.db.read((tx) =>
      test.services.merges.repository.rejectedPairs(
        {
          run: async (cypher, params) => {
            const result = await tx.run(`EXPLAIN ${cypher}`, params);
            plans.push(result.summary.plan);
            return result;
          },
          publishOnCommit: (note) => tx.publishOnCommit(note),
        },
        [['x', 'y']],
      ),
    );
    expect(plans).toHaveLength(1);
    const used = operators(plans[0] as { operatorType: string; children: unknown[] });
    expect(used.filter((name) => name.startsWith('NodeIndexSeek'))).toHaveLength(2);
    expect(used.some((name) => name.startsWith('NodeByLabelScan'))).toBe(false);
  });
});
