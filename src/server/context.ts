import type { Caller } from './auth';
import type { Loaders } from './loaders';

export interface AppContext {
  requestId: string;
  caller: Caller | null;
  loaders: Loaders;
}
