import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, JWK, SignJWT } from 'jose';
import { EDITOR_KEY, startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';

const ISSUER = 'https://id.example.test/realms/governance';
const AUDIENCE = 'governance-graph';
const KID = 'test-signing-key';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

interface Claims {
  sub?: string;
  roles?: string[];
  iss?: string;
  aud?: string;
  /** Seconds from now; negative for a token that has expired. */
  expiresIn?: number;
}

/** A token as an OIDC provider would issue it, with the roles under Keycloak's realm_access.roles. */
async function token(keys: KeyPair, claims: Claims = {}, kid = KID): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ realm_access: { roles: claims.roles ?? ['editor'] } })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (claims.expiresIn ?? 300));
  return jwt.setSubject(claims.sub ?? 'alice@example.test').sign(keys.privateKey);
}

/** An unsigned token (alg "none"), which a server must never trust. */
function unsigned(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iss: ISSUER, aud: AUDIENCE, sub: 'mallory', exp: now + 300, realm_access: { roles: ['editor'] } })}.`.replace(/\.$/, '.AA');
}

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(server: TestServer, query: string, variables: object, authorization?: string): Promise<Answer> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const UPSERT = 'mutation ($input: ActorInput!) { upsertActor(input: $input) { id } }';
const HISTORY = 'query ($id: ID!) { history(id: $id) { by operation } }';
const READ = '{ actors(first: 1) { totalCount } }';

describe('JWT bearer tokens from an OIDC provider', () => {
  let signing: KeyPair;
  let stranger: KeyPair;
  let dir: string;
  let server: TestServer;
  const upsert = (authorization: string | undefined, id = uniqueId('jwt-actor')) => post(server, UPSERT, { input: { id, name: `Acteur ${id}`, kind: 'NGO' } }, authorization);
  const exists = (id: string) => server.database.db.read(async (tx) => Number((await tx.run('MATCH (a:Actor {id: $id}) RETURN count(a) AS n', { id })).records[0].get('n')) > 0);

  beforeAll(async () => {
    signing = await generateKeyPair('RS256');
    stranger = await generateKeyPair('RS256');
    dir = mkdtempSync(path.join(tmpdir(), 'gg-jwks-'));
    const jwk: JWK = { ...(await exportJWK(signing.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [jwk] }));
    server = await startTestServer({
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_JWKS_FILE: path.join(dir, 'jwks.json'),
      JWT_ROLES_CLAIM: 'realm_access.roles',
    });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("accepts an editor's token for a write, and records the token's subject in the audit trail", async () => {
    const id = uniqueId('jwt-written');
    const written = await post(server, UPSERT, { input: { id, name: `Acteur ${id}`, kind: 'NGO' } }, `Bearer ${await token(signing, { sub: 'alice@example.test' })}`);
    expect(written.body.errors).toBeUndefined();
    expect(written.status).toBe(200);
    const history = await post(server, HISTORY, { id }, undefined);
    expect(history.body.data?.history).toEqual([{ by: 'alice@example.test', operation: 'upsertActor' }]);
  });

  it("lets a reader's token read but not write", async () => {
    const reader = `Bearer ${await token(signing, { roles: ['reader'] })}`;
    const read = await post(server, READ, {}, reader);
    expect(read.status).toBe(200);
    expect(read.body.errors).toBeUndefined();
    const write = await upsert(reader);
    expect(write.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it.each<[string, () => Promise<string>, string, number, RegExp]>([
    ['an expired token', () => token(signing, { expiresIn: -120 }), 'UNAUTHENTICATED', 401, /expired/],
    ['a token signed by another key', () => token(stranger), 'UNAUTHENTICATED', 401, /not signed by a key of the configured identity provider/],
    ['a token naming a key the provider does not have', () => token(signing, {}, 'unknown-kid'), 'UNAUTHENTICATED', 401, /not signed by a key/],
    ['a token of another issuer', () => token(signing, { iss: 'https://evil.example.test' }), 'UNAUTHENTICATED', 401, /"iss" claim/],
    ['a token for another audience', () => token(signing, { aud: 'another-api' }), 'UNAUTHENTICATED', 401, /"aud" claim/],
    ['an unsigned token (alg none)', async () => unsigned(), 'UNAUTHENTICATED', 401, /not a valid signed JWT|algorithm/],
    ['a valid token that grants no role of this API', () => token(signing, { roles: ['billing'] }), 'FORBIDDEN', 403, /grants no role/],
  ])('refuses %s with %s (HTTP %i), never a 500, and writes nothing', async (_what, make, code, status, message) => {
    const id = uniqueId('jwt-refused');
    const answer = await upsert(`Bearer ${await make()}`, id);
    expect(answer.status).toBe(status);
    expect(answer.body.errors?.[0].extensions?.code).toBe(code);
    expect(answer.body.errors?.[0].message).toMatch(message);
    expect(JSON.stringify(answer.body)).not.toMatch(/stack|node_modules|\/work\/|jose/i);
    expect(await exists(id)).toBe(false);
  });

  it('refuses a bad token on a read too, rather than treating its sender as anonymous', async () => {
    const answer = await post(server, READ, {}, `Bearer ${await token(signing, { expiresIn: -120 })}`);
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps accepting API keys', async () => {
    const answer = await upsert(`Bearer ${EDITOR_KEY}`);
    expect(answer.body.errors).toBeUndefined();
  });
});

describe('JWT verification against a JWKS served over HTTP', () => {
  let signing: KeyPair;
  let jwks: Server;
  let server: TestServer;
  let fetches = 0;

  beforeAll(async () => {
    signing = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(signing.publicKey)), kid: 'es-key', alg: 'ES256', use: 'sig' };
    jwks = createServer((_req, res) => {
      fetches++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    server = await startTestServer({
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      JWT_JWKS_URL: `http://127.0.0.1:${port}/realms/governance/protocol/openid-connect/certs`,
      JWT_ROLES_CLAIM: 'scope',
      JWT_EDITOR_VALUES: 'graph:write',
      JWT_READER_VALUES: 'graph:read',
    });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  const scoped = async (scope: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ scope }).setProtectedHeader({ alg: 'ES256', kid: 'es-key' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('svc-importer').setExpirationTime(now + 300).sign(signing.privateKey);
  };

  it('maps space-separated scopes to roles, and fetches the key set once for many tokens', async () => {
    const write = await post(server, UPSERT, { input: { id: uniqueId('jwt-url'), name: `Acteur ${uniqueId('jwt-url')}`, kind: 'NGO' } }, `Bearer ${await scoped('openid graph:write')}`);
    expect(write.body.errors).toBeUndefined();
    const reader = await post(server, UPSERT, { input: { id: uniqueId('jwt-url'), name: 'Acteur lecteur', kind: 'NGO' } }, `Bearer ${await scoped('openid graph:read')}`);
    expect(reader.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(fetches).toBe(1);
  });
});
