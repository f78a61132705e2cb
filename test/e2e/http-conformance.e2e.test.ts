import { createHash } from 'node:crypto';
import { serverAudits } from 'graphql-http';
import type { AuditResult } from 'graphql-http';
import { EDITOR_KEY, startTestServer, TestServer } from '../support/server';

/**
 * GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/), as graphql-http's audit
 * suite checks it, and the parts of the protocol the audits leave out: GET for queries only,
 * automatic persisted queries, and the query limits on both.
 */

interface Reply {
  status: number;
  headers: Headers;
  body: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

async function send(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as Reply['body'] };
}

function post(server: TestServer, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** A GET as a non-browser client (or Apollo Client) sends it: with a header that CSRF prevention accepts. */
function get(server: TestServer, params: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Reply> {
  const url = new URL(server.url);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  return send(url.toString(), { headers: { 'apollo-require-preflight': 'true', ...headers } });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function persisted(hash: string) {
  return { persistedQuery: { version: 1, sha256Hash: hash } };
}

interface Tally {
  level: string;
  ok: number;
  total: number;
}

function tally(results: AuditResult[]): Tally[] {
  return ['MUST', 'SHOULD', 'MAY'].map((level) => {
    const ofLevel = results.filter((result) => result.name.startsWith(`${level} `));
    return { level, ok: ofLevel.filter((result) => result.status === 'ok').length, total: ofLevel.length };
  });
}

function report(title: string, results: AuditResult[]): string {
  const lines = [title, ...tally(results).map(({ level, ok, total }) => `  ${level.padEnd(6)} ${ok}/${total}`)];
  for (const result of results) {
    if (result.status !== 'ok') lines.push(`  ✗ [${result.status}] ${result.id} ${result.name}: ${result.reason}`);
  }
  return lines.join('\n');
}

async function runAudits(url: string, fetchFn?: typeof fetch): Promise<AuditResult[]> {
  const audits = serverAudits({ url, fetchFn });
  const results: AuditResult[] = [];
  for (const audit of audits) results.push(await audit.fn());
  return results;
}

/**
 * The three MAY audits that send a bare GET (no header but Accept): CSRF prevention refuses them,
 * since a browser sends such a request cross-site without a preflight. See src/server/app.ts.
 */
const BARE_GET_AUDITS = ['5A70', 'D6D5', '6A70'];

describe('GraphQL over HTTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  describe('the graphql-http audit suite', () => {
    let results: AuditResult[];

    beforeAll(async () => {
      results = await runAudits(server.url);
      console.log(report(`graphql-http ${require('graphql-http/package.json').version} serverAudits against ${server.url}`, results));
    });

    it('passes every MUST audit (13) and every SHOULD audit (23)', () => {
      const [must, should] = tally(results);
      expect(must).toEqual({ level: 'MUST', ok: 13, total: 13 });
      expect(should).toEqual({ level: 'SHOULD', ok: 23, total: 23 });
      const failing = results.filter((result) => !result.name.startsWith('MAY ') && result.status !== 'ok');
      expect(failing.map((result) => `${result.id} ${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual([]);
    });

    it('fails only the MAY audits of a bare GET, which CSRF prevention refuses', () => {
      const failingMay = results.filter((result) => result.name.startsWith('MAY ') && result.status !== 'ok');
      expect(failingMay.map((result) => result.id).sort()).toEqual([...BARE_GET_AUDITS].sort());
      for (const result of failingMay) {
        expect(result.status === 'ok' ? null : result.response.status).toBe(400);
      }
    });

    it('passes every audit, MAY included, for a client that sends the preflight header on GET', async () => {
      const preflighted = ((input: string | URL | Request, init: RequestInit = {}) => {
        const headers = new Headers(init.headers);
        if ((init.method ?? 'GET') === 'GET') headers.set('apollo-require-preflight', 'true');
        return fetch(input, { ...init, headers });
      }) as typeof fetch;
      const withHeader = await runAudits(server.url, preflighted);
      console.log(report('the same audits, GET requests sending apollo-require-preflight: true', withHeader));
      expect(withHeader.filter((result) => result.status !== 'ok').map((result) => result.id)).toEqual([]);
    });
  });

  describe('status codes of request errors', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['a document that does not parse', { query: '{' }, 'GRAPHQL_PARSE_FAILED'],
      ['a document that does not validate', { query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
      ['variables that do not coerce', { query: 'query ($id: ID!) { actor(id: $id) { id } }', variables: { id: null } }, 'BAD_USER_INPUT'],
    ];

    it.each(cases)('answers %s with 200 to a client that accepts only application/json', async (_label, body, code) => {
      const reply = await post(server, body, { accept: 'application/json' });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
      expect(reply.body.data).toBeUndefined();
      expect(reply.body.errors![0].extensions.code).toBe(code);
    });

    it.each(cases)('answers %s with 400 under application/graphql-response+json', async (_label, body, code) => {
      for (const accept of ['application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9']) {
        const reply = await post(server, body, { accept });
        expect(reply.status).toBe(400);
        expect(reply.body.errors![0].extensions.code).toBe(code);
      }
    });

    it.each(cases)('keeps 400 for %s when the client names no media type (no Accept, or */*)', async (_label, body) => {
      expect((await post(server, body)).status).toBe(400);
      expect((await post(server, body, { accept: '*/*' })).status).toBe(400);
    });

    it('keeps 4xx for limit and CSRF refusals whatever the client accepts', async () => {
      const deep = `{ territory(id: "x") { ${'parent { '.repeat(12)}id${' }'.repeat(12)} } }`;
      const tooDeep = await post(server, { query: deep }, { accept: 'application/json' });
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.body.errors![0].extensions.code).toBe('QUERY_TOO_DEEP');
      const tooLong = await post(server, { query: `{ ${'__typename '.repeat(20001)}}` }, { accept: 'application/json' });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.errors![0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      const crossSite = await post(server, { query: '{ __typename }' }, { accept: 'application/json', 'content-type': 'text/plain' });
      expect(crossSite.status).toBe(400);
      expect(crossSite.body.errors![0].message).toMatch(/Cross-Site Request Forgery/);
    });
  });

  describe('GET', () => {
    it('runs a query, with variables and an operation name', async () => {
      const reply = await get(server, {
        query: 'query Count($n: Int!) { actors(first: $n) { totalCount edges { node { id } } } }',
        variables: { n: 2 },
        operationName: 'Count',
      });
      expect(reply.status).toBe(200);
      expect((reply.body.data as { actors: { edges: unknown[] } }).actors.edges).toHaveLength(2);
      // HTTP_CACHE_MAX_AGE_S is 0 unless set: nothing may be stored.
      expect(reply.headers.get('cache-control')).toBe('no-store');
    });

    it('accepts a GET with a JSON content-type or x-apollo-operation-name instead of the preflight header', async () => {
      const url = `${server.url}?query=${encodeURIComponent('{ __typename }')}`;
      expect((await send(url, { headers: { 'content-type': 'application/json' } })).status).toBe(200);
      expect((await send(url, { headers: { 'x-apollo-operation-name': 'Anything' } })).status).toBe(200);
    });

    it('keeps CSRF prevention: a bare GET, even accepting application/graphql-response+json, runs nothing', async () => {
      const before = server.database.db.statementCount;
      const url = `${server.url}?query=${encodeURIComponent('{ actors(first: 1) { totalCount } }')}`;
      for (const accept of [undefined, 'application/json', 'application/graphql-response+json']) {
        const reply = await send(url, { headers: accept ? { accept } : {} });
        expect(reply.status).toBe(400);
        expect(reply.body.errors![0].message).toMatch(/Cross-Site Request Forgery/);
      }
      expect(server.database.db.statementCount).toBe(before);
    });

    it('never runs a mutation: 405, Allow: POST, and an error that says so', async () => {
      const before = server.database.db.statementCount;
      const reply = await get(
        server,
        { query: 'mutation { deleteRelationship(id: "no-such-link") }' },
        { authorization: `Bearer ${EDITOR_KEY}`, accept: 'application/graphql-response+json' },
      );
      expect(reply.status).toBe(405);
      expect(reply.headers.get('allow')).toBe('POST');
      expect(reply.body.errors![0]).toMatchObject({
        message: 'GET requests only support query operations, not mutation operations',
        extensions: { code: 'BAD_REQUEST' },
      });
      expect(server.database.db.statementCount).toBe(before);
    });

    it('applies the query limits: depth, aliases, root fields, page size and cost', async () => {
      const refusedOverGet = async (query: string, code: string, variables?: Record<string, unknown>) => {
        const before = server.database.db.statementCount;
        const reply = await get(server, variables ? { query, variables } : { query });
        expect(reply.status).toBe(400);
        expect(reply.body.errors![0].extensions).toMatchObject({ code, limit: expect.any(Number), measured: expect.any(Number) });
        expect(server.database.db.statementCount).toBe(before);
      };
      await refusedOverGet(`{ territory(id: "x") { ${'parent { '.repeat(12)}id${' }'.repeat(12)} } }`, 'QUERY_TOO_DEEP');
      await refusedOverGet(`{ actor(id: "x") { ${Array.from({ length: 31 }, (_, i) => `n${i}: name`).join(' ')} } }`, 'TOO_MANY_ALIASES');
      await refusedOverGet(`{ ${Array.from({ length: 21 }, (_, i) => `r${i}: __typename`).join(' ')} }`, 'TOO_MANY_ROOT_FIELDS');
      await refusedOverGet(`query ($n: Int!) { sources(first: $n) { totalCount } }`, 'BAD_USER_INPUT', { n: 100000 });
      await refusedOverGet(
        `query ($n: Int!, $m: Int!) { actors(first: $n) { edges { node { relationships(first: $m) { edges { node { id } } } } } } }`,
        'QUERY_TOO_COMPLEX',
        { n: 400, m: 400 },
      );
    });

    describe('with tight MAX_TOKENS and MAX_BODY_BYTES', () => {
      let tight: TestServer;
      beforeAll(async () => {
        tight = await startTestServer({ MAX_TOKENS: '100', MAX_BODY_BYTES: '2000', MAX_ROOT_FIELDS: '3' });
      });
      afterAll(async () => {
        await tight.close();
      });

      it('refuses a document over MAX_TOKENS while parsing', async () => {
        const reply = await get(tight, { query: `{ ${'__typename '.repeat(120)}}` });
        expect(reply.status).toBe(400);
        expect(reply.body.errors![0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
        expect(reply.body.errors![0].message).toMatch(/100 tokens/);
      });

      it('refuses more root fields than MAX_ROOT_FIELDS', async () => {
        const reply = await get(tight, { query: '{ a: __typename b: __typename c: __typename d: __typename }' });
        expect(reply.status).toBe(400);
        expect(reply.body.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_ROOT_FIELDS', limit: 3, measured: 4 });
      });

      it('refuses a query string over MAX_BODY_BYTES with 414, as POST refuses such a body with 413', async () => {
        const padding = `query { __typename } # ${'x'.repeat(2100)}`;
        const reply = await get(tight, { query: padding });
        expect(reply.status).toBe(414);
        expect(reply.body.errors![0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 2000, requestId: reply.headers.get('x-request-id') });
        expect(reply.body.errors![0].extensions.measured as number).toBeGreaterThan(2000);
        const posted = await post(tight, { query: padding });
        expect(posted.status).toBe(413);
        expect((await get(tight, { query: '{ __typename }' })).status).toBe(200);
      });
    });
  });

  describe('automatic persisted queries', () => {
    it('asks for the query once, then runs it by hash over POST and GET', async () => {
      // Unique text, so no other test (nor an earlier run of this one) registered it.
      const query = `query Persisted${Date.now()} { actors(first: 1) { totalCount } }`;
      const hash = sha256(query);

      const unknown = await post(server, { extensions: persisted(hash) });
      expect(unknown.status).toBe(200);
      expect(unknown.body.errors![0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
      const unknownOverGet = await get(server, { extensions: persisted(hash) });
      expect(unknownOverGet.body.errors![0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');

      const registered = await post(server, { query, extensions: persisted(hash) });
      expect(registered.status).toBe(200);
      expect(registered.body.data).toEqual({ actors: { totalCount: expect.any(Number) } });

      const byHash = await post(server, { extensions: persisted(hash) });
      expect(byHash.status).toBe(200);
      expect(byHash.body).toEqual(registered.body);
      const byHashOverGet = await get(server, { extensions: persisted(hash) });
      expect(byHashOverGet.status).toBe(200);
      expect(byHashOverGet.body).toEqual(registered.body);
    });

    it('refuses a hash that does not match the query, and stores nothing under it', async () => {
      const query = `query Mismatch${Date.now()} { __typename }`;
      const wrong = sha256(`${query} `);
      const reply = await post(server, { query, extensions: persisted(wrong) });
      expect(reply.status).toBe(400);
      expect(reply.body.errors![0]).toMatchObject({ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } });
      expect((await post(server, { extensions: persisted(wrong) })).body.errors![0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it('refuses an unsupported protocol version', async () => {
      const reply = await post(server, { extensions: { persistedQuery: { version: 2, sha256Hash: sha256('{ __typename }') } } });
      expect(reply.status).toBe(400);
      expect(reply.body.errors![0].message).toBe('Unsupported persisted query version');
    });

    it('applies the limits: an over-limit query is refused and never stored', async () => {
      const query = `query TooDeep${Date.now()} { territory(id: "x") { ${'parent { '.repeat(12)}id${' }'.repeat(12)} } }`;
      const hash = sha256(query);
      const before = server.database.db.statementCount;
      const refused = await post(server, { query, extensions: persisted(hash) });
      expect(refused.status).toBe(400);
      expect(refused.body.errors![0].extensions.code).toBe('QUERY_TOO_DEEP');
      const later = await post(server, { extensions: persisted(hash) });
      expect(later.body.errors![0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(server.database.db.statementCount).toBe(before);
    });

    it('applies the limits to every run of a stored query, with that run’s variables', async () => {
      const query = `query Paged${Date.now()}($n: Int!) { sources(first: $n) { totalCount } }`;
      const hash = sha256(query);
      expect((await post(server, { query, variables: { n: 5 }, extensions: persisted(hash) })).status).toBe(200);
      const before = server.database.db.statementCount;
      for (const reply of [
        await post(server, { variables: { n: 100000 }, extensions: persisted(hash) }),
        await get(server, { variables: { n: 100000 }, extensions: persisted(hash) }),
      ]) {
        expect(reply.status).toBe(400);
        expect(reply.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', limit: 500, measured: 100000 });
      }
      expect(server.database.db.statementCount).toBe(before);
      expect((await get(server, { variables: { n: 3 }, extensions: persisted(hash) })).status).toBe(200);
    });
  });

  describe('HTTP caching, with HTTP_CACHE_MAX_AGE_S', () => {
    let cached: TestServer;
    beforeAll(async () => {
      cached = await startTestServer({ HTTP_CACHE_MAX_AGE_S: '60' });
    }, 120_000);
    afterAll(async () => {
      await cached?.close();
    });
    const query = '{ actors(first: 1) { totalCount } }';

    it('lets shared caches keep an anonymous GET query, varying on Authorization', async () => {
      const reply = await get(cached, { query });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('cache-control')).toBe('max-age=60, public');
      expect(reply.headers.get('vary')).toMatch(/authorization/i);
    });

    it('keeps the answer to a caller with credentials private', async () => {
      const reply = await get(cached, { query }, { authorization: `Bearer ${EDITOR_KEY}` });
      expect(reply.status).toBe(200);
      expect(reply.headers.get('cache-control')).toBe('max-age=60, private');
    });

    it('stores no POST, no mutation and no error', async () => {
      expect((await post(cached, { query })).headers.get('cache-control')).toBe('no-store');
      const mutation = await post(cached, { query: 'mutation { deleteRelationship(id: "no-such-link") }' }, { authorization: `Bearer ${EDITOR_KEY}` });
      expect(mutation.headers.get('cache-control')).toBe('no-store');
      const failing = await get(cached, { query: "{ actors(first: -1) { totalCount } }" });
      expect(failing.body.errors).toBeDefined();
      expect(failing.headers.get('cache-control')).toBe('no-store');
    });
  });
});
