import { int, Tx } from '../db/database';
import { lockFirst } from '../db/locks';
import { plainRecord, toPlain } from '../common/neo4j-values';
import { NODE_LABELS, NodeLabel, RelationshipTypeName } from '../relationships/relationship-kinds';
import { alternation } from '../network/queries/cypher';
import { JOB_KEY, METRIC_KEYS, SlotPrefix } from './analysis.properties';

/** An AnalysisJob node's properties, datetimes as their ISO text. */
export type JobRow = Record<string, unknown>;

/** The current analysis: the job whose metrics reads show, and the slot they are in. */
export interface CurrentAnalysis {
  id: string;
  prefix: SlotPrefix;
  finishedAt: string;
}

/** One node's stored values of the current analysis, in METRIC_KEYS order. */
export interface StoredMetricsRow {
  values: (number | null)[];
  jobId: string;
  computedAt: string;
}

const LIVE_STATES = ['QUEUED', 'RUNNING'];

/** Every state change reads the state under the job's lock: a cancel committing meanwhile was overwritten (test/integration/concurrent-writes.int.test.ts). */
const LOCK_JOB = lockFirst('j');
const NODE_LABEL_TEST = NODE_LABELS.map((label) => `m:${label}`).join(' OR ');

/** A job with its datetimes as text, which GraphQL's DateTime scalar reads. */
const JOB_PROJECTION = `j {.*, createdAt: toString(j.createdAt), startedAt: toString(j.startedAt), finishedAt: toString(j.finishedAt),
  heartbeatAt: toString(j.heartbeatAt), communitiesJson: null, communityLinksJson: null}`;

/**
 * The Cypher of analysis jobs. A job is an (:AnalysisJob) node; a lone (:AnalysisLock) node
 * serialises the check that no other job is running with the creation of a new one, across
 * API processes. Labels and types come from the model's constant lists, slot prefixes from
 * analysis.properties.ts; every value is a parameter.
 */
export class AnalysisRepository {
  /**
   * Takes the write lock of the lone lock node for the rest of the transaction, then lists the
   * jobs still QUEUED or RUNNING, with whether their heartbeat is older than `staleSeconds`.
   */
  async lockAndListLive(tx: Tx, staleSeconds: number): Promise<{ id: string; stale: boolean }[]> {
    const result = await tx.run(
      `MERGE (lock:AnalysisLock {id: 'analysis'}) SET lock.lockedAt = datetime()
       WITH lock
       OPTIONAL MATCH (j:AnalysisJob) WHERE j.state IN $live
       RETURN j.id AS id, coalesce(j.heartbeatAt, j.createdAt) < datetime() - duration({seconds: $staleSeconds}) AS stale`,
      { live: LIVE_STATES, staleSeconds: int(staleSeconds) },
    );
    return result.records.filter((r) => r.get('id') !== null).map((r) => ({ id: String(r.get('id')), stale: r.get('stale') === true }));
  }

  async create(tx: Tx, props: Record<string, unknown>): Promise<JobRow> {
    const result = await tx.run(
      `CREATE (j:AnalysisJob) SET j = $props, j.state = 'QUEUED', j.progress = 0.0, j.current = false,
         j.createdAt = datetime(), j.heartbeatAt = datetime()
       RETURN ${JOB_PROJECTION} AS job`,
      { props },
    );
    return plainRecord(result.records[0].get('job'));
  }

  async byId(tx: Tx, id: string): Promise<JobRow | null> {
    const result = await tx.run(`MATCH (j:AnalysisJob {id: $id}) RETURN ${JOB_PROJECTION} AS job`, { id });
    return result.records[0] ? plainRecord(result.records[0].get('job')) : null;
  }

  async current(tx: Tx): Promise<CurrentAnalysis | null> {
    const result = await tx.run(
      `MATCH (j:AnalysisJob {current: true}) RETURN j.id AS id, j.prefix AS prefix, toString(j.finishedAt) AS finishedAt
       ORDER BY j.finishedAt DESC LIMIT 1`,
    );
    const record = result.records[0];
    return record ? { id: String(record.get('id')), prefix: record.get('prefix') as SlotPrefix, finishedAt: String(record.get('finishedAt')) } : null;
  }

  async currentJob(tx: Tx): Promise<JobRow | null> {
    const result = await tx.run(`MATCH (j:AnalysisJob {current: true}) RETURN ${JOB_PROJECTION} AS job ORDER BY j.finishedAt DESC LIMIT 1`);
    return result.records[0] ? plainRecord(result.records[0].get('job')) : null;
  }

  /** The current job's community aggregates, as stored JSON text; null without an analysis. */
  async currentAggregates(tx: Tx): Promise<{ jobId: string; communities: string | null; links: string | null } | null> {
    const result = await tx.run(
      `MATCH (j:AnalysisJob {current: true}) RETURN j.id AS id, j.communitiesJson AS communities, j.communityLinksJson AS links
       ORDER BY j.finishedAt DESC LIMIT 1`,
    );
    const record = result.records[0];
    return record ? { jobId: String(record.get('id')), communities: record.get('communities') as string | null, links: record.get('links') as string | null } : null;
  }

  /**
   * Progress of a live job, and its heartbeat. Returns its state, so that the process running
   * it learns of a cancellation made through another process.
   */
  async beat(tx: Tx, id: string, progress: number, phase: string): Promise<string | null> {
    const result = await tx.run(
      `MATCH (j:AnalysisJob {id: $id}) ${LOCK_JOB}
       SET j.heartbeatAt = CASE WHEN j.state IN $live THEN datetime() ELSE j.heartbeatAt END,
           j.progress = CASE WHEN j.state IN $live THEN $progress ELSE j.progress END,
           j.phase = CASE WHEN j.state IN $live THEN $phase ELSE j.phase END
       RETURN j.state AS state`,
      { id, progress, phase, live: LIVE_STATES },
    );
    return (result.records[0]?.get('state') as string | undefined) ?? null;
  }

  /** Sets properties of a job that is still live; false when it is not (cancelled meanwhile). */
  async updateLive(tx: Tx, id: string, props: Record<string, unknown>, start = false): Promise<boolean> {
    const result = await tx.run(
      `MATCH (j:AnalysisJob {id: $id}) ${LOCK_JOB}
       WHERE j.state IN $live
       SET j += $props, j.heartbeatAt = datetime()
       ${start ? ", j.state = 'RUNNING', j.startedAt = datetime()" : ''}
       RETURN count(j) AS c`,
      { id, props, live: LIVE_STATES },
    );
    return Number(result.records[0].get('c')) > 0;
  }

  /** FAILED with `error`, if still live; true when this call ended it. */
  async fail(tx: Tx, id: string, error: string): Promise<boolean> {
    const result = await tx.run(
      `MATCH (j:AnalysisJob {id: $id}) ${LOCK_JOB}
       WHERE j.state IN $live
       SET j.state = 'FAILED', j.error = $error, j.finishedAt = datetime()
       RETURN count(j) AS c`,
      { id, error, live: LIVE_STATES },
    );
    return Number(result.records[0].get('c')) > 0;
  }

  /** Every live job whose heartbeat is older than `staleSeconds` becomes FAILED with `error`; their ids. */
  async failStale(tx: Tx, staleSeconds: number, error: string): Promise<string[]> {
    const result = await tx.run(
      `MATCH (j:AnalysisJob) ${LOCK_JOB}
       WHERE j.state IN $live AND coalesce(j.heartbeatAt, j.createdAt) < datetime() - duration({seconds: $staleSeconds})
       SET j.state = 'FAILED', j.error = $error, j.finishedAt = datetime()
       RETURN j.id AS id`,
      { staleSeconds: int(staleSeconds), error, live: LIVE_STATES },
    );
    return result.records.map((r) => String(r.get('id')));
  }

  /**
   * The last step of a job, in one transaction: DONE, current, with its aggregates; the job it
   * replaces stops being current. Nothing happens when the job is no longer RUNNING (cancelled
   * while its metrics were written): false, and the previous analysis stays the current one.
   */
  async finish(tx: Tx, id: string, props: Record<string, unknown>): Promise<boolean> {
    const result = await tx.run(
      `MATCH (j:AnalysisJob {id: $id}) ${LOCK_JOB}
       WHERE j.state = 'RUNNING'
       CALL (j) {
         MATCH (old:AnalysisJob {current: true}) WHERE old <> j
         SET old.current = false
       }
       SET j += $props, j.state = 'DONE', j.current = true, j.progress = 1.0, j.finishedAt = datetime(), j.heartbeatAt = datetime()
       RETURN count(j) AS c`,
      { id, props },
    );
    return Number(result.records[0]?.get('c') ?? 0) > 0;
  }

  /** Nodes of the model, from the count store. */
  async countNodes(tx: Tx): Promise<number> {
    let total = 0;
    for (const label of NODE_LABELS) total += Number((await tx.run(`MATCH (n:${label}) RETURN count(n) AS c`)).records[0].get('c'));
    return total;
  }

  /**
   * A page of `label`'s nodes after `afterId`, each with the ids at the far end of its outgoing
   * links of `types` (so each link is read once, from its start): keyset pagination, one short
   * read transaction per page, however large the graph.
   */
  async outgoing(
    tx: Tx,
    label: NodeLabel,
    types: readonly RelationshipTypeName[],
    afterId: string | null,
    first: number,
  ): Promise<{ id: string; targets: string[] }[]> {
    const result = await tx.run(
      `MATCH (n:${label}) WHERE n.id > coalesce($afterId, '')
       WITH n ORDER BY n.id LIMIT $first
       CALL (n) {
         OPTIONAL MATCH (n)-[:${alternation(types)}]->(m) WHERE ${NODE_LABEL_TEST}
         RETURN collect(m.id) AS targets
       }
       RETURN n.id AS id, targets`,
      { afterId, first: int(first) },
    );
    return result.records.map((r) => ({ id: String(r.get('id')), targets: (r.get('targets') as unknown[]).map(String) }));
  }

  /** One batch of a job's values into its slot: `values` in METRIC_KEYS order, null for a metric not computed. */
  async writeSlot(tx: Tx, label: NodeLabel, prefix: SlotPrefix, jobId: string, rows: { id: string; values: (number | null)[] }[]): Promise<void> {
    // Property names come from SLOT_PREFIXES and METRIC_KEYS, constants; values are parameters.
    const assignments = [...METRIC_KEYS.map((key, i) => `n.${prefix}${key} = row.values[${i}]`), `n.${prefix}${JOB_KEY} = $jobId`];
    await tx.run(
      `UNWIND $rows AS row
       MATCH (n:${label} {id: row.id})
       SET ${assignments.join(', ')}`,
      { rows, jobId },
    );
  }

  /**
   * Each id's values of the current analysis, in METRIC_KEYS order; ids without any (no
   * analysis yet, or a node added since) are absent. One statement for the whole batch.
   */
  async currentMetricsOf(tx: Tx, label: NodeLabel, ids: readonly string[]): Promise<Map<string, StoredMetricsRow>> {
    const result = await tx.run(
      `MATCH (analysis:AnalysisJob {current: true})
       WITH analysis ORDER BY analysis.finishedAt DESC LIMIT 1
       UNWIND $ids AS id
       MATCH (n:${label} {id: id})
       WHERE n[analysis.prefix + $jobKey] = analysis.id
       RETURN id, [key IN $keys | n[analysis.prefix + key]] AS values, analysis.id AS jobId, toString(analysis.finishedAt) AS computedAt`,
      { ids, keys: [...METRIC_KEYS], jobKey: JOB_KEY },
    );
    return new Map(
      result.records.map((r) => [
        String(r.get('id')),
        {
          values: (r.get('values') as unknown[]).map((value) => (value === null ? null : Number(toPlain(value)))),
          jobId: String(r.get('jobId')),
          computedAt: String(r.get('computedAt')),
        },
      ]),
    );
  }

  /** Names of nodes of one label, for the labels of communities. */
  async namesOf(tx: Tx, label: NodeLabel, ids: readonly string[]): Promise<Map<string, string>> {
    const result = await tx.run(`UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN id, n.name AS name`, { ids });
    return new Map(result.records.map((r) => [String(r.get('id')), String(r.get('name') ?? r.get('id'))]));
  }
}
