import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalNeo4j, LocalNeo4j } from '../../src/db/local-neo4j';
import { findFreePort } from '../support/free-port';
import { hubLinks } from '../support/generated-graph';
import { openTestDatabase, TestDatabase, uniqueId } from '../support/database';
import { AnalysisService } from '../../src/analysis/analysis.service';
import type { JobRow } from '../../src/analysis/analysis.repository';
import { int } from '../../src/db/database';
import { NodeSortField, SortDirection } from '../../src/analysis/node-sort';

/**
 * Jobs on a generated graph, in a Neo4j of this file's own: the current analysis is one for the
 * whole database, and a job another file runs in the shared one would become current under these
 * assertions (its metrics leave out the nodes created after it started). The assertions still look
 * at our nodes only, and starting still retries while another job is live.
 */
const work = mkdtempSync(path.join(tmpdir(), 'analysis-jobs-'));
let neo4j: LocalNeo4j;
const ACTORS = 1500;
const LINKS = 6000;

let test: TestDatabase;
let analysis: AnalysisService;
const prefix = uniqueId('an');
const ids = Array.from({ length: ACTORS }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);
const degrees = new Map<string, number>();

async function startWhenFree(input: Parameters<AnalysisService['start']>[0]): Promise<JobRow> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      return await analysis.start(input, 'analysis-test');
    } catch (error) {
      if (!/already running/.test(String(error)) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function waitFor(id: string, done: (job: JobRow) => boolean, timeoutMs = 120_000): Promise<JobRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await analysis.byId(id))!;
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${String(job.state)} (${String(job.phase)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const ended = (job: JobRow) => job.state === 'DONE' || job.state === 'FAILED';

beforeAll(async () => {
  neo4j = await startLocalNeo4j({ port: await findFreePort(), dataDir: work, startTimeoutMs: 180_000 });
  test = await openTestDatabase({ NEO4J_URI: neo4j.uri });
  // Small batches, so that a job spends long enough writing for a test to cancel it half-way.
  analysis = new AnalysisService(test.db, { writeBatchSize: 25, heartbeatMs: 200, staleSeconds: 30 });
  const links = hubLinks(ACTORS, LINKS, 7).map(({ from, to }, i) => ({ id: `${prefix}-l${i}`, from: ids[from], to: ids[to], type: i % 5 === 0 ? 'FUNDS' : 'PARTNERS_WITH' }));
  for (const link of links) {
    degrees.set(link.from, (degrees.get(link.from) ?? 0) + 1);
    degrees.set(link.to, (degrees.get(link.to) ?? 0) + 1);
  }
  await test.db.write((tx) => tx.run(`UNWIND $ids AS id CREATE (:Actor {id: id, name: 'Actor ' + id, kind: 'NGO'})`, { ids }));
  for (const type of ['PARTNERS_WITH', 'FUNDS']) {
    await test.db.write((tx) =>
      tx.run(
        `UNWIND $links AS link MATCH (a:Actor {id: link.from}), (b:Actor {id: link.to}) CREATE (a)-[:${type} {id: link.id}]->(b)`,
        { links: links.filter((link) => link.type === type) },
      ),
    );
  }
}, 300_000);

afterAll(async () => {
  await analysis?.stop();
  await test?.close();
  await neo4j?.stop();
  rmSync(work, { recursive: true, force: true });
}, 120_000);

describe('an analysis job', () => {
  let first: JobRow;

  it('runs to DONE and stores every metric on every node, with its job id', async () => {
    const job = await startWhenFree({});
    expect(job.state).toBe('QUEUED');
    first = await waitFor(String(job.id), ended);
    expect(first).toMatchObject({ state: 'DONE', current: true, progress: 1 });
    expect(first.error ?? null).toBeNull();
    expect(Number(first.nodeCount)).toBeGreaterThanOrEqual(ACTORS);
    expect(Number(first.edgeCount)).toBeGreaterThanOrEqual(LINKS);
    expect(first.startedAt).toBeTruthy();
    expect(first.finishedAt).toBeTruthy();

    const stored = await analysis.metricsOf('Actor', ids);
    expect(stored.size).toBe(ACTORS);
    for (const id of ids) {
      const row = stored.get(id)!;
      expect(row.jobId).toBe(first.id);
      const [degree, pagerank, betweenness, closeness, eigenvector, community, x, y] = row.values;
      expect(degree).toBe(degrees.get(id) ?? 0);
      for (const value of [pagerank, betweenness, closeness, eigenvector, community, x, y]) expect(Number.isFinite(value)).toBe(true);
    }
    const hub = ids[0];
    const leaf = ids.find((id) => (degrees.get(id) ?? 0) === 1)!;
    expect(stored.get(hub)!.values[1]!).toBeGreaterThan(stored.get(leaf)!.values[1]!);
    expect((await analysis.current())!.id).toBe(first.id);
  });

  it('sorts actors by stored PageRank, with cursors that continue the same order', async () => {
    const sort = [{ field: NodeSortField.PAGERANK, direction: SortDirection.DESC }];
    const whole = await test.services.actors.list(undefined, 100, undefined, sort);
    const firstPage = await test.services.actors.list(undefined, 50, undefined, sort);
    const next = await test.services.actors.list(undefined, 50, firstPage.cursorOf(firstPage.items[49]), sort);
    expect([...firstPage.items, ...next.items].map((a) => a.id)).toEqual(whole.items.map((a) => a.id));
    expect(next.hasPreviousPage).toBe(true);
    const ranks = await Promise.all(whole.items.map(async (a) => (await analysis.metricsOf('Actor', [a.id])).get(a.id)?.values[1] ?? -1));
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    expect(ranks[0]).toBeGreaterThan(ranks[99]);

    const byName = await test.services.actors.list(undefined, 20, undefined, [{ field: NodeSortField.NAME, direction: SortDirection.ASC }]);
    const names = byName.items.map((a) => a.name);
    expect([...names].sort()).toEqual(names);
    // A cursor of the id order, or of another sort, is refused rather than misread.
    const idOrder = await test.services.actors.list(undefined, 1, undefined);
    await expect(test.services.actors.list(undefined, 5, idOrder.cursorOf(idOrder.items[0]), sort)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    await expect(test.services.actors.list(undefined, 5, byName.cursorOf(byName.items[0]), sort)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    await expect(test.services.actors.list(undefined, 5, undefined, [...sort, ...sort])).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'sort' } });
  });

  it('lists communities, largest first, and the community network among them', async () => {
    const listed = (await analysis.communities(10))!;
    expect(listed.jobId).toBe(first.id);
    const sizes = listed.communities.map((c) => c.size);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    expect(listed.communities[0].label.length).toBeGreaterThan(0);
    expect(listed.communities[0].topNodes.length).toBeGreaterThan(0);
    const network = (await analysis.communityNetwork(10))!;
    expect(network.communities).toHaveLength(listed.communities.length);
    for (const link of network.links) {
      expect(link.source).toBeLessThan(link.target);
      expect(link.target).toBeLessThan(10);
      expect(link.weight).toBeGreaterThan(0);
    }
  });

  it('is refused while another one is live, and the API keeps answering while it computes', async () => {
    // Many layout iterations keep the worker busy for a while; the main thread must stay free.
    const job = await startWhenFree({ layoutIterations: 1000, metrics: ['DEGREE', 'LAYOUT'] });
    await expect(analysis.start({}, 'analysis-test')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input' } });
    await waitFor(String(job.id), (j) => String(j.phase).startsWith('computing') || ended(j));
    // Twenty reads answered back to back while the worker still computes: with the computation on
    // this thread, none would be answered before it ended. (bench/analysis.ts measures the read rate.)
    for (let read = 0; read < 20; read++) {
      const found = await test.services.actors.byIds([ids[read]]);
      expect(found.size).toBe(1);
    }
    expect((await analysis.byId(String(job.id)))!).toMatchObject({ state: 'RUNNING', phase: expect.stringMatching(/^computing/) });
    await analysis.cancel(String(job.id), 'analysis-test');
    const cancelled = await waitFor(String(job.id), ended);
    expect(cancelled.state).toBe('FAILED');
    expect(String(cancelled.error)).toMatch(/cancelled by analysis-test/);
  });

  it('leaves the previous metrics in place when it is cancelled half-way through writing', async () => {
    const before = await analysis.metricsOf('Actor', ids);
    // A transaction of the test's own holds the write lock on the actor in the middle: the job
    // writes the batches before it, then waits there until the cancel has arrived.
    const session = test.db.driver.session();
    const holder = await session.beginTransaction();
    await holder.run(`MATCH (n:Actor {id: $id}) SET n.heldByTest = true`, { id: ids[ACTORS / 2] });
    // FUNDS only: different degrees, so a value of this job would show.
    const job = await startWhenFree({ types: ['FUNDS'], metrics: ['DEGREE', 'PAGERANK'] });
    const slot = String(job.prefix);
    const writtenSoFar = async () =>
      Number(
        (await test.db.read((tx) => tx.run(`MATCH (n:Actor) WHERE n.id IN $ids AND n[$key] = $job RETURN count(n) AS c`, { ids, key: `${slot}job`, job: job.id })))
          .records[0].get('c'),
      );
    const deadline = Date.now() + 120_000;
    while ((await writtenSoFar()) < ACTORS / 2 - 25 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const cancelling = analysis.cancel(String(job.id), 'analysis-test');
    await waitFor(String(job.id), ended);
    await holder.rollback();
    await session.close();
    await cancelling;
    const cancelled = await waitFor(String(job.id), ended);
    expect(cancelled.state).toBe('FAILED');
    const partly = await writtenSoFar();
    expect(partly).toBeGreaterThanOrEqual(ACTORS / 2);
    expect(partly).toBeLessThan(ACTORS);

    const after = await analysis.metricsOf('Actor', ids);
    expect(after.size).toBe(ACTORS);
    for (const id of ids) expect(after.get(id)).toEqual(before.get(id));
    expect((await analysis.current())!.id).toBe(first.id);
  });

  it('leaves them in place when its worker is stopped while computing', async () => {
    const before = await analysis.metricsOf('Actor', ids.slice(0, 50));
    const job = await startWhenFree({ layoutIterations: 1000, metrics: ['DEGREE', 'LAYOUT'] });
    await waitFor(String(job.id), (j) => String(j.phase).startsWith('computing') || ended(j));
    await analysis.stop();
    const stopped = await waitFor(String(job.id), ended);
    expect(stopped.state).toBe('FAILED');
    expect(await analysis.metricsOf('Actor', ids.slice(0, 50))).toEqual(before);
  });
});

describe('start-up recovery', () => {
  it('marks FAILED a job whose process stopped sending heartbeats, and leaves a fresh one alone', async () => {
    const stale = uniqueId('analysis-stale');
    const fresh = uniqueId('analysis-fresh');
    await test.db.write((tx) =>
      tx.run(
        `CREATE (:AnalysisJob {id: $stale, state: 'RUNNING', progress: 0.4, current: false, createdAt: datetime() - duration({minutes: 10}),
                               heartbeatAt: datetime() - duration({seconds: $age})})
         CREATE (:AnalysisJob {id: $fresh, state: 'RUNNING', progress: 0.4, current: false, createdAt: datetime(), heartbeatAt: datetime()})`,
        { stale, fresh, age: int(120) },
      ),
    );
    try {
      const failed = await analysis.recoverInterrupted();
      expect(failed).toContain(stale);
      expect(failed).not.toContain(fresh);
      expect(await analysis.byId(stale)).toMatchObject({ state: 'FAILED', error: 'interrupted by a restart' });
      expect((await analysis.byId(fresh))!.state).toBe('RUNNING');
    } finally {
      await test.db.write((tx) => tx.run(`MATCH (j:AnalysisJob) WHERE j.id IN [$stale, $fresh] DETACH DELETE j`, { stale, fresh }));
    }
  });
});
