import path from 'node:path';

export type Role = 'reader' | 'editor';

export interface ApiKey {
  name: string;
  role: Role;
  key: string;
}

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  neo4j: {
    /** Absent when the API should start its own embedded Neo4j. */
    uri?: string;
    user: string;
    password: string;
    database?: string;
    localPort: number;
    localDataDir: string;
    queryTimeoutMs: number;
  };
  seed: 'auto' | 'never' | 'always';
  /** Run the common operations once before opening the port (server/warm-up.ts). */
  warmUp: boolean;
  apiKeys: ApiKey[];
  readsNeedKey: boolean;
  introspection: boolean;
  limits: {
    /** Deepest field nesting an operation may have (introspection's ofType chains do not count). */
    maxDepth: number;
    /** Highest estimated cost (src/server/query-cost.ts): declared rows bounds multiply the children, hops bounds the walk. */
    maxCost: number;
    /** Highest first/limit a client may pass to any field. */
    maxPageSize: number;
    /** Counted with fragments expanded, so a fragment spread ten times counts ten times. */
    maxAliases: number;
    maxRootFields: number;
    /** Most operations in one HTTP request; 1 turns batching off. */
    maxBatchOperations: number;
    /** Enforced by the parser, so an oversized document is refused before it is validated. */
    maxTokens: number;
    maxBodyBytes: number;
    /** Most rows one importGraph mutation may carry; bigger imports go through `npm run import`. */
    importMaxRows: number;
  };
  shutdownGraceMs: number;
  /** How long an idle keep-alive connection stays open (http.Server keepAliveTimeout). */
  keepAliveTimeoutMs: number;
  /** max-age of the answers to queries sent by GET (src/server/http/cache-policy.ts); 0 is no-store. */
  httpCacheMaxAgeS: number;
  /** Prometheus metrics at /metrics; with a key, only `Authorization: Bearer <key>` may read them. */
  metrics: { enabled: boolean; key?: string };
  /** Bearer JWTs from an OIDC provider, accepted besides API keys; absent when JWT_ISSUER is unset. */
  jwt?: JwtConfig;
  /** GraphQL subscriptions over WebSocket at /graphql (src/server/subscriptions.ts). */
  subscriptions: {
    /** Events waiting for one subscription past which its connection is closed with 4429. */
    queueLimit: number;
    /** Subscriptions one connection may hold at once. */
    perConnection: number;
  };
}

export interface JwtConfig {
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must include. */
  audience: string;
  /** Where the provider's signing keys are: an https URL (fetched and cached) or a local JWKS file. */
  jwks: { url: string } | { file: string };
  /** Dotted path of the claim holding the caller's roles, e.g. `roles` or `realm_access.roles`. */
  rolesClaim: string;
  /** Claim values that make a caller an editor, or a reader. */
  editorValues: string[];
  readerValues: string[];
  /** Claim naming the caller in the audit trail (`sub` by default). */
  nameClaim: string;
  /** Leeway for exp and nbf, for clocks a little apart. */
  clockToleranceSeconds: number;
}

/** Rows one importGraph mutation may carry when IMPORT_MAX_ROWS is not set. */
export const DEFAULT_IMPORT_MAX_ROWS = 5000;

/** Every environment variable the config module reads; the compose test checks against it. */
export const CONFIG_ENV_VARS = [
  'NODE_ENV',
  'HOST',
  'PORT',
  'LOG_LEVEL',
  'NEO4J_URI',
  'NEO4J_USER',
  'NEO4J_PASSWORD',
  'NEO4J_DATABASE',
  'NEO4J_LOCAL_PORT',
  'NEO4J_LOCAL_DATA',
  'QUERY_TIMEOUT_MS',
  'SEED',
  'WARM_UP',
  'API_KEYS',
  'READS_NEED_KEY',
  'INTROSPECTION',
  'MAX_DEPTH',
  'MAX_COST',
  'MAX_PAGE_SIZE',
  'MAX_ALIASES',
  'MAX_ROOT_FIELDS',
  'MAX_BATCH_OPERATIONS',
  'MAX_TOKENS',
  'MAX_BODY_BYTES',
  'IMPORT_MAX_ROWS',
  'SHUTDOWN_GRACE_MS',
  'KEEP_ALIVE_TIMEOUT_MS',
  'HTTP_CACHE_MAX_AGE_S',
  'METRICS',
  'METRICS_KEY',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'JWT_JWKS_URL',
  'JWT_JWKS_FILE',
  'JWT_ROLES_CLAIM',
  'JWT_EDITOR_VALUES',
  'JWT_READER_VALUES',
  'JWT_NAME_CLAIM',
  'JWT_CLOCK_TOLERANCE_S',
  'SUBSCRIPTION_QUEUE_LIMIT',
  'SUBSCRIPTIONS_PER_CONNECTION',
] as const;

export type ConfigEnvVar = (typeof CONFIG_ENV_VARS)[number];
type Env = Partial<Record<ConfigEnvVar, string>>;

export class ConfigError extends Error {
  constructor(
    readonly variable: ConfigEnvVar,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

function oneOf<T extends string>(env: Env, name: ConfigEnvVar, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function integer(env: Env, name: ConfigEnvVar, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${value})`);
  return value;
}

function boolean(env: Env, name: ConfigEnvVar, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function neo4jUri(env: Env): string | undefined {
  const raw = env.NEO4J_URI;
  if (raw === undefined || raw === '') return undefined;
  if (!/^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s/]+(:\d+)?\/?$/.test(raw)) {
    throw new ConfigError('NEO4J_URI', 'must look like bolt://host:7687 or neo4j://host:7687');
  }
  return raw;
}

function apiKeys(env: Env): ApiKey[] {
  const raw = env.API_KEYS;
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry, index) => {
    const [name, role, key, ...rest] = entry.trim().split(':');
    if (!name || !key || rest.length > 0) {
      throw new ConfigError('API_KEYS', `entry ${index + 1} must be name:role:key`);
    }
    if (role !== 'reader' && role !== 'editor') {
      throw new ConfigError('API_KEYS', `entry ${index + 1} has role "${role}", expected reader or editor`);
    }
    if (key.length < 16) {
      throw new ConfigError('API_KEYS', `entry ${index + 1} has a key shorter than 16 characters`);
    }
    return { name, role, key };
  });
}

function list(env: Env, name: ConfigEnvVar, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.split(',').map((value) => value.trim()).filter(Boolean);
}

function metricsKey(env: Env): string | undefined {
  const key = env.METRICS_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.length < 16) throw new ConfigError('METRICS_KEY', 'must be at least 16 characters');
  return key;
}

function jwt(env: Env): JwtConfig | undefined {
  const issuer = env.JWT_ISSUER;
  if (issuer === undefined || issuer === '') {
    for (const name of ['JWT_AUDIENCE', 'JWT_JWKS_URL', 'JWT_JWKS_FILE'] as const) {
      if (env[name]) throw new ConfigError(name, 'is set but JWT_ISSUER is not: tokens need an issuer to be checked against');
    }
    return undefined;
  }
  const audience = env.JWT_AUDIENCE;
  if (!audience) throw new ConfigError('JWT_AUDIENCE', 'must be set when JWT_ISSUER is');
  const url = env.JWT_JWKS_URL;
  const file = env.JWT_JWKS_FILE;
  if (url && file) throw new ConfigError('JWT_JWKS_FILE', 'and JWT_JWKS_URL are both set: give one');
  if (!url && !file) throw new ConfigError('JWT_JWKS_URL', 'or JWT_JWKS_FILE must be set when JWT_ISSUER is');
  if (url && !/^https?:\/\/\S+$/.test(url)) throw new ConfigError('JWT_JWKS_URL', 'must be an http(s) URL');
  return {
    issuer,
    audience,
    jwks: url ? { url } : { file: path.resolve(file!) },
    rolesClaim: env.JWT_ROLES_CLAIM || 'roles',
    editorValues: list(env, 'JWT_EDITOR_VALUES', ['editor']),
    readerValues: list(env, 'JWT_READER_VALUES', ['reader']),
    nameClaim: env.JWT_NAME_CLAIM || 'sub',
    clockToleranceSeconds: integer(env, 'JWT_CLOCK_TOLERANCE_S', 30, 0, 600),
  };
}

export function loadConfig(env: Env = process.env as Env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  return {
    nodeEnv,
    host: env.HOST || '0.0.0.0',
    port: integer(env, 'PORT', 4000, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    neo4j: {
      uri: neo4jUri(env),
      user: env.NEO4J_USER || 'neo4j',
      password: env.NEO4J_PASSWORD ?? '',
      database: env.NEO4J_DATABASE || undefined,
      localPort: integer(env, 'NEO4J_LOCAL_PORT', 7687, 1, 65535),
      localDataDir: path.resolve(env.NEO4J_LOCAL_DATA || '.neo4j-data'),
      queryTimeoutMs: integer(env, 'QUERY_TIMEOUT_MS', 5000, 100, 600000),
    },
    seed: oneOf(env, 'SEED', ['auto', 'never', 'always'] as const, 'auto'),
    warmUp: boolean(env, 'WARM_UP', true),
    apiKeys: apiKeys(env),
    readsNeedKey: boolean(env, 'READS_NEED_KEY', false),
    introspection: boolean(env, 'INTROSPECTION', nodeEnv !== 'production'),
    limits: {
      maxDepth: integer(env, 'MAX_DEPTH', 12, 2, 100),
      maxCost: integer(env, 'MAX_COST', 50000, 10, 10_000_000),
      maxPageSize: integer(env, 'MAX_PAGE_SIZE', 500, 1, 100000),
      maxAliases: integer(env, 'MAX_ALIASES', 30, 0, 1000),
      maxRootFields: integer(env, 'MAX_ROOT_FIELDS', 20, 1, 1000),
      maxBatchOperations: integer(env, 'MAX_BATCH_OPERATIONS', 1, 1, 100),
      maxTokens: integer(env, 'MAX_TOKENS', 20000, 100, 1_000_000),
      maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 1_000_000, 1000, 100_000_000),
      // importGraph writes in one transaction, and past 20000 rows the CLI stops doing that too.
      importMaxRows: integer(env, 'IMPORT_MAX_ROWS', DEFAULT_IMPORT_MAX_ROWS, 1, 20_000),
    },
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10000, 0, 600000),
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 65000, 1000, 600000),
    httpCacheMaxAgeS: integer(env, 'HTTP_CACHE_MAX_AGE_S', 0, 0, 86400),
    metrics: { enabled: boolean(env, 'METRICS', true), key: metricsKey(env) },
    jwt: jwt(env),
    subscriptions: {
      queueLimit: integer(env, 'SUBSCRIPTION_QUEUE_LIMIT', 1000, 1, 100_000),
      perConnection: integer(env, 'SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 1000),
    },
  };
}
