import type { Caller } from '../common/caller';
import type { Loaders } from './loaders';
import type { LiveSession } from '../events/live.service';

export interface AppContext {
  requestId: string;
  caller: Caller | null;
  loaders: Loaders;
  /** Only on a WebSocket connection (server/subscriptions.ts): its caller's subscriptions, bounded. */
  live?: LiveSession;
}
