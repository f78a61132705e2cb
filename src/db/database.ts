import neo4j, { Driver, ManagedTransaction, Neo4jError, QueryResult, RecordShape } from 'neo4j-driver';

/** The only surface repositories see: run one parameterised statement. */
export interface Tx {
  run<R extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>): Promise<QueryResult<R>>;
}

export interface DatabaseOptions {
  database?: string;
  timeoutMs: number;
}

export type AccessMode = 'READ' | 'WRITE';

/**
 * Told of every statement run through `Tx` once its last record arrived or it failed, with the
 * transaction's access mode and the seconds since it was sent (for metrics).
 */
export type StatementObserver = (mode: AccessMode, seconds: number) => void;

/**
 * Wraps the driver's managed transactions. Reads go through executeRead (routed to followers on
 * a cluster), writes through executeWrite (leader, retried on transient errors), and every
 * statement is counted so tests can prove that a request runs a bounded number of round trips.
 */
export class Database {
  private statements = 0;
  private sessions = 0;
  private readonly observers = new Set<StatementObserver>();

  constructor(
    readonly driver: Driver,
    private readonly options: DatabaseOptions,
  ) {}

  get statementCount(): number {
    return this.statements;
  }

  /**
   * Sessions opened by read and write and not yet closed. Each runs one managed transaction on one
   * pooled connection, so this is the pool usage of the API's own work (neo4j-driver does not
   * publish its pool's figures).
   */
  get sessionsInUse(): number {
    return this.sessions;
  }

  /** Calls `observer` after every statement from now on; the function returned stops that. */
  observeStatements(observer: StatementObserver): () => void {
    this.observers.add(observer);
    return () => {
      this.observers.delete(observer);
    };
  }

  read<T>(work: (tx: Tx) => Promise<T>, { timeoutMs = this.options.timeoutMs } = {}): Promise<T> {
    return this.withSession('READ', (session) =>
      session.executeRead((tx) => work(this.counted(tx, 'READ')), { timeout: timeoutMs }),
    );
  }

  /** `timeoutMs` overrides the request timeout, for bulk work such as imports and migrations. */
  write<T>(work: (tx: Tx) => Promise<T>, { timeoutMs = this.options.timeoutMs } = {}): Promise<T> {
    return this.withSession('WRITE', (session) =>
      session.executeWrite((tx) => work(this.counted(tx, 'WRITE')), { timeout: timeoutMs }),
    );
  }

  async ping(): Promise<boolean> {
    try {
      await this.read((tx) => tx.run('RETURN 1'));
      return true;
    } catch {
      return false;
    }
  }

  private async withSession<T>(
    mode: AccessMode,
    work: (session: ReturnType<Driver['session']>) => Promise<T>,
  ): Promise<T> {
    const session = this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    this.sessions++;
    try {
      return await work(session);
    } finally {
      try {
        await session.close();
      } finally {
        this.sessions--;
      }
    }
  }

  private counted(tx: ManagedTransaction, mode: AccessMode): Tx {
    return {
      run: <R extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>) => {
        this.statements++;
        const result = tx.run<R>(cypher, params);
        if (this.observers.size > 0) this.timed(result, mode);
        return result;
      },
    };
  }

  /**
   * The driver's Result caches the promise of its records, so listening to it here neither
   * consumes the records twice nor changes what the caller awaits; a failure still reaches the
   * caller, and is handled here so that it is never reported as unhandled.
   */
  private timed(result: PromiseLike<unknown>, mode: AccessMode): void {
    const started = process.hrtime.bigint();
    const done = () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      for (const observer of this.observers) {
        try {
          observer(mode, seconds);
        } catch {
          // An observer's failure must not fail the statement.
        }
      }
    };
    result.then(done, done);
  }
}

export function isTimeout(error: unknown): boolean {
  return (
    error instanceof Neo4jError &&
    (error.code === 'Neo.ClientError.Transaction.TransactionTimedOut' ||
      error.code === 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration' ||
      /timed out|terminated/i.test(error.message))
  );
}

export function isUnavailable(error: unknown): boolean {
  return (
    error instanceof Neo4jError &&
    (error.code === 'ServiceUnavailable' || error.code === 'SessionExpired' || /connect|ECONNREFUSED/i.test(error.message))
  );
}

/** JavaScript numbers reach Cypher as floats; LIMIT, SKIP and ranges need integers. */
export function int(value: number): ReturnType<typeof neo4j.int> {
  return neo4j.int(Math.trunc(value));
}
