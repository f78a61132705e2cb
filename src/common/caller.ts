import { createParameterDecorator } from 'type-graphql';
import type { Role } from '../config';

/** Who sent the request, once its key or token is checked. */
export interface Caller {
  name: string;
  role: Role;
}

/** The slice of the request context these decorators read: resolvers need not know the rest. */
interface CallerContext {
  caller: Caller | null;
}

/** The name the audit trail records for an anonymous write (reachable only when writes are open). */
export const ANONYMOUS_WRITER = 'anonymous';

/** Injects the caller, or null for a request without a key, as in type-graphql's custom decorators example. */
export function CurrentCaller() {
  return createParameterDecorator<CallerContext>(({ context }) => context.caller);
}

/** Injects the name a write is recorded under in the audit trail. */
export function WrittenBy() {
  return createParameterDecorator<CallerContext>(({ context }) => context.caller?.name ?? ANONYMOUS_WRITER);
}
