import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSub } from 'type-graphql';
import type { GraphChangeEvent } from './coalesce';
import type { MapEditKind } from './changes';
import type { MapVisibility } from '../maps/map.type';

/** A mapChanged event: the map's id and version after the edit; clients read the map itself with map(id). */
export interface MapEditEvent {
  change: MapEditKind;
  mapId: string;
  version: number;
  name: string;
  by: string;
  at: string;
  /** Who may be told: the same rule as map(id) (map.rules.ts canSee). */
  visibility: MapVisibility;
  author: string;
}

/**
 * Progress of one of G2's analysis jobs. The topic is typed so that the job runner publishes
 * `bus.publish('analysisJobProgress', jobId, event)` and a subscription listens by job id; no job
 * exists yet, so nothing publishes it and the schema has no analysisJobProgress field.
 */
export interface AnalysisJobProgressEvent {
  jobId: string;
  state: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  /** 0 to 1. */
  progress: number;
  at: string;
}

/** The topics and what each carries; a topic with an id is published and listened to per id. */
export type Topics = {
  graphChanged: [GraphChangeEvent];
  mapChanged: [mapId: string, event: MapEditEvent];
  analysisJobProgress: [jobId: string, event: AnalysisJobProgressEvent];
};

type TopicName = keyof Topics;
type PayloadOf<K extends TopicName> = Topics[K] extends [infer P] ? P : Topics[K] extends [unknown, infer P] ? P : never;
type IdArgs<K extends TopicName> = Topics[K] extends [unknown] ? [] : [id: string];

/** Events queued for one subscription when the bus is not told otherwise (SUBSCRIPTION_QUEUE_LIMIT). */
export const DEFAULT_QUEUE_LIMIT = 1000;

/** A subscriber let more than its limit of events queue up: its subscription ends, and its connection is closed (4429). */
export class SlowConsumerError extends Error {
  constructor(readonly limit: number) {
    super(`More than ${limit} events were waiting for this subscriber: it reads slower than events come, and was dropped`);
    this.name = 'SlowConsumerError';
  }
}

export interface ListenOptions<T> {
  /** Most events waiting for the consumer; one more ends the subscription with a SlowConsumerError. */
  limit?: number;
  /** Events the subscriber does not want never enter its queue. */
  filter?: (event: T) => boolean;
  /** The subscription ends after delivering an event for which this is true (a deleted map). */
  last?: (event: T) => boolean;
  /** Told once, when the queue overflows, before the iterator throws. */
  onOverflow?: (error: SlowConsumerError) => void;
}

/**
 * The in-process event bus: @graphql-yoga/subscription's createPubSub (type-graphql's own
 * dependency) for delivery, with a bounded queue per subscription in front of each consumer. The
 * Repeater that createPubSub hands each subscriber buffers without bound (and past 1024 pending
 * pushes throws inside the publisher), so each subscription drains its Repeater at once into a
 * queue of its own and is dropped, not buffered, when that queue passes its limit.
 *
 * It implements type-graphql's PubSub, so it is the schema's `pubSub`; the API's subscriptions
 * use `listen`, which takes the limit and the filter.
 */
export class EventBus implements PubSub {
  private readonly pubSub = createPubSub<Topics>();
  private live = 0;

  constructor(private readonly defaultLimit = DEFAULT_QUEUE_LIMIT) {}

  /** Subscriptions listening now. */
  get subscriptions(): number {
    return this.live;
  }

  publish<K extends TopicName>(topic: K, ...args: Topics[K]): void;
  publish(topic: string, ...args: unknown[]): void;
  publish(topic: string, ...args: unknown[]): void {
    (this.pubSub.publish as (topic: string, ...args: unknown[]) => void)(topic, ...args);
  }

  /** type-graphql's PubSub: a bounded subscription with the default limit. */
  subscribe(topic: string, id?: unknown): AsyncIterableIterator<unknown> {
    return this.listenTo(topic, id === undefined ? undefined : String(id), {});
  }

  listen<K extends TopicName>(topic: K, ...rest: [...IdArgs<K>, ListenOptions<PayloadOf<K>>?]): AsyncIterableIterator<PayloadOf<K>> {
    const [first, second] = rest as unknown[];
    const id = typeof first === 'string' ? first : undefined;
    const options = ((typeof first === 'string' ? second : first) ?? {}) as ListenOptions<PayloadOf<K>>;
    return this.listenTo(topic, id, options) as AsyncIterableIterator<PayloadOf<K>>;
  }

  private listenTo<T>(topic: string, id: string | undefined, options: ListenOptions<T>): AsyncIterableIterator<T> {
    const subscribe = this.pubSub.subscribe as unknown as (topic: string, id?: string) => AsyncIterator<T> & { return(): Promise<IteratorResult<T>> };
    const source = id === undefined ? subscribe(topic) : subscribe(topic, id);
    this.live++;
    let counted = true;
    const uncount = () => {
      if (counted) this.live--;
      counted = false;
    };
    return boundedQueue(source, { ...options, limit: options.limit ?? this.defaultLimit }, uncount);
  }
}

/**
 * Pulls `source` as fast as it yields into a queue of at most `limit` events, and serves the
 * consumer from that queue. Overflow empties the queue, stops the source and makes the next read
 * throw a SlowConsumerError.
 */
function boundedQueue<T>(
  source: AsyncIterator<T> & { return(): Promise<IteratorResult<T>> },
  options: ListenOptions<T> & { limit: number },
  onEnd: () => void,
): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | null = null;
  let failure: unknown = null;
  let ended = false;

  const stop = () => {
    if (ended) return;
    ended = true;
    onEnd();
    void source.return().catch(() => undefined);
  };
  const wake = () => {
    if (!waiting) return;
    const reader = waiting;
    if (queue.length) {
      waiting = null;
      reader.resolve({ value: queue.shift()!, done: false });
    } else if (failure) {
      waiting = null;
      reader.reject(failure);
    } else if (ended) {
      waiting = null;
      reader.resolve({ value: undefined, done: true });
    }
  };
  const take = (event: T) => {
    if (ended) return;
    try {
      if (options.filter && !options.filter(event)) return;
      if (queue.length >= options.limit && !waiting) {
        queue.length = 0;
        failure = new SlowConsumerError(options.limit);
        stop();
        options.onOverflow?.(failure as SlowConsumerError);
        return;
      }
      queue.push(event);
      if (options.last?.(event)) stop();
    } catch (error) {
      failure = error;
      stop();
    } finally {
      wake();
    }
  };

  void (async () => {
    try {
      for (;;) {
        const result = await source.next();
        if (result.done) break;
        take(result.value);
      }
    } catch (error) {
      failure ??= error;
    } finally {
      stop();
      wake();
    }
  })();

  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (failure) return Promise.reject(failure);
      if (ended) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return() {
      queue.length = 0;
      stop();
      wake();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      queue.length = 0;
      stop();
      wake();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
