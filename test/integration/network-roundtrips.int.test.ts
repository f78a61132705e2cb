import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import type { RelationshipInput } from '../../src/relationships/relationship.input';
import type { ActorInput } from '../../src/actors/actor.input';
import { ActorKind } from '../../src/actors/actor.type';
import { PartnerVia } from '../../src/network/partner.type';
import { FlowDirection } from '../../src/network/funding.type';

/**
 * Every network query runs one Cypher statement (the rule allows two) whatever the size of its
 * answer: counted on a fresh Database, on the seeds and on a 2,000-leaf star with funding.
 */
describe('Cypher round trips per network query', () => {
  let test: TestDatabase;
  const p = uniqueId('trips');
  const hub = `${p}-hub`;
  const leaf = (i: number) => `${p}-leaf-${i}`;
  const LEAVES = 2000;

  beforeAll(async () => {
    const setup = await openTestDatabase({ QUERY_TIMEOUT_MS: '120000' });
    try {
      const leaves = Array.from({ length: LEAVES }, (_, i) => leaf(i));
      await setup.services.db.write(
        async (tx) => {
          await setup.services.actors.upsertMany(
            tx,
            [hub, ...leaves].map((id) => ({ id, name: id, kind: ActorKind.NGO }) as ActorInput),
            'test',
          );
          await setup.services.relationships.upsertMany(
            tx,
            leaves.flatMap((id, i) => [
              { id: `${id}-pw`, type: 'PARTNERS_WITH', fromId: hub, toId: id, sourceIds: ['general-knowledge'] },
              { id: `${id}-funds`, type: 'FUNDS', fromId: hub, toId: id, amount: { amount: 100 + i, currency: 'EUR' }, sourceIds: ['general-knowledge'] },
            ]) as RelationshipInput[],
            'test',
            'test',
          );
        },
        { timeoutMs: 600_000 },
      );
    } finally {
      await setup.close();
    }
    test = await openTestDatabase({ QUERY_TIMEOUT_MS: '120000' });
  }, 600_000);

  afterAll(async () => {
    await test?.close();
  });

  const cases: [string, () => Promise<unknown>, (answer: unknown) => void][] = [
    ['partners (seed, depth 2, both ways)', () => test.services.network.partners('coorace', { depth: 2, via: [PartnerVia.DIRECT, PartnerVia.SHARED_INITIATIVE] }), (a) => expect((a as unknown[]).length).toBe(6)],
    ['partners (2,000-leaf star, depth 2)', () => test.services.network.partners(hub, { depth: 2, first: 5000 }), (a) => expect((a as unknown[]).length).toBe(LEAVES)],
    ['partnersOfMany (3 roots, the Actor.partners loader)', () => test.services.network.partnersOfMany(['coorace', 'labo-ess', hub], { depth: 2, first: 5000 }), (a) => expect((a as Map<string, unknown[]>).get(hub)!.length).toBe(LEAVES)],
    ['sharedPartners', () => test.services.network.sharedPartners(['labo-ess', 'coorace']), (a) => expect((a as unknown[]).length).toBe(3)],
    ['interlocks (2,000 pairs share the hub)', () => test.services.network.interlocks([leaf(1), leaf(2)]), (a) => expect((a as unknown[]).length).toBe(1)],
    ['fundingChains (seed)', () => test.services.network.fundingChains({ from: 'afd', to: 'ecocuenca' }), (a) => expect((a as unknown[]).length).toBe(1)],
    ['fundingChains (2,000 chains from the hub, first 1000)', () => test.services.network.fundingChains({ from: hub, first: 1000 }), (a) => expect((a as unknown[]).length).toBe(1000)],
    ['fundingFlows (downstream of the hub)', () => test.services.network.fundingFlows(hub), (a) => expect((a as { links: unknown[] }).links.length).toBe(LEAVES)],
    ['fundingFlows (upstream of Ecocuenca)', () => test.services.network.fundingFlows('ecocuenca', { direction: FlowDirection.UPSTREAM }), (a) => expect((a as { links: unknown[] }).links.length).toBe(2)],
    ['articulation (Tarija)', () => test.services.network.articulation('alliance-developpement-productif-tarija'), (a) => expect(a).not.toBeNull()],
    ['articulation (hub with 2,000 neighbours)', () => test.services.network.articulation(hub), (a) => expect((a as { levels: { nodes: unknown[] }[] }).levels[0].nodes.length).toBe(LEAVES)],
    ['shortestPath', () => test.services.network.shortestPath('aime', 'afd'), (a) => expect(a).not.toBeNull()],
    ['egoNetwork (seed, radius 2)', () => test.services.network.egoNetwork('coorace', { radius: 2 }), (a) => expect((a as { nodes: unknown[] }).nodes.length).toBeGreaterThan(5)],
    ['egoNetwork (hub, limit 5000)', () => test.services.network.egoNetwork(hub, { limit: 5000 }), (a) => expect((a as { nodes: unknown[] }).nodes.length).toBe(LEAVES + 1)],
    ['network (initiative)', () => test.services.network.network({ initiativeId: 'ecocuenca' }), (a) => expect((a as { nodes: unknown[] }).nodes.length).toBeGreaterThan(5)],
    ['network (territory and kinds)', () => test.services.network.network({ territoryId: 'france', kinds: ['ESS_NETWORK'] }), (a) => expect((a as { nodes: unknown[] }).nodes.length).toBe(6)],
    ['network (no filter, limit 5000)', () => test.services.network.network({ limit: 5000 }), (a) => expect((a as { nodes: unknown[] }).nodes.length).toBeGreaterThan(LEAVES)],
    ['timeline', () => test.services.network.timeline('ptce-renouveau-productif'), (a) => expect((a as unknown[]).length).toBe(2)],
  ];

  it.each(cases)('%s runs at most 2 statements', async (_name, run, check) => {
    const before = test.db.statementCount;
    const answer = await run();
    const statements = test.db.statementCount - before;
    check(answer);
    expect(statements).toBeGreaterThanOrEqual(1);
    expect(statements).toBeLessThanOrEqual(2);
  });
});
