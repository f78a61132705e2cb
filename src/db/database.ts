import neo4j, { Driver, ManagedTransaction, Neo4jError, QueryResult, RecordShape } from 'neo4j-driver';

/** The only surface repositories see: run one parameterised statement. */
export interface Tx {
  run<R extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>): Promise<QueryResult<R>>;
}

export interface DatabaseOptions {
  database?: string;
  timeoutMs: number;
}

/**
 * Wraps the driver's managed transactions. Reads go through executeRead (routed to followers on
 * a cluster), writes through executeWrite (leader, retried on transient errors), and every
 * statement is counted so tests can prove that a request runs a bounded number of round trips.
 */
export class Database {
  private statements = 0;

  constructor(
    readonly driver: Driver,
    private readonly options: DatabaseOptions,
  ) {}

  get statementCount(): number {
    return this.statements;
  }

  read<T>(work: (tx: Tx) => Promise<T>, { timeoutMs = this.options.timeoutMs } = {}): Promise<T> {
    return this.withSession('READ', (session) =>
      session.executeRead((tx) => work(this.counted(tx)), { timeout: timeoutMs }),
    );
  }

  /** `timeoutMs` overrides the request timeout, for bulk work such as imports and migrations. */
  write<T>(work: (tx: Tx) => Promise<T>, { timeoutMs = this.options.timeoutMs } = {}): Promise<T> {
    return this.withSession('WRITE', (session) =>
      session.executeWrite((tx) => work(this.counted(tx)), { timeout: timeoutMs }),
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
    mode: 'READ' | 'WRITE',
    work: (session: ReturnType<Driver['session']>) => Promise<T>,
  ): Promise<T> {
    const session = this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }

  private counted(tx: ManagedTransaction): Tx {
    return {
      run: <R extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>) => {
        this.statements++;
        return tx.run<R>(cypher, params);
      },
    };
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
