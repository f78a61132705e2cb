import type { Caller } from '../common/caller';
import type { Loaders } from './loaders';

export interface AppContext {
  requestId: string;
  caller: Caller | null;
  loaders: Loaders;
}
