import { timingSafeEqual, createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { AuthChecker } from 'type-graphql';
import type { ApiKey, Config, Role } from '../config';
import { looksLikeJwt, TokenRefusal, TokenVerifier } from './tokens';
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

/**
 * Who a request's `Authorization: Bearer …` stands for: an API key of API_KEYS, or, when JWT_ISSUER
 * is set, a JWT from that OIDC provider. No header, or a credential that is neither a known key
 * nor a token, is an anonymous caller (null), as before tokens existed. A token that fails
 * verification is refused (UNAUTHENTICATED; FORBIDDEN when valid but granting no role): a
 * client that sent one expects to be someone, and must learn why it is not.
 */
export class Authenticator {
  private readonly tokens: TokenVerifier | null;

  constructor(private readonly config: Pick<Config, 'apiKeys' | 'jwt'>) {
    this.tokens = config.jwt ? new TokenVerifier(config.jwt) : null;
  }

  async callerOf(authorization: string | undefined): Promise<Caller | null> {
    const byKey = authenticate(authorization, this.config.apiKeys);
    if (byKey) return byKey;
    const credential = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!credential || !this.tokens || !looksLikeJwt(credential)) return null;
    try {
      return await this.tokens.callerOf(credential);
    } catch (error) {
      if (error instanceof TokenRefusal) {
        throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: error.code === 'FORBIDDEN' ? 403 : 401 } } });
      }
      throw error;
    }
  }
}

export function hasRole(caller: Caller | null, role: Role): boolean {
  return caller !== null && RANK[caller.role] >= RANK[role];
}

export const authChecker: AuthChecker<AppContext, Role> = ({ context }, roles) => {
  if (!context.caller) {
    throw new GraphQLError('This operation needs an API key or token: send Authorization: Bearer <key or token>', {
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
