import { Client, createClient } from 'graphql-ws';
import { storedApiKey } from './api';
import { appendStatus } from './dom';

/** What the server's graphChanged subscription sends (src/events/live.type.ts). */
export interface LiveChange {
  change: 'CREATED' | 'UPDATED' | 'MERGED' | 'DELETED';
  nodeIds: string[];
  relationshipId: string | null;
  at: string;
  truncated: boolean;
}

const GRAPH_CHANGED = `subscription Live($nodeIds: [ID!]) {
  graphChanged(nodeIds: $nodeIds) { change nodeIds relationshipId at truncated }
}`;

/** What the server's mapChanged subscription sends (src/events/live.type.ts). */
export interface MapEditInfo {
  change: 'SAVED' | 'DELETED';
  version: number;
  at: string;
}

const MAP_CHANGED = `subscription MapLive($id: ID!) {
  mapChanged(id: $id) { change version at }
}`;

/** The most ids graphChanged takes; a bigger view listens to every change and keeps its own. */
const MOST_WATCHED = 5000;
/** One write comes as several events (a link names both ends): the view is reloaded once, after them. */
const SETTLE_MS = 300;

/**
 * Other editors' writes to what is drawn, as they commit: graphChanged over graphql-ws on this
 * server's /graphql, with the key the page uses. The view is reloaded a moment after the last
 * event, keeping the nodes where they are. A dropped connection is retried by graphql-ws; one the
 * server closed as a slow consumer (4429) is not, and the page then says live updates stopped.
 */
export class LiveView {
  private client: Client | null = null;
  private unsubscribe: (() => void) | null = null;
  private watchedKey = '';
  private watchedMap: string | null = null;
  private unsubscribeMap: (() => void) | null = null;
  private watched = new Set<string>();
  private pending: LiveChange[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly reload: (changes: readonly LiveChange[]) => void,
    private readonly stopped: (reason: string) => void,
    private readonly options: {
      /** The embed listens without the page's key, as it reads. */
      anonymous?: boolean;
      /** The map watched (watchMap) was saved again or deleted. */
      mapEdited?: (edit: MapEditInfo) => void;
    } = {},
  ) {}

  /** Listens to changes touching these nodes from now on (none: stops listening). */
  watch(nodeIds: readonly string[]): void {
    const key = [...nodeIds].sort().join('\n');
    if (key === this.watchedKey) return;
    this.watchedKey = key;
    this.watched = new Set(nodeIds);
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (nodeIds.length === 0) return;
    const variables = { nodeIds: nodeIds.length <= MOST_WATCHED ? [...nodeIds] : null };
    this.unsubscribe = this.connection().subscribe<{ graphChanged: LiveChange }>(
      { query: GRAPH_CHANGED, variables },
      {
        next: ({ data }) => {
          if (data?.graphChanged) this.received(data.graphChanged);
        },
        error: (error) => this.failed(error),
        complete: () => undefined,
      },
    );
  }

  /** Listens to saves and the deletion of this map from now on (null: stops). */
  watchMap(id: string | null): void {
    if (id === this.watchedMap) return;
    this.watchedMap = id;
    this.unsubscribeMap?.();
    this.unsubscribeMap = null;
    if (id === null) return;
    this.unsubscribeMap = this.connection().subscribe<{ mapChanged: MapEditInfo }>(
      { query: MAP_CHANGED, variables: { id } },
      {
        next: ({ data }) => {
          if (data?.mapChanged) this.options.mapEdited?.(data.mapChanged);
        },
        error: (error) => this.failed(error),
        complete: () => undefined,
      },
    );
  }

  private connection(): Client {
    this.client ??= createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      connectionParams: () => {
        const key = this.options.anonymous ? null : storedApiKey();
        return key ? { authorization: `Bearer ${key}` } : {};
      },
      lazy: true,
      retryAttempts: 5,
    });
    return this.client;
  }

  private failed(error: unknown): void {
    const reason = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : 'the connection closed');
    this.stopped(reason);
  }

  /** The key changed: the next connection must carry the new one. */
  reconnect(): void {
    const ids = [...this.watched];
    const map = this.watchedMap;
    this.watchedKey = '';
    this.watchedMap = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unsubscribeMap?.();
    this.unsubscribeMap = null;
    void this.client?.dispose();
    this.client = null;
    this.watch(ids);
    this.watchMap(map);
  }

  private received(change: LiveChange): void {
    if (!change.truncated && !change.nodeIds.some((id) => this.watched.has(id))) return;
    this.pending.push(change);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const changes = this.pending;
      this.pending = [];
      this.timer = null;
      this.reload(changes);
    }, SETTLE_MS);
  }
}

/** Says on the status line when the drawing was last brought up to date. */
export function noteLiveUpdate(changes: readonly LiveChange[]): void {
  if (changes.length === 0) return;
  const at = new Date(changes[changes.length - 1].at).toLocaleTimeString();
  appendStatus(`updated live at ${at} (${changes.length} change${changes.length === 1 ? '' : 's'})`);
}

/** Says on the status line that the map on screen is the version its author just saved. */
export function noteMapSaved(edit: MapEditInfo): void {
  appendStatus(`version ${edit.version} saved at ${new Date(edit.at).toLocaleTimeString()}`);
}
