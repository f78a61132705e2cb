import { timingSafeEqual, createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import type { ApiKey, Role } from '../config';
import type { Caller } from '../common/caller';
import type { AppContext } from './context';

const RANK: Record<Role, number> = { reader: 1, editor: 2 };

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Finds the key's owner. Digests make every comparison the same length, and every configured key
 * is compared, so the time taken says nothing about which key nearly matched.
 */
export function authenticate(authorization: string | undefined, keys: readonly ApiKey[]): Caller | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return null;
  const presented = digest(match[1]);
  let found: ApiKey | null = null;
  for (const key of keys) {
    if (timingSafeEqual(presented, digest(key.key)) && !found) found = key;
  }
  return found ? { name: found.name, role: found.role } : null;
}

export function hasRole(caller: Caller | null, role: Role): boolean {
  return caller !== null && RANK[caller.role] >= RANK[role];
}

export const authChecker: AuthChecker<AppContext, Role> = ({ context }, roles) => {
  if (!context.caller) {
    throw new GraphQLError('This operation needs an API key: send Authorization: Bearer <key>', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  if (!roles.every((role) => hasRole(context.caller, role))) {
    throw new GraphQLError(`This operation needs the ${roles.join(', ')} role`, {
      extensions: { code: 'FORBIDDEN' },
    });
  }
  return true;
};
