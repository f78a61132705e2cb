/**
 * An in-memory index of the graph, kept up to date by rebuilding it after writes, one build at a
 * time, in the background of the requests that need it.
 *
 * - `fresh(version)` waits for an index of that version: what a merge proposal or an import needs.
 * - `recent(version)` does the same on graphs whose index builds quickly. Where a build takes
 *   longer than `waitLimitMs` (the 100k-actor graph: seconds), it answers from the last index
 *   while the next one builds, and says it is stale: near-real-time, as a search engine's
 *   refresh interval is, rather than every reader after a write waiting for a whole rebuild.
 *
 * The version is read before the graph, so an index is never labelled newer than what it holds:
 * at worst a write that lands in between is seen as a change, and built again.
 */
export interface IndexBuilder<T> {
  /** What changes whenever the indexed data does; compared for equality only. */
  version(): Promise<string>;
  /** The index of the graph as it is now; `previous` is there to reuse what has not changed. */
  build(previous: T | null): Promise<T>;
}

interface Built<T> {
  version: string;
  index: T;
  buildMs: number;
}

interface Job<T> {
  /** The version read at the start of the build. */
  version: Promise<string>;
  done: Promise<Built<T>>;
}

export interface RecentIndex<T> {
  index: T;
  /** The graph has changed since this index was built; a newer one is on its way. */
  stale: boolean;
}

export class RefreshingIndex<T> {
  private ready: Built<T> | null = null;
  private running: Job<T> | null = null;
  /** The build that starts once the running one ends: every caller after a write shares it. */
  private queued: Promise<Built<T>> | null = null;

  constructor(
    private readonly builder: IndexBuilder<T>,
    private readonly waitLimitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The graph's version now, for `fresh` and `recent`. */
  version(): Promise<string> {
    return this.builder.version();
  }

  async fresh(version: string): Promise<T> {
    if (this.ready?.version === version) return this.ready.index;
    const running = this.running;
    if (running && (await running.version.catch(() => null)) === version) return (await running.done).index;
    return (await this.buildStartingNow()).index;
  }

  async recent(version: string): Promise<RecentIndex<T>> {
    if (this.ready?.version === version) return { index: this.ready.index, stale: false };
    if (this.ready && this.ready.buildMs >= this.waitLimitMs) {
      // One build at a time: the one running may predate this write; the next request starts another if so.
      if (!this.running) this.buildStartingNow().catch(() => undefined);
      return { index: this.ready.index, stale: true };
    }
    return { index: await this.fresh(version), stale: false };
  }

  /** Starts a build when there is no index yet, e.g. at start-up, so the first request finds one. */
  warm(): void {
    if (!this.ready && !this.running) this.buildStartingNow().catch(() => undefined);
  }

  /** A build that starts now, or as soon as the one running ends: it sees every write committed before this call. */
  private buildStartingNow(): Promise<Built<T>> {
    if (!this.running) return this.launch().done;
    if (!this.queued) {
      const queued = this.running.done
        .catch(() => undefined)
        .then(() => {
          this.queued = null;
          return this.launch().done;
        });
      this.queued = queued;
    }
    return this.queued;
  }

  private launch(): Job<T> {
    const started = this.now();
    const previous = this.ready?.index ?? null;
    const version = this.builder.version();
    const done = version.then(async (read) => {
      const index = await this.builder.build(previous);
      const built = { version: read, index, buildMs: this.now() - started };
      this.ready = built;
      return built;
    });
    const job: Job<T> = { version, done };
    this.running = job;
    // A failed build leaves the last index in place: the next request tries again.
    done
      .finally(() => {
        if (this.running === job) this.running = null;
      })
      .catch(() => undefined);
    return job;
  }
}
