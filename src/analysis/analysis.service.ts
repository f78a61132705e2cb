import { randomBytes } from 'node:crypto';
import { Neo4jError } from 'neo4j-driver';
import type { Database } from '../db/database';
import { BadInputError, NotFoundError } from '../common/errors';
import { NODE_LABELS, NodeLabel, RELATIONSHIP_TYPES, RelationshipTypeName } from '../relationships/relationship-kinds';
import { ANALYSIS_METRICS, AnalysisMetricName, ComputedMetrics, defaultLayoutIterations, GraphArrays } from './analysis.compute';
import { CancelledComputation, computeInWorker, RunningComputation } from './analysis.thread';
import { METRIC_KEYS, otherSlot, SlotPrefix } from './analysis.properties';
import { AnalysisRepository, JobRow, StoredMetricsRow } from './analysis.repository';
import { buildAggregates, CommunityAggregates, communityNetworkOf, StoredCommunity } from './analysis.aggregates';

/** Relationship types an analysis uses when the input names none: every one but containment and place. */
export const DEFAULT_ANALYSIS_TYPES: readonly RelationshipTypeName[] = RELATIONSHIP_TYPES.filter((type) => type !== 'PART_OF' && type !== 'ACTS_IN');

/** The bounds of AnalysisInput; the README's "Analysis jobs" section quotes them. */
export const ANALYSIS_LIMITS = {
  exactBelow: { min: 0, max: 50_000, default: 5_000 },
  sampleSize: { min: 10, max: 10_000, default: 500 },
  layoutIterations: { min: 0, max: 1_000 },
} as const;

export const COMMUNITIES_FIRST = { default: 50, max: 2_000 } as const;

export interface AnalysisRequest {
  types?: readonly RelationshipTypeName[] | null;
  metrics?: readonly AnalysisMetricName[] | null;
  exactBelow?: number | null;
  sampleSize?: number | null;
  layoutIterations?: number | null;
}

export interface AnalysisServiceOptions {
  /** Nodes per read transaction while the graph is read. */
  pageSize?: number;
  /** Nodes per write transaction while the metrics are written. */
  writeBatchSize?: number;
  /** A live job whose heartbeat is older than this is taken for dead (its process crashed or restarted). */
  staleSeconds?: number;
  heartbeatMs?: number;
  /** Told of failures that are not the client's, with the job id; the job itself keeps a short reason. */
  onError?: (error: unknown, jobId: string) => void;
}

/** Read 0-15 %, compute 15-75 %, write 75-98 %, finish. */
const SHARE = { read: 0.15, compute: 0.6, write: 0.23 } as const;

/** Job ids sort by creation time; 64 random bits keep two processes apart. */
function newJobId(): string {
  return `analysis-${Date.now().toString().padStart(13, '0')}-${randomBytes(8).toString('hex')}`;
}

/** What a job stores of a failure: our own words, or a database error's code, never its message (it may quote Cypher). */
function reasonOf(error: unknown): string {
  if (error instanceof Neo4jError) return `database error ${error.code}`;
  const message = error instanceof Error ? error.message : String(error);
  return `analysis failed: ${message.split('\n')[0].slice(0, 200)}`;
}

class Cancelled extends Error {}

/** The job this process runs: its computation, once started, and whether it was cancelled. */
interface LocalJob {
  id: string;
  cancelled: boolean;
  computation: RunningComputation | null;
  done: Promise<void>;
}

/**
 * Whole-graph analysis jobs: one at a time across every API process (recorded in the database,
 * see AnalysisRepository.lockAndListLive); the graph read in pages, the metrics computed in a
 * worker thread, written into the free slot in batches and made current in one transaction
 * (analysis.properties.ts says why). The stored metrics, communities and community network are
 * read back through here too.
 */
export class AnalysisService {
  readonly repository = new AnalysisRepository();
  private local: LocalJob | null = null;
  private readonly options: Required<Omit<AnalysisServiceOptions, 'onError'>> & Pick<AnalysisServiceOptions, 'onError'>;
  private aggregates: { jobId: string; value: CommunityAggregates } | null = null;

  constructor(
    private readonly db: Database,
    options: AnalysisServiceOptions = {},
  ) {
    this.options = { pageSize: 10_000, writeBatchSize: 5_000, staleSeconds: 60, heartbeatMs: 2_000, ...options };
  }

  /** Queues a job and starts it in the background; refused while another job is live. */
  async start(request: AnalysisRequest, by: string): Promise<JobRow> {
    const options = this.optionsOf(request);
    const id = newJobId();
    const job = await this.db.write(async (tx) => {
      const live = await this.repository.lockAndListLive(tx, this.options.staleSeconds);
      for (const other of live) {
        if (!other.stale) {
          throw new BadInputError('input', `an analysis is already running (job ${other.id}); wait for it to end or cancel it`);
        }
        await this.repository.fail(tx, other.id, 'interrupted: its process stopped sending heartbeats');
      }
      const current = await this.repository.current(tx);
      return this.repository.create(tx, { id, requestedBy: by, prefix: otherSlot(current?.prefix ?? null), ...options });
    });
    const local: LocalJob = { id, cancelled: false, computation: null, done: Promise.resolve() };
    local.done = this.run(local, job).finally(() => {
      if (this.local === local) this.local = null;
    });
    this.local = local;
    return job;
  }

  byId(id: string): Promise<JobRow | null> {
    return this.db.read((tx) => this.repository.byId(tx, id));
  }

  current(): Promise<JobRow | null> {
    return this.db.read((tx) => this.repository.currentJob(tx));
  }

  /**
   * FAILED at once, in the database; the process running it stops it: this one at once, another
   * at its next heartbeat. Its half-written slot is never read. A job that has ended is refused.
   */
  async cancel(id: string, by: string): Promise<JobRow> {
    const ended = await this.db.write(async (tx) => {
      const job = await this.repository.byId(tx, id);
      if (!job) throw new NotFoundError('AnalysisJob', id);
      if (!(await this.repository.fail(tx, id, `cancelled by ${by}`))) {
        throw new BadInputError('id', `job ${id} has already ended (${String(job.state)})`);
      }
      return true;
    });
    if (ended && this.local?.id === id) await this.stopLocal();
    return (await this.byId(id))!;
  }

  /**
   * At start-up: a job left QUEUED or RUNNING by a process that has stopped is marked FAILED.
   * A job whose heartbeat is still fresh may belong to another API process that is alive, so it
   * is looked at again once a heartbeat would have been missed for good.
   */
  async recoverInterrupted(): Promise<string[]> {
    const reason = 'interrupted by a restart';
    const failed = await this.db.write((tx) => this.repository.failStale(tx, this.options.staleSeconds, reason));
    const later = setTimeout(() => {
      this.db.write((tx) => this.repository.failStale(tx, this.options.staleSeconds, reason)).catch(() => {});
    }, (this.options.staleSeconds + 1) * 1000);
    later.unref();
    return failed;
  }

  /** For shutdown: the job this process runs is stopped and marked FAILED. */
  async stop(): Promise<void> {
    const local = this.local;
    if (!local) return;
    await this.db.write((tx) => this.repository.fail(tx, local.id, 'interrupted: the server shut down')).catch(() => false);
    await this.stopLocal();
  }

  /** Resolves when the job this process runs, if any, has ended (for tests and the benchmark). */
  async idle(): Promise<void> {
    await this.local?.done;
  }

  /** The current analysis' values for these nodes; a node it did not cover is absent. */
  metricsOf(label: NodeLabel, ids: readonly string[]): Promise<Map<string, StoredMetricsRow>> {
    return this.db.read((tx) => this.repository.currentMetricsOf(tx, label, ids));
  }

  async communities(first: number): Promise<{ jobId: string; communities: StoredCommunity[] } | null> {
    if (first < 0 || first > COMMUNITIES_FIRST.max) throw new BadInputError('first', `must be between 0 and ${COMMUNITIES_FIRST.max}`);
    const aggregates = await this.currentAggregates();
    return aggregates && { jobId: aggregates.jobId, communities: aggregates.communities.slice(0, first) };
  }

  async communityNetwork(first: number) {
    if (first < 1 || first > COMMUNITIES_FIRST.max) throw new BadInputError('first', `must be between 1 and ${COMMUNITIES_FIRST.max}`);
    const aggregates = await this.currentAggregates();
    return aggregates && communityNetworkOf(aggregates, first);
  }

  /** Parsed once per job: a job's aggregates never change, so the cache needs no invalidation. */
  private async currentAggregates(): Promise<CommunityAggregates | null> {
    const stored = await this.db.read((tx) => this.repository.currentAggregates(tx));
    if (!stored || stored.communities === null) return null;
    if (this.aggregates?.jobId !== stored.jobId) {
      this.aggregates = {
        jobId: stored.jobId,
        value: { jobId: stored.jobId, communities: JSON.parse(stored.communities), links: JSON.parse(stored.links ?? '[]') },
      };
    }
    return this.aggregates.value;
  }

  private optionsOf(request: AnalysisRequest) {
    const types = request.types?.length ? [...new Set(request.types)] : [...DEFAULT_ANALYSIS_TYPES];
    const metrics = request.metrics?.length ? ANALYSIS_METRICS.filter((metric) => request.metrics!.includes(metric)) : [...ANALYSIS_METRICS];
    const bounded = (field: keyof typeof ANALYSIS_LIMITS, value: number | null | undefined, fallback: number | null) => {
      if (value === null || value === undefined) return fallback;
      const { min, max } = ANALYSIS_LIMITS[field];
      if (!Number.isInteger(value) || value < min || value > max) throw new BadInputError(`input.${field}`, `must be a whole number from ${min} to ${max}`);
      return value;
    };
    return {
      types,
      metrics,
      exactBelow: bounded('exactBelow', request.exactBelow, ANALYSIS_LIMITS.exactBelow.default)!,
      requestedSampleSize: bounded('sampleSize', request.sampleSize, ANALYSIS_LIMITS.sampleSize.default)!,
      // Null: chosen from the graph's size once it is read (defaultLayoutIterations).
      layoutIterations: bounded('layoutIterations', request.layoutIterations, null),
    };
  }

  private async stopLocal(): Promise<void> {
    const local = this.local;
    if (!local) return;
    local.cancelled = true;
    await local.computation?.terminate();
    await local.done.catch(() => {});
  }

  private async run(local: LocalJob, job: JobRow): Promise<void> {
    const prefix = job.prefix as SlotPrefix;
    const types = job.types as RelationshipTypeName[];
    let progress = 0;
    let phase = 'queued';
    const check = () => {
      if (local.cancelled) throw new Cancelled();
    };
    const heartbeat = setInterval(() => {
      this.db
        .write((tx) => this.repository.beat(tx, local.id, progress, phase))
        .then((state) => {
          // Cancelled through another process, or marked FAILED as stale: stop here too.
          if (state !== 'QUEUED' && state !== 'RUNNING') void this.stopLocalIf(local);
        })
        .catch(() => {});
    }, this.options.heartbeatMs);
    heartbeat.unref();
    try {
      if (!(await this.db.write((tx) => this.repository.updateLive(tx, local.id, { phase: 'reading' }, true)))) return;
      phase = 'reading';
      const { graph, ids, labels } = await this.readGraph(types, (share) => (progress = share * SHARE.read), check);
      check();
      const layoutIterations = (job.layoutIterations as number | null) ?? defaultLayoutIterations(graph.nodeCount);
      const edgeCount = graph.sources.length;
      await this.db.write((tx) =>
        this.repository.updateLive(tx, local.id, { phase: 'computing', nodeCount: graph.nodeCount, edgeCount, layoutIterations, progress: SHARE.read }),
      );
      phase = 'computing';
      const links = { sources: graph.sources.slice(), targets: graph.targets.slice() };
      local.computation = computeInWorker(
        graph,
        {
          metrics: job.metrics as AnalysisMetricName[],
          exactBelow: Number(job.exactBelow),
          sampleSize: Number(job.requestedSampleSize),
          layoutIterations,
          seed: 'governance-graph',
        },
        (name, share) => {
          phase = `computing: ${name}`;
          progress = SHARE.read + SHARE.compute * Math.min(1, phaseShare(name, share));
        },
      );
      check();
      const metrics = await local.computation.result;
      check();
      phase = 'writing';
      await this.writeMetrics(local, prefix, ids, labels, metrics, (share) => (progress = SHARE.read + SHARE.compute + SHARE.write * share));
      check();
      phase = 'finishing';
      const aggregates = metrics.community ? await this.aggregatesOf(local.id, ids, labels, metrics, links) : null;
      const finished = await this.db.write((tx) =>
        this.repository.finish(tx, local.id, {
          phase: 'done',
          sampleSize: metrics.sampleSize,
          communityCount: metrics.communityCount,
          modularity: metrics.modularity,
          phasesMs: JSON.stringify(metrics.phasesMs),
          communitiesJson: aggregates ? JSON.stringify(aggregates.communities) : null,
          communityLinksJson: aggregates ? JSON.stringify(aggregates.links) : null,
        }),
      );
      if (!finished) throw new Cancelled();
    } catch (error) {
      if (!(error instanceof Cancelled || error instanceof CancelledComputation)) {
        this.options.onError?.(error, local.id);
        await this.db.write((tx) => this.repository.fail(tx, local.id, reasonOf(error))).catch(() => false);
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async stopLocalIf(local: LocalJob): Promise<void> {
    if (this.local === local) await this.stopLocal();
  }

  /**
   * Every node of the model, and every link of `types` between two of them, in pages: node i is
   * the i-th id met, as the start of a page row or as the far end of a link.
   */
  private async readGraph(types: readonly RelationshipTypeName[], progress: (share: number) => void, check: () => void) {
    const index = new Map<string, number>();
    const ids: string[] = [];
    // NODE_LABELS position of each node; -1 until its own row is read (a node deleted meanwhile stays -1).
    const labels: number[] = [];
    const sources: number[] = [];
    const targets: number[] = [];
    const indexOf = (id: string): number => {
      let i = index.get(id);
      if (i === undefined) {
        i = ids.length;
        index.set(id, i);
        ids.push(id);
        labels.push(-1);
      }
      return i;
    };
    const total = Math.max(1, await this.db.read((tx) => this.repository.countNodes(tx)));
    let read = 0;
    for (const [labelIndex, label] of NODE_LABELS.entries()) {
      let afterId: string | null = null;
      for (;;) {
        check();
        const after: string | null = afterId;
        const page: { id: string; targets: string[] }[] = await this.db.read((tx) => this.repository.outgoing(tx, label, types, after, this.options.pageSize), { timeoutMs: 10 * 60_000 });
        for (const row of page) {
          const from = indexOf(row.id);
          labels[from] = labelIndex;
          for (const target of row.targets) {
            sources.push(from);
            targets.push(indexOf(target));
          }
        }
        read += page.length;
        progress(Math.min(1, read / total));
        if (page.length < this.options.pageSize) break;
        afterId = page[page.length - 1].id;
      }
    }
    const graph: GraphArrays = { nodeCount: ids.length, sources: Int32Array.from(sources), targets: Int32Array.from(targets) };
    return { graph, ids, labels };
  }

  private async writeMetrics(
    local: LocalJob,
    prefix: SlotPrefix,
    ids: readonly string[],
    labels: readonly number[],
    metrics: ComputedMetrics,
    progress: (share: number) => void,
  ): Promise<void> {
    const columns = METRIC_KEYS.map((key) => metrics[key] as ArrayLike<number> | null);
    const finite = (value: number) => (Number.isFinite(value) ? value : null);
    let written = 0;
    for (const [labelIndex, label] of NODE_LABELS.entries()) {
      let batch: { id: string; values: (number | null)[] }[] = [];
      const flush = async () => {
        if (local.cancelled) throw new Cancelled();
        const rows = batch;
        batch = [];
        await this.db.write((tx) => this.repository.writeSlot(tx, label, prefix, local.id, rows), { timeoutMs: 10 * 60_000 });
        written += rows.length;
        progress(written / ids.length);
      };
      for (let i = 0; i < ids.length; i++) {
        if (labels[i] !== labelIndex) continue;
        batch.push({ id: ids[i], values: columns.map((column) => (column ? finite(column[i]) : null)) });
        if (batch.length >= this.options.writeBatchSize) await flush();
      }
      if (batch.length) await flush();
    }
  }

  private async aggregatesOf(
    jobId: string,
    ids: readonly string[],
    labels: readonly number[],
    metrics: ComputedMetrics,
    links: { sources: Int32Array; targets: Int32Array },
  ): Promise<CommunityAggregates> {
    const draft = buildAggregates(jobId, ids, labels, metrics, links);
    const names = new Map<string, string>();
    await this.db.read(async (tx) => {
      for (const [labelIndex, label] of NODE_LABELS.entries()) {
        const wanted = draft.nameIds.filter((i) => labels[i] === labelIndex).map((i) => ids[i]);
        if (wanted.length) for (const [id, name] of await this.repository.namesOf(tx, label, wanted)) names.set(id, name);
      }
    });
    return draft.withNames(names);
  }
}

/** Rough share of the computation at which each phase starts and ends, so progress moves evenly enough. */
const PHASE_SPANS: Record<string, [number, number]> = {
  degree: [0, 0.02],
  projection: [0.02, 0.08],
  pagerank: [0.08, 0.12],
  eigenvector: [0.12, 0.16],
  louvain: [0.16, 0.3],
  betweenness: [0.3, 0.55],
  closeness: [0.55, 0.65],
  'sampled paths': [0.3, 0.65],
  layout: [0.65, 1],
};

function phaseShare(phase: string, share: number): number {
  const [start, end] = PHASE_SPANS[phase] ?? [0, 0];
  return start + (end - start) * share;
}
