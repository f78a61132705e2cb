import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { AnalysisRepository } from '../../src/analysis/analysis.repository';
import { MapProps, MapRepository } from '../../src/maps/map.repository';
import { MapVisibility } from '../../src/maps/map.type';
import type { Database } from '../../src/db/database';

/**
 * Runs `cypher` in a transaction that stays open while `contender` starts, then commits it: the
 * contender's statement reads before that commit and, unless it takes the lock first, writes after.
 */
async function committedWhile<T>(db: Database, cypher: string, params: Record<string, unknown>, contender: () => Promise<T>): Promise<T> {
  const session = db.driver.session();
  const holder = session.beginTransaction();
  await holder.run(cypher, params);
  const contended = contender();
  await new Promise((resolve) => setTimeout(resolve, 300));
  await holder.commit();
  await session.close();
  return contended;
}

/**
 * A job's state changes race: a cancel (FAILED) can commit while the job's own process is
 * between reading that the job is live and writing its next step. The interleaving is forced
 * here: one transaction holds the job's write lock and marks it FAILED; meanwhile each update
 * of the job's process runs in another, is blocked on the lock, and must then see FAILED and
 * change nothing. Before the lock was taken first, the start wrote RUNNING over the FAILED.
 */
describe('analysis job state changes under a concurrent cancel', () => {
  let test: TestDatabase;
  const repository = new AnalysisRepository();

  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(async () => {
    await test.db.write((tx) => tx.run('MATCH (j:AnalysisJob) WHERE j.id STARTS WITH $prefix DELETE j', { prefix: 'lock-test-' }));
    await test.close();
  });

  async function cancelledWhile(update: (id: string) => Promise<unknown>, state: 'QUEUED' | 'RUNNING' = 'QUEUED') {
    const id = uniqueId('lock-test-job');
    await test.db.write(async (tx) => {
      await repository.create(tx, { id, requestedBy: 'lock-test', prefix: 'm0_', types: [], metrics: [] });
      await tx.run('MATCH (j:AnalysisJob {id: $id}) SET j.state = $state', { id, state });
    });
    const result = await committedWhile(test.db, "MATCH (j:AnalysisJob {id: $id}) SET j.state = 'FAILED', j.error = 'cancelled by lock-test'", { id }, () => update(id));
    const job = await test.db.read((tx) => repository.byId(tx, id));
    return { result, state: job?.state, error: job?.error };
  }

  it('keeps a cancel that commits while the job is being started', async () => {
    const outcome = await cancelledWhile((id) => test.db.write((tx) => repository.updateLive(tx, id, { nodeCount: 1 }, true)));
    expect(outcome).toEqual({ result: false, state: 'FAILED', error: 'cancelled by lock-test' });
  });

  it('keeps a cancel that commits while the job is being finished', async () => {
    const outcome = await cancelledWhile((id) => test.db.write((tx) => repository.finish(tx, id, { nodeCount: 1 })), 'RUNNING');
    expect(outcome).toEqual({ result: false, state: 'FAILED', error: 'cancelled by lock-test' });
  });

  it('lets only one of two cancels end the job', async () => {
    const outcome = await cancelledWhile((id) => test.db.write((tx) => repository.fail(tx, id, 'cancelled twice')));
    expect(outcome).toEqual({ result: false, state: 'FAILED', error: 'cancelled by lock-test' });
  });
});

/** Two editors save the same version of a map: the save that commits second must be refused, not written over the first. */
describe('map saves under a concurrent save of the same version', () => {
  let test: TestDatabase;
  const repository = new MapRepository();
  const props = (name: string): MapProps => ({ name, description: null, visibility: MapVisibility.PUBLIC, asOf: null, nodes: [], annotations: [], updatedBy: 'lock-test' });

  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(async () => {
    await test.db.write((tx) => tx.run('MATCH (m:Map) WHERE m.id STARTS WITH $prefix DELETE m', { prefix: 'lock-test-' }));
    await test.close();
  });

  it('refuses the second save of version 1', async () => {
    const id = uniqueId('lock-test-map');
    await test.db.write((tx) => repository.write(tx, id, 'lock-test', 0, props('v1')));
    const second = await committedWhile(test.db, "MATCH (m:Map {id: $id}) SET m.version = 2, m.name = 'saved first'", { id }, () =>
      test.db.write((tx) => repository.write(tx, id, 'lock-test', 1, props('saved second'))),
    );
    expect(second).toBeNull();
    const stored = await test.db.read((tx) => tx.run('MATCH (m:Map {id: $id}) RETURN m.name AS name, m.version AS version', { id }));
    expect({ name: stored.records[0].get('name'), version: Number(stored.records[0].get('version')) }).toEqual({ name: 'saved first', version: 2 });
  });
});
