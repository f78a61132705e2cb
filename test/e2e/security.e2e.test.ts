import { Writable } from 'node:stream';
import pino from 'pino';
import { GraphQLError } from 'graphql';
import { Neo4jError } from 'neo4j-driver';
import { ArgumentValidationError } from 'type-graphql';
import { ValidationError } from 'class-validator';
import { EDITOR_KEY, startTestServer, TestServer } from '../support/server';
import { uniqueId } from '../support/database';
import { loadConfig } from '../../src/config';
import { createErrorFormatter } from '../../src/server/errors';
import { createLogger } from '../../src/logger';

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] } | undefined;
}

async function send(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** What no response may contain: stack frames, source paths, Cypher, driver internals. */
const LEAKS = [/stacktrace/i, /\bat \S+ \(/, /\/work\//, /node_modules/, /\.ts:\d+/, /Neo4jError|Neo\.ClientError|Neo\.TransientError/, /\bMATCH \(|\bRETURN \w|\bMERGE \(/];

function expectNoLeak(text: string) {
  for (const leak of LEAKS) expect(text).not.toMatch(leak);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('HTTP hardening', () => {
  let server: TestServer;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    server = await startTestServer({}, { logger: pino({ level: 'info' }, sink) });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('CSRF prevention', () => {
    it('refuses a simple GET without a preflight header, and answers one with it', async () => {
      const url = `${server.url}?query=${encodeURIComponent('{ actors(first: 1) { totalCount } }')}`;
      const blocked = await send(url);
      expect(blocked.status).toBe(400);
      expect(blocked.text).toMatch(/Cross-Site Request Forgery/);
      const allowed = await send(url, { headers: { 'apollo-require-preflight': 'true' } });
      expect(allowed.status).toBe(200);
      expect(allowed.json!.data).toEqual({ actors: { totalCount: expect.any(Number) } });
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
      'refuses a POST sent as %s, which a browser form could send cross-site',
      async (contentType) => {
        const before = server.database.db.statementCount;
        const reply = await send(server.url, {
          method: 'POST',
          headers: { 'content-type': contentType },
          body: JSON.stringify({ query: '{ actors(first: 1) { totalCount } }' }),
        });
        expect(reply.status).toBe(400);
        expect(reply.json!.errors![0].extensions.code).toBe('BAD_REQUEST');
        expect(reply.json!.errors![0].message).toMatch(/Cross-Site Request Forgery/);
        expect(server.database.db.statementCount).toBe(before);
      },
    );

    it('refuses a mutation over GET even with the preflight header', async () => {
      const query = encodeURIComponent('mutation { deleteRelationship(id: "x") }');
      const reply = await send(`${server.url}?query=${query}`, {
        headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${EDITOR_KEY}` },
      });
      expect(reply.status).toBe(405);
    });
  });

  describe('introspection and landing page', () => {
    const introspect = (url: string) => postJson(url, { query: '{ __schema { queryType { name } } }' });
    const landing = (url: string) => send(url, { headers: { accept: 'text/html' } });

    it('defaults to on in development and test, off in production', () => {
      expect(loadConfig({ NODE_ENV: 'development' }).introspection).toBe(true);
      expect(loadConfig({ NODE_ENV: 'test' }).introspection).toBe(true);
      expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
      expect(loadConfig({ NODE_ENV: 'production', INTROSPECTION: 'true' }).introspection).toBe(true);
    });

    it('serves both on the test server', async () => {
      const reply = await introspect(server.url);
      expect(reply.json!.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      const page = await landing(server.url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
    });

    it.each([
      ['production by default', { NODE_ENV: 'production' }],
      ['test with INTROSPECTION=false', { INTROSPECTION: 'false' }],
    ])('turns both off in %s', async (_label, env) => {
      const closed = await startTestServer(env);
      try {
        const reply = await introspect(closed.url);
        expect(reply.status).toBe(400);
        expect(reply.json!.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(reply.json!.errors![0].message).toMatch(/introspection/i);
        const page = await landing(closed.url);
        expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
        expect(page.status).toBe(400);
        // Ordinary queries still work.
        expect((await postJson(closed.url, { query: '{ actors(first: 1) { totalCount } }' })).status).toBe(200);
      } finally {
        await closed.close();
      }
    });

    it('turns introspection on in production with INTROSPECTION=true', async () => {
      const open = await startTestServer({ NODE_ENV: 'production', INTROSPECTION: 'true' });
      try {
        expect((await introspect(open.url)).json!.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      } finally {
        await open.close();
      }
    });
  });

  describe('request bodies', () => {
    it('refuses a body over MAX_BODY_BYTES with 413 and a JSON error giving the limit', async () => {
      const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } });
      const reply = await send(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(reply.status).toBe(413);
      const [error] = reply.json!.errors!;
      expect(error.message).toBe('Request body is larger than 1000000 bytes');
      expect(error.extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 1_000_000, measured: Buffer.byteLength(body) });
      expect(error.extensions.requestId).toBe(reply.headers.get('x-request-id'));
    });

    it('follows MAX_BODY_BYTES', async () => {
      const small = await startTestServer({ MAX_BODY_BYTES: '2000' });
      try {
        const ok = await postJson(small.url, { query: '{ __typename }' });
        expect(ok.status).toBe(200);
        const big = await postJson(small.url, { query: `{ __typename }`, variables: { pad: 'y'.repeat(2500) } });
        expect(big.status).toBe(413);
        expect(big.json!.errors![0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 2000 });
      } finally {
        await small.close();
      }
    });

    it('answers malformed JSON with 400 and a JSON error', async () => {
      const reply = await send(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"' });
      expect(reply.status).toBe(400);
      expect(reply.json!.errors![0]).toMatchObject({ message: 'Malformed JSON in the request body', extensions: { code: 'BAD_REQUEST' } });
      expectNoLeak(reply.text);
    });

    it.each([4112, 20000])('answers variables nested %i deep with a client error, not a 500', async (depth) => {
      // Found by the hostile corpus: serialising such variables overflowed the stack deep inside a request.
      const id = `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
      const query = JSON.stringify('query ($id: ID!) { relationship(id: $id) { __typename } }');
      const reply = await send(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"query":${query},"variables":{"id":${id}}}`,
      });
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
      expect(['BAD_USER_INPUT', 'BAD_REQUEST']).toContain(reply.json!.errors![0].extensions.code);
      expectNoLeak(reply.text);
    });

    it('answers unknown paths with a JSON 404', async () => {
      const reply = await send(`${server.baseUrl}/admin`);
      expect(reply.status).toBe(404);
      expect(reply.json!.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', requestId: reply.headers.get('x-request-id') });
    });
  });

  describe('request ids', () => {
    it('makes one up, or keeps a well-formed one from x-request-id, and returns it', async () => {
      const made = await postJson(server.url, { query: '{ __typename }' });
      expect(made.headers.get('x-request-id')).toMatch(UUID);
      const kept = await postJson(server.url, { query: '{ __typename }' }, { 'x-request-id': 'trace-abc.123_X' });
      expect(kept.headers.get('x-request-id')).toBe('trace-abc.123_X');
      const replaced = await postJson(server.url, { query: '{ __typename }' }, { 'x-request-id': 'bad id\twith "quotes"' });
      expect(replaced.headers.get('x-request-id')).toMatch(UUID);
    });

    it('puts it in every error, whatever layer refused the request', async () => {
      const replies = [
        await postJson(server.url, { query: '{ nope }' }),
        await postJson(server.url, { query: '{ history(id: "bad id!") { id } }' }),
        await postJson(server.url, { query: '{ actors(first: 100000) { totalCount } }' }),
        await postJson(server.url, { query: '{' }),
        await postJson(server.url, [{ query: '{ __typename }' }]),
        await send(server.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }),
        await send(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[' }),
      ];
      for (const reply of replies) {
        expect(reply.status).toBeGreaterThanOrEqual(200);
        expect(reply.status).toBeLessThan(500);
        expect(reply.json!.errors!.length).toBeGreaterThan(0);
        for (const error of reply.json!.errors!) expect(error.extensions.requestId).toBe(reply.headers.get('x-request-id'));
      }
    });

    it('logs every request under its id', async () => {
      const requestId = `log-${uniqueId('req')}`;
      await postJson(server.url, { query: 'query Named { actors(first: 2) { totalCount } }' }, { 'x-request-id': requestId });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const line = logLines.find((l) => l.requestId === requestId && l.msg === 'request');
      expect(line).toMatchObject({ method: 'POST', path: '/graphql', status: 200, operationName: 'Named', cost: expect.any(Number) });
    });
  });

  describe('error masking', () => {
    it('hides an unexpected failure behind "Internal server error", and logs it under the request id', async () => {
      // An audit entry whose stored JSON is corrupt makes history() fail inside the resolver.
      const targetId = uniqueId('masked');
      await server.database.db.write((tx) =>
        tx.run(
          `CREATE (:AuditEntry {id: $id, targetId: $targetId, operation: 'test', by: 'test', at: datetime(), seq: 0,
                                changedFields: [], before: '{not json', after: null})`,
          { id: uniqueId('audit'), targetId },
        ),
      );
      try {
        const requestId = `mask-${uniqueId('req')}`;
        const reply = await postJson(server.url, { query: `{ history(id: "${targetId}") { id before } }` }, { 'x-request-id': requestId });
        expect(reply.status).toBe(200);
        expect(reply.json!.errors).toEqual([
          { message: 'Internal server error', path: ['history'], locations: expect.any(Array), extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } },
        ]);
        expectNoLeak(reply.text);
        expect(reply.text).not.toMatch(/JSON|position|Syntax/);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const logged = logLines.find((l) => l.requestId === requestId && l.msg === 'unexpected error') as { err: { message: string; stack: string } };
        expect(logged.err.message).toMatch(/JSON/);
        expect(logged.err.stack).toMatch(/audit/);
      } finally {
        await server.database.db.write((tx) => tx.run('MATCH (e:AuditEntry {targetId: $targetId}) DELETE e', { targetId }));
      }
    });

    it('reduces class-validator errors to field and reason, without target or value', async () => {
      const secret = 'https://example.org/not a url/' + uniqueId('secret');
      const reply = await postJson(
        server.url,
        { query: 'mutation ($input: ActorInput!) { upsertActor(input: $input) { id } }', variables: { input: { name: 'X', kind: 'NGO', website: secret, description: 'private-note' } } },
        { authorization: `Bearer ${EDITOR_KEY}` },
      );
      const [error] = reply.json!.errors!;
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'website' });
      expect(reply.text).not.toMatch(/target|"value"|children|private-note/);
      expect(reply.text).not.toContain(secret);
      expectNoLeak(reply.text);
    });

    describe('the formatter', () => {
      const lines: Record<string, unknown>[] = [];
      const logger = pino({ level: 'info' }, new Writable({ write: (c, _e, done) => (lines.push(JSON.parse(String(c))), done()) }));
      const format = createErrorFormatter(logger, () => ({ requestId: 'req-1', log: logger.child({ requestId: 'req-1' }) }));
      const asResolverError = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['actors'] });
      const formatted = (original: Error) => {
        const wrapped = asResolverError(original);
        return format({ message: wrapped.message, path: ['actors'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x (/work/main/src/a.ts:1:1)'] } }, wrapped);
      };

      it('masks a Cypher syntax error and any plain exception', () => {
        const cypher = new Neo4jError("Invalid input 'X': expected MATCH (n:Actor {id: $id}) RETURN n", 'Neo.ClientError.Statement.SyntaxError', 'gql', 'desc');
        for (const error of [cypher, new TypeError("Cannot read properties of undefined (reading 'id') at /work/main/src/x.ts:3")]) {
          const out = formatted(error);
          expect(out).toEqual({ message: 'Internal server error', path: ['actors'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' } });
        }
        expect(lines.filter((l) => l.msg === 'unexpected error' && l.requestId === 'req-1')).toHaveLength(2);
      });

      it('maps timeouts to QUERY_TIMEOUT and lost or saturated connections to SERVICE_UNAVAILABLE', () => {
        const timeout = new Neo4jError('The transaction has been terminated...', 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 'gql', 'd');
        const lockWait = new Neo4jError('The transaction has been terminated. ... no more locks can be acquired', 'Neo.ClientError.Transaction.LockClientStopped', 'gql', 'd');
        const gone = new Neo4jError('Failed to connect to server. Please ensure that your database is listening on the correct host and port', 'ServiceUnavailable', 'gql', 'd');
        const pool = new Neo4jError('Connection acquisition timed out in 4000 ms. Pool status: Active conn count = 50, Idle conn count = 0.', 'N/A', 'gql', 'd');
        const dbDown = new Neo4jError('Database neo4j is unavailable', 'Neo.TransientError.General.DatabaseUnavailable', 'gql', 'd');
        expect(formatted(timeout).extensions).toEqual({ code: 'QUERY_TIMEOUT', requestId: 'req-1' });
        expect(formatted(lockWait).extensions).toEqual({ code: 'QUERY_TIMEOUT', requestId: 'req-1' });
        for (const error of [gone, pool, dbDown]) {
          const out = formatted(error);
          expect(out.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', requestId: 'req-1' });
          expect(out.message).toBe('The database is unavailable; try again shortly');
        }
      });

      it('keeps only field and reasons of validation errors', () => {
        const problem = Object.assign(new ValidationError(), {
          target: { name: 'x', apiSecret: 's3cret' },
          value: 's3cret',
          property: 'name',
          constraints: { isLength: 'name must be shorter than or equal to 200 characters' },
          children: [],
        });
        const error = new ArgumentValidationError([problem]);
        const out = format({ message: error.message, extensions: { code: 'BAD_USER_INPUT', validationErrors: [problem] } }, error);
        expect(out.extensions).toEqual({
          code: 'BAD_USER_INPUT',
          field: 'name',
          reason: 'name must be shorter than or equal to 200 characters',
          fields: [{ field: 'name', reasons: ['name must be shorter than or equal to 200 characters'] }],
          requestId: 'req-1',
        });
        expect(JSON.stringify(out)).not.toMatch(/s3cret|target/);
      });

      it('works without a request scope (start-up, Apollo internals)', () => {
        const bare = createErrorFormatter(createLogger('silent'));
        expect(bare({ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new Error('boom'))).toEqual({
          message: 'Internal server error',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
      });
    });
  });
});
