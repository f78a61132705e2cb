import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, JSONWebKeySet, jwtVerify, JWTVerifyGetKey, JWTPayload } from 'jose';
import type { JwtConfig, Role } from '../config';
import type { Caller } from '../common/caller';

/** Signature algorithms an OIDC provider signs ID and access tokens with; `none` and HMAC are never accepted. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Three base64url parts: what tells a token from an API key, which never has dots. */
const COMPACT_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function looksLikeJwt(credential: string): boolean {
  return COMPACT_JWT.test(credential);
}

/** Why a token was refused, in words a client can act on; never the library's own message. */
export class TokenRefusal extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
    this.name = 'TokenRefusal';
  }
}

function refusalOf(error: unknown): TokenRefusal {
  if (error instanceof TokenRefusal) return error;
  if (error instanceof errors.JWTExpired) return new TokenRefusal('UNAUTHENTICATED', 'The bearer token has expired: get a new one from your identity provider');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new TokenRefusal('UNAUTHENTICATED', `The bearer token's "${error.claim}" claim is not accepted by this server`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new TokenRefusal('UNAUTHENTICATED', 'The bearer token is not signed by a key of the configured identity provider');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenRefusal('UNAUTHENTICATED', 'The bearer token is signed with an algorithm this server does not accept');
  if (error instanceof errors.JWKSTimeout || (error instanceof errors.JOSEError && error.code === 'ERR_JWKS_INVALID')) {
    return new TokenRefusal('UNAUTHENTICATED', "The identity provider's signing keys could not be read: try again later");
  }
  return new TokenRefusal('UNAUTHENTICATED', 'The bearer token is not a valid signed JWT');
}

function claimAt(payload: JWTPayload, dottedPath: string): unknown {
  return dottedPath.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

/** A claim's values: an array of strings, or a string of space-separated values as OAuth's `scope` is. */
function claimValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

function keySetOf(config: JwtConfig): JWTVerifyGetKey {
  if ('url' in config.jwks) return createRemoteJWKSet(new URL(config.jwks.url), { timeoutDuration: 5000, cooldownDuration: 30_000 });
  let keys: JSONWebKeySet;
  try {
    keys = JSON.parse(readFileSync(config.jwks.file, 'utf8')) as JSONWebKeySet;
  } catch (error) {
    throw new Error(`JWT_JWKS_FILE ${config.jwks.file} is not a readable JSON file (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(keys?.keys) || keys.keys.length === 0) throw new Error(`JWT_JWKS_FILE ${config.jwks.file} holds no "keys"`);
  return createLocalJWKSet(keys);
}

/**
 * Verifies bearer JWTs from an OIDC provider (jose): the signature against the provider's JWKS,
 * the issuer, the audience, expiry and not-before, then maps the roles claim to this API's roles.
 */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly config: JwtConfig) {
    this.keys = keySetOf(config);
  }

  /** The caller a token stands for; a TokenRefusal for any token that must not be trusted. */
  async callerOf(token: string): Promise<Caller> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ALGORITHMS,
        clockTolerance: this.config.clockToleranceSeconds,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw refusalOf(error);
    }
    const name = claimAt(payload, this.config.nameClaim);
    if (typeof name !== 'string' || name === '') {
      throw new TokenRefusal('UNAUTHENTICATED', `The bearer token has no "${this.config.nameClaim}" claim to name its holder`);
    }
    const role = this.roleOf(claimValues(claimAt(payload, this.config.rolesClaim)));
    if (!role) {
      throw new TokenRefusal(
        'FORBIDDEN',
        `The bearer token grants no role of this API: its "${this.config.rolesClaim}" claim must include ${[...this.config.editorValues, ...this.config.readerValues].map((value) => `"${value}"`).join(' or ')}`,
      );
    }
    return { name, role };
  }

  private roleOf(values: readonly string[]): Role | null {
    if (values.some((value) => this.config.editorValues.includes(value))) return 'editor';
    if (values.some((value) => this.config.readerValues.includes(value))) return 'reader';
    return null;
  }
}
