import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a GraphQL request ended: answered without errors, answered with errors, or refused by a limit or by access control. */
export type Outcome = 'ok' | 'error' | 'refused';
export const OUTCOMES: readonly Outcome[] = ['ok', 'error', 'refused'];

export type StatementMode = 'READ' | 'WRITE';

/** What a request that used automatic persisted queries did with the cache. */
export type PersistedQueryResult = 'hit' | 'miss' | 'register';

export const ANONYMOUS_OPERATION = 'anonymous';
export const OTHER_OPERATION = 'other';
/** Distinct operation names kept as label values when METRICS has no say: names come from clients. */
export const DEFAULT_MAX_OPERATION_NAMES = 200;

/** A GraphQL Name, and not absurdly long: anything else a client sends as an operation name is "other". */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Bounds the `operation` label. Operation names are chosen by clients, and every distinct label
 * value is a series Prometheus keeps forever, so the first `capacity` names are kept and every
 * later one is counted as "other". A name only takes a place when `admit` is set: the caller sets
 * it for operations found in a valid document, so names that clients merely claim (a request that
 * does not parse, an unknown operationName) cannot use up the places.
 */
export class OperationNames {
  private readonly kept = new Set<string>();

  constructor(readonly capacity: number = DEFAULT_MAX_OPERATION_NAMES) {}

  label(name: string | null | undefined, { admit = false }: { admit?: boolean } = {}): string {
    if (name === null || name === undefined || name === '') return ANONYMOUS_OPERATION;
    if (!OPERATION_NAME.test(name)) return OTHER_OPERATION;
    if (this.kept.has(name)) return name;
    if (admit && this.kept.size < this.capacity) {
      this.kept.add(name);
      return name;
    }
    return OTHER_OPERATION;
  }

  get size(): number {
    return this.kept.size;
  }
}

export interface MetricsOptions {
  /** Distinct operation names kept as labels (default 200); later ones count as "other". */
  maxOperationNames?: number;
  /** Read at every scrape: sessions the API holds open on Neo4j right now. */
  sessionsInUse?: () => number;
  /** Kinds of limit refusal, listed at 0 from the start so that rate() sees their first one. */
  refusalKinds?: readonly string[];
  /** Node's process metrics (CPU, memory, event loop lag, GC, handles); on by default. */
  defaultMetrics?: boolean;
}

/** Seconds: a GraphQL request is cheap at 5 ms and has gone wrong past its 5 s query timeout. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: a Neo4j statement on an index takes about a millisecond. */
const STATEMENT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The API's Prometheus metrics, in a registry of their own (never prom-client's global one, so two
 * servers in one process, as in the tests, count apart). Served at /metrics by metrics.route.ts.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly operations: OperationNames;
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly durations: Histogram<'operation' | 'outcome'>;
  private readonly refusals: Counter<'kind'>;
  private readonly statements: Histogram<'mode'>;
  private readonly imports: Counter<'outcome'>;
  private readonly analyses: Counter<'outcome'>;
  private readonly persistedQueries: Counter<'result'>;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.operations = new OperationNames(options.maxOperationNames);
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });

    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL operations answered, by operation name ("anonymous" without one, "other" past the first 200 names) and outcome (ok, error, refused)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.durations = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'Time from the arrival of the HTTP request to its GraphQL response, by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.refusals = new Counter({
      name: 'graphql_limit_refusals_total',
      help: 'Requests refused by a query limit before anything reached Neo4j, by kind (the LimitExceededError code; PAGE_TOO_LARGE for MAX_PAGE_SIZE, TOO_MANY_TOKENS for MAX_TOKENS)',
      labelNames: ['kind'],
      registers,
    });
    this.statements = new Histogram({
      name: 'neo4j_statement_duration_seconds',
      help: 'Time from sending a Cypher statement to receiving its last record (or its error), by access mode',
      labelNames: ['mode'],
      buckets: STATEMENT_BUCKETS,
      registers,
    });
    const sessionsInUse = options.sessionsInUse;
    new Gauge({
      name: 'neo4j_sessions_in_use',
      help: 'Neo4j sessions the API holds open right now; each runs one transaction on one pooled connection (neo4j-driver publishes no pool metrics)',
      registers,
      collect() {
        this.set(sessionsInUse ? sessionsInUse() : 0);
      },
    });
    this.imports = new Counter({
      name: 'imports_total',
      help: 'importGraph and importFiles mutation fields run over GraphQL, by outcome (refused: over a limit or without the editor role). `npm run import` runs outside the API and is not counted',
      labelNames: ['outcome'],
      registers,
    });
    this.analyses = new Counter({
      name: 'analyses_total',
      help: 'GraphQL operations that asked for network analytics (Network.stats or NetworkNode.metrics: centralities, communities), by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.persistedQueries = new Counter({
      name: 'graphql_persisted_queries_total',
      help: 'Automatic persisted query requests: hit (hash found), miss (PERSISTED_QUERY_NOT_FOUND, which graphql_requests_total counts as an error), register (query and hash stored)',
      labelNames: ['result'],
      registers,
    });

    for (const kind of options.refusalKinds ?? []) this.refusals.inc({ kind }, 0);
    for (const outcome of OUTCOMES) {
      this.imports.inc({ outcome }, 0);
      this.analyses.inc({ outcome }, 0);
    }
    for (const result of ['hit', 'miss', 'register'] as const) this.persistedQueries.inc({ result }, 0);
  }

  /** One GraphQL operation answered; `operation` is a label from `operations.label`. */
  request(operation: string, outcome: Outcome, seconds: number): void {
    this.requests.inc({ operation, outcome });
    this.durations.observe({ operation, outcome }, seconds);
  }

  refusal(kind: string): void {
    this.refusals.inc({ kind });
  }

  statement(mode: StatementMode, seconds: number): void {
    this.statements.observe({ mode }, seconds);
  }

  importField(outcome: Outcome): void {
    this.imports.inc({ outcome });
  }

  analysis(outcome: Outcome): void {
    this.analyses.inc({ outcome });
  }

  persistedQuery(result: PersistedQueryResult): void {
    this.persistedQueries.inc({ result });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}
