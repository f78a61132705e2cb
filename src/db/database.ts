import { AsyncLocalStorage } from 'node:async_hooks';
import neo4j, { Driver, ManagedTransaction, Neo4jError, QueryResult, RecordShape } from 'neo4j-driver';
import type { ChangeNote } from '../events/changes';

/** The only surface repositories see: run one parameterised statement, and note what a write changed. */
export interface Tx {
  run<R extends RecordShape = RecordShape>(cypher: string, params?: Record<string, unknown>): Promise<QueryResult<R>>;
  /**
   * Notes a change this write makes, for live subscribers (src/events/): handed to the onCommit
   * listeners once the transaction has committed, and forgotten if it rolls back or is retried.
   * A read transaction refuses it.
   */
  publishOnCommit(note: ChangeNote): void;
}

/** Told of the notes of every write transaction that committed with at least one, and when it committed. */
export type CommitListener = (notes: readonly ChangeNote[], committedAt: Date) => void;

export interface DatabaseOptions {
  database?: string;
  timeoutMs: number;
}

export type AccessMode = 'READ' | 'WRITE';

/** Carries a rehearsed write's result out of the transaction it rolls back. */
class RolledBack<T> {
  constructor(readonly value: T) {}
}

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
  private readonly commitListeners = new Set<CommitListener>();
  private readonly rehearsal = new AsyncLocalStorage<boolean>();

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

  /**
   * Calls `listener` after every write transaction that committed notes (Tx.publishOnCommit); the
   * function returned stops that.
   */
  onCommit(listener: CommitListener): () => void {
    this.commitListeners.add(listener);
    return () => {
      this.commitListeners.delete(listener);
    };
  }

  read<T>(work: (tx: Tx) => Promise<T>, { timeoutMs = this.options.timeoutMs } = {}): Promise<T> {
    return this.withSession('READ', (session) =>
      session.executeRead((tx) => work(this.counted(tx, 'READ', null)), { timeout: timeoutMs }),
    );
  }

  /**
   * `timeoutMs` overrides the request timeout, for bulk work such as imports and migrations.
   *
   * Live events are published here, and only here, once executeWrite has committed. Every write
   * path (the API's mutations, imports, merges and their undoing, maps, each one's nested calls
   * in one transaction) goes through this method, so no service has to remember to publish after
   * its own transaction, nor can publish a change that then rolled back: the services only note
   * changes on the Tx, and a transaction that throws (a refused input, a dry-run import, which
   * rolls back by throwing) or that the driver retries leaves its attempt's notes behind.
   */
  async write<T>(work: (tx: Tx) => Promise<T>, { timeoutMs = this.options.timeoutMs } = {}): Promise<T> {
    let notes: ChangeNote[] = [];
    const rehearsing = this.rehearsal.getStore() === true;
    let result: T;
    try {
      result = await this.withSession('WRITE', (session) =>
        session.executeWrite(
          async (tx) => {
            const attempt: ChangeNote[] = [];
            notes = attempt;
            const value = await work(this.counted(tx, 'WRITE', attempt));
            if (rehearsing) throw new RolledBack(value);
            return value;
          },
          { timeout: timeoutMs },
        ),
      );
    } catch (error) {
      if (error instanceof RolledBack) return error.value as T;
      throw error;
    }
    if (notes.length > 0) this.committed(notes);
    return result;
  }

  /**
   * Runs `work` with every write transaction it starts rolled back once its statements have run,
   * and nothing published: the writes go through Neo4j's planner and runtime as real ones do,
   * and leave no trace. For the start-up warm-up (server/warm-up.ts), which runs mutations.
   */
  rehearse<T>(work: () => Promise<T>): Promise<T> {
    return this.rehearsal.run(true, work);
  }

  private committed(notes: readonly ChangeNote[]): void {
    const at = new Date();
    for (const listener of this.commitListeners) {
      try {
        listener(notes, at);
      } catch {
        // The write has committed: a listener's failure must not make it look failed.
      }
    }
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

  private counted(tx: ManagedTransaction, mode: AccessMode, notes: ChangeNote[] | null): Tx {
    return {
      publishOnCommit: (note) => {
        if (!notes) throw new Error('changes are noted in write transactions only');
        notes.push(note);
      },
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
