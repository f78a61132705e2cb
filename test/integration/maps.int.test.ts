import { plainToInstance } from 'class-transformer';
import type { QueryResult } from 'neo4j-driver';
import type { Tx } from '../../src/db/database';
import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { MAP_LIMITS, MapInput } from '../../src/maps/map.input';
import type { ActorInput } from '../../src/actors/actor.input';

let test: TestDatabase;
const author = { name: uniqueId('maps-int-author'), role: 'editor' as const };

beforeAll(async () => {
  test = await openTestDatabase();
});

afterAll(async () => {
  await test.close();
});

interface PlanStep {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: PlanStep[];
}

/** The operators Neo4j plans for the statements a repository method runs, without running them. */
async function plannedOperators(work: (tx: Tx) => Promise<unknown>): Promise<string[]> {
  const operators: string[] = [];
  const walk = (step: PlanStep) => {
    operators.push(`${step.operatorType} ${String(step.arguments.Details ?? step.arguments.details ?? '')}`);
    step.children.forEach(walk);
  };
  await test.db.read(async (tx) => {
    const explaining: Tx = {
      run: async (cypher, params) => {
        const result = (await tx.run(`EXPLAIN ${cypher}`, params)) as QueryResult;
        const plan = result.summary.plan;
        if (plan) walk(plan as unknown as PlanStep);
        return result as never;
      },
      publishOnCommit: (note) => tx.publishOnCommit(note),
    };
    await work(explaining);
  });
  return operators;
}

describe('saved maps against Neo4j', () => {
  it('saves and opens a map of the most nodes allowed in a fixed number of statements', async () => {
    const prefix = uniqueId('maps-big');
    const actors = Array.from({ length: MAP_LIMITS.nodes }, (_, i) => ({ id: `${prefix}-${i}`, name: `Acteur ${prefix} ${i}`, kind: 'NGO' }));
    await test.db.write((tx) => test.services.actors.upsertMany(tx, actors as unknown as ActorInput[], 'maps-test'), { timeoutMs: 120_000 });
    const input = plainToInstance(MapInput, { name: 'Grande carte', nodes: actors.map((actor, i) => ({ id: actor.id, x: i, y: -i })) });

    // Counted, not timed: the plans are checked below, and timings belong in bench/.
    let before = test.db.statementCount;
    const saved = await test.services.maps.save(input, author);
    // The nodes resolved at once, the map written, its audit entry written.
    expect(test.db.statementCount - before).toBe(3);
    expect(saved.storedNodes).toHaveLength(MAP_LIMITS.nodes);

    before = test.db.statementCount;
    const opened = await test.services.maps.byId(saved.id, author);
    const resolved = await test.services.maps.resolveNodes(opened!.storedNodes.map((node) => node.id), null);
    expect(test.db.statementCount - before).toBe(2);
    expect([...resolved.values()].every((resolution) => resolution.node !== null)).toBe(true);

    before = test.db.statementCount;
    const changes = await test.services.maps.changesSince(opened!, resolved, new Date(Date.now() - 60_000), 500);
    expect(test.db.statementCount - before).toBe(3);
    expect(changes).toEqual([]);
  });

  it('resolves ids through the id constraints, and finds deleted links through the operation and time index', async () => {
    const repository = test.services.maps.repository;
    const ids = ['a', 'b'];
    const lookup = await plannedOperators((tx) => repository.lookupNodes(tx, ids, null));
    expect(lookup.filter((op) => /^NodeUniqueIndexSeek/.test(op))).toHaveLength(3);
    expect(lookup.some((op) => /^(NodeByLabelScan|AllNodesScan)/.test(op))).toBe(false);

    const deleted = await plannedOperators((tx) => repository.deletedSince(tx, ids, new Date().toISOString()));
    expect(deleted.some((op) => /^NodeIndexSeek/.test(op) && /AuditEntry\(operation, at\)/.test(op))).toBe(true);
    expect(deleted.some((op) => /^(NodeByLabelScan|AllNodesScan)/.test(op))).toBe(false);

    const links = await plannedOperators((tx) => repository.linksWrittenSince(tx, ids, new Date().toISOString()));
    expect(links.some((op) => /^(NodeByLabelScan|AllNodesScan)/.test(op))).toBe(false);
  });

  it('lets one of two saves of one new id win, and refuses the other cleanly', async () => {
    const actor = uniqueId('maps-race');
    await test.db.write((tx) => test.services.actors.upsertMany(tx, [{ id: actor, name: 'Course', kind: 'NGO' }] as unknown as ActorInput[], 'maps-test'));
    const id = uniqueId('maps-race-map');
    const attempts = await Promise.allSettled(
      ['Première', 'Seconde'].map((name) => test.services.maps.save(plainToInstance(MapInput, { id, name, nodes: [{ id: actor }] }), author)),
    );
    const failures = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
    // Either the second waited and then saved over the first, or it found the first there and was refused.
    for (const failure of failures) expect((failure.reason as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
    const map = await test.services.maps.byId(id, author);
    expect(map!.version).toBe(attempts.length - failures.length);
    expect((await test.services.audit.history(id, 10)).length).toBe(map!.version);
  });
});
