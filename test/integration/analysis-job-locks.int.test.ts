import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { AnalysisRepository } from '../../src/analysis/analysis.repository';

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
    const session = test.db.driver.session();
    const cancel = session.beginTransaction();
    // The cancel's transaction holds the job's lock and has not committed: the update reads the job live.
    await cancel.run("MATCH (j:AnalysisJob {id: $id}) SET j.state = 'FAILED', j.error = 'cancelled by lock-test'", { id });
    const updated = update(id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cancel.commit();
    await session.close();
    const result = await updated;
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
