import { createHash } from 'node:crypto';
import { EDITOR_KEY, startTestServer, TestServer } from '../support/server';

/** One sample line of the Prometheus text format: `name{label="value",…} value [timestamp]`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Exposition {
  samples: Sample[];
  /** `# TYPE` of each metric family. */
  types: Map<string, string>;
  help: Map<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_match, char: string) => (char === 'n' ? '\n' : char));
}

/** As Prometheus reads it (Go's ParseFloat): Inf and NaN in any case; prom-client writes NaN as "Nan". */
function parseValue(text: string): number {
  if (/^\+?inf(inity)?$/i.test(text)) return Infinity;
  if (/^-inf(inity)?$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new Error(`not a sample value: ${text}`);
  return value;
}

/** A parser of the text exposition format (version 0.0.4), strict enough to fail on a malformed line. */
function parseExposition(text: string): Exposition {
  const exposition: Exposition = { samples: [], types: new Map(), help: new Map() };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const comment = /^#\s+(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s+(.*)$/.exec(line);
    if (comment) {
      (comment[1] === 'TYPE' ? exposition.types : exposition.help).set(comment[2], comment[3]);
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`malformed exposition line: ${line}`);
    const labels: Record<string, string> = {};
    const labelText = sample[2] ?? '';
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < labelText.length) {
      const label = LABEL.exec(labelText);
      if (!label) throw new Error(`malformed labels: ${line}`);
      labels[label[1]] = unescapeLabel(label[2]);
    }
    exposition.samples.push({ name: sample[1], labels, value: parseValue(sample[3]) });
  }
  return exposition;
}

/** The value of the one sample with this name and (at least) these labels; 0 when absent. */
function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  const matching = exposition.samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (matching.length > 1) throw new Error(`${matching.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matching[0]?.value ?? 0;
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<Exposition> {
  const response = await fetch(`${server.baseUrl}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4; charset=utf-8/);
  return parseExposition(await response.text());
}

async function post(server: TestServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions: Record<string, unknown> }[] } };
}

/** How much each of `read` moved while `work` ran. */
async function deltas(server: TestServer, work: () => Promise<unknown>, read: (exposition: Exposition) => Record<string, number>) {
  const before = read(await scrape(server));
  await work();
  const after = read(await scrape(server));
  return Object.fromEntries(Object.entries(after).map(([key, value]) => [key, value - before[key]]));
}

const deepQuery = (name: string) => `query ${name} { territory(id: "x") { ${'parent { '.repeat(12)}id${' }'.repeat(12)} } }`;

describe('/metrics', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('serves the Prometheus text format, with HELP and TYPE for every family, and the process metrics', async () => {
    const exposition = await scrape(server);
    expect(exposition.types.get('graphql_requests_total')).toBe('counter');
    expect(exposition.types.get('graphql_request_duration_seconds')).toBe('histogram');
    expect(exposition.types.get('graphql_limit_refusals_total')).toBe('counter');
    expect(exposition.types.get('neo4j_statement_duration_seconds')).toBe('histogram');
    expect(exposition.types.get('neo4j_sessions_in_use')).toBe('gauge');
    expect(exposition.types.get('imports_total')).toBe('counter');
    expect(exposition.types.get('analyses_total')).toBe('counter');
    expect(exposition.types.get('graphql_persisted_queries_total')).toBe('counter');
    for (const name of exposition.types.keys()) expect(exposition.help.get(name)).toEqual(expect.any(String));
    // collectDefaultMetrics on the API's own registry.
    expect(exposition.types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(exposition.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(valueOf(exposition, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // Every kind of refusal is listed from the start, at 0 until its first refusal.
    for (const kind of ['QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'TOO_MANY_ALIASES', 'TOO_MANY_ROOT_FIELDS', 'TOO_MANY_OPERATIONS', 'PAYLOAD_TOO_LARGE', 'PAGE_TOO_LARGE', 'TOO_MANY_TOKENS']) {
      expect(exposition.samples.some((sample) => sample.name === 'graphql_limit_refusals_total' && sample.labels.kind === kind)).toBe(true);
    }
    expect(valueOf(exposition, 'neo4j_sessions_in_use')).toBe(0);
  });

  it('counts a named operation and its latency by the right amounts', async () => {
    const labels = { operation: 'MetricsProbe', outcome: 'ok' };
    const moved = await deltas(
      server,
      async () => {
        for (let i = 0; i < 3; i++) {
          const reply = await post(server, { query: 'query MetricsProbe { actors(first: 2) { totalCount } }' });
          expect(reply.status).toBe(200);
        }
      },
      (e) => ({
        requests: valueOf(e, 'graphql_requests_total', labels),
        count: valueOf(e, 'graphql_request_duration_seconds_count', labels),
        infBucket: valueOf(e, 'graphql_request_duration_seconds_bucket', { ...labels, le: '+Inf' }),
        sum: valueOf(e, 'graphql_request_duration_seconds_sum', labels),
        errors: valueOf(e, 'graphql_requests_total', { operation: 'MetricsProbe', outcome: 'error' }),
        reads: valueOf(e, 'neo4j_statement_duration_seconds_count', { mode: 'READ' }),
        readSeconds: valueOf(e, 'neo4j_statement_duration_seconds_sum', { mode: 'READ' }),
      }),
    );
    expect(moved).toMatchObject({ requests: 3, count: 3, infBucket: 3, errors: 0 });
    expect(moved.sum).toBeGreaterThan(0);
    // Each run reads the count in one statement at least; the statement histogram saw them.
    expect(moved.reads).toBeGreaterThanOrEqual(3);
    expect(moved.readSeconds).toBeGreaterThan(0);
  });

  it('buckets are cumulative and end with the count', async () => {
    await post(server, { query: 'query BucketProbe { __typename }' });
    const exposition = await scrape(server);
    const buckets = exposition.samples
      .filter((s) => s.name === 'graphql_request_duration_seconds_bucket' && s.labels.operation === 'BucketProbe' && s.labels.outcome === 'ok')
      .map((s) => s.value);
    expect(buckets.length).toBeGreaterThan(5);
    expect([...buckets].sort((a, b) => a - b)).toEqual(buckets);
    expect(buckets[buckets.length - 1]).toBe(valueOf(exposition, 'graphql_request_duration_seconds_count', { operation: 'BucketProbe', outcome: 'ok' }));
  });

  it('labels operations without a name "anonymous", and errors "error"', async () => {
    const moved = await deltas(
      server,
      async () => {
        await post(server, { query: '{ __typename }' });
        await post(server, { query: '{ noSuchField }' });
      },
      (e) => ({
        ok: valueOf(e, 'graphql_requests_total', { operation: 'anonymous', outcome: 'ok' }),
        error: valueOf(e, 'graphql_requests_total', { operation: 'anonymous', outcome: 'error' }),
      }),
    );
    expect(moved).toEqual({ ok: 1, error: 1 });
  });

  it('counts a refused over-limit query under its kind, and as refused', async () => {
    const before = server.database.db.statementCount;
    const moved = await deltas(
      server,
      async () => {
        const deep = await post(server, { query: deepQuery('DeepProbe') });
        expect(deep.body.errors![0].extensions.code).toBe('QUERY_TOO_DEEP');
        const page = await post(server, { query: '{ actors(first: 501) { totalCount } }' });
        expect(page.status).toBe(400);
        const tokens = await post(server, { query: `{ ${'__typename '.repeat(20001)}}` });
        expect(tokens.body.errors![0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
        const batch = await post(server, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
        expect(batch.status).toBe(400);
        const big = await post(server, { query: '{ __typename }', variables: { pad: 'x'.repeat(1_100_000) } });
        expect(big.status).toBe(413);
      },
      (e) => ({
        deep: valueOf(e, 'graphql_limit_refusals_total', { kind: 'QUERY_TOO_DEEP' }),
        page: valueOf(e, 'graphql_limit_refusals_total', { kind: 'PAGE_TOO_LARGE' }),
        tokens: valueOf(e, 'graphql_limit_refusals_total', { kind: 'TOO_MANY_TOKENS' }),
        batch: valueOf(e, 'graphql_limit_refusals_total', { kind: 'TOO_MANY_OPERATIONS' }),
        body: valueOf(e, 'graphql_limit_refusals_total', { kind: 'PAYLOAD_TOO_LARGE' }),
        cost: valueOf(e, 'graphql_limit_refusals_total', { kind: 'QUERY_TOO_COMPLEX' }),
        deepRefused: valueOf(e, 'graphql_requests_total', { operation: 'DeepProbe', outcome: 'refused' }),
        anonymousRefused: valueOf(e, 'graphql_requests_total', { operation: 'anonymous', outcome: 'refused' }),
      }),
    );
    expect(moved).toEqual({ deep: 1, page: 1, tokens: 1, batch: 1, body: 1, cost: 0, deepRefused: 1, anonymousRefused: 4 });
    // Refused before anything reached the database.
    expect(server.database.db.statementCount).toBe(before);
  });

  it('counts CSRF refusals as refused, and over GET the same as over POST', async () => {
    const moved = await deltas(
      server,
      async () => {
        const url = `${server.url}?query=${encodeURIComponent('query GetProbe { __typename }')}`;
        expect((await fetch(url)).status).toBe(400);
        expect((await fetch(url, { headers: { 'apollo-require-preflight': 'true' } })).status).toBe(200);
      },
      (e) => ({
        refused: valueOf(e, 'graphql_requests_total', { operation: 'anonymous', outcome: 'refused' }),
        ok: valueOf(e, 'graphql_requests_total', { operation: 'GetProbe', outcome: 'ok' }),
      }),
    );
    expect(moved).toEqual({ refused: 1, ok: 1 });
  });

  it('times write statements apart from reads', async () => {
    const moved = await deltas(
      server,
      async () => {
        const reply = await post(server, { query: 'mutation { deleteRelationship(id: "no-such-link-for-metrics") }' }, { authorization: `Bearer ${EDITOR_KEY}` });
        expect(reply.status).toBe(200);
      },
      (e) => ({ writes: valueOf(e, 'neo4j_statement_duration_seconds_count', { mode: 'WRITE' }) }),
    );
    expect(moved.writes).toBeGreaterThanOrEqual(1);
  });

  it('counts importGraph fields by outcome: ok, refused without the editor role', async () => {
    const mutation = 'mutation ImportProbe($data: JSON!) { importGraph(data: $data, dryRun: true) { dryRun } }';
    const data = { actors: [{ id: 'metrics-import-probe', name: 'Metrics Probe', kind: 'NGO' }] };
    const moved = await deltas(
      server,
      async () => {
        const ok = await post(server, { query: mutation, variables: { data } }, { authorization: `Bearer ${EDITOR_KEY}` });
        expect(ok.body.errors).toBeUndefined();
        const anonymous = await post(server, { query: mutation, variables: { data } });
        expect(anonymous.body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
      },
      (e) => ({
        ok: valueOf(e, 'imports_total', { outcome: 'ok' }),
        refused: valueOf(e, 'imports_total', { outcome: 'refused' }),
        error: valueOf(e, 'imports_total', { outcome: 'error' }),
      }),
    );
    expect(moved).toEqual({ ok: 1, refused: 1, error: 0 });
  });

  it('counts operations that ask for network analytics', async () => {
    const moved = await deltas(
      server,
      async () => {
        const reply = await post(server, {
          query: `query Analyse { egoNetwork(id: "la-guilde", radius: 1) { ...Stats } }
                  fragment Stats on Network { stats { communities density } }`,
        });
        expect(reply.body.errors).toBeUndefined();
        await post(server, { query: '{ egoNetwork(id: "la-guilde", radius: 1) { truncated } }' });
      },
      (e) => ({ ok: valueOf(e, 'analyses_total', { outcome: 'ok' }) }),
    );
    expect(moved).toEqual({ ok: 1 });
  });

  it('counts automatic persisted queries: miss, register, hit', async () => {
    const query = `query PersistedProbe${Date.now()} { __typename }`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    const moved = await deltas(
      server,
      async () => {
        await post(server, { extensions });
        await post(server, { query, extensions });
        await post(server, { extensions });
        await post(server, { extensions });
      },
      (e) => ({
        miss: valueOf(e, 'graphql_persisted_queries_total', { result: 'miss' }),
        register: valueOf(e, 'graphql_persisted_queries_total', { result: 'register' }),
        hit: valueOf(e, 'graphql_persisted_queries_total', { result: 'hit' }),
      }),
    );
    expect(moved).toEqual({ miss: 1, register: 1, hit: 2 });
  });

  it('bounds the operation label: past 200 distinct names, the others count as "other"', async () => {
    const fresh = await startTestServer();
    try {
      for (let i = 0; i < 210; i++) await post(fresh, { query: `query Distinct${i} { __typename }` });
      const exposition = await scrape(fresh);
      const operations = new Set(exposition.samples.filter((s) => s.name === 'graphql_requests_total').map((s) => s.labels.operation));
      expect(operations.size).toBe(201);
      expect(operations.has('Distinct0') && operations.has('Distinct199')).toBe(true);
      expect(operations.has('Distinct200')).toBe(false);
      expect(valueOf(exposition, 'graphql_requests_total', { operation: 'other', outcome: 'ok' })).toBe(10);
    } finally {
      await fresh.close();
    }
  });

  describe('with METRICS_KEY', () => {
    const key = 'metrics-key-0123456789abcdef';
    let locked: TestServer;
    beforeAll(async () => {
      locked = await startTestServer({ METRICS_KEY: key });
    });
    afterAll(async () => {
      await locked.close();
    });

    it('answers 401 without the key or with another one, and the metrics with it', async () => {
      for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${key}x` }, { authorization: `Bearer ${EDITOR_KEY}` }, { authorization: key }]) {
        const response = await fetch(`${locked.baseUrl}/metrics`, { headers });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
        expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
      const exposition = await scrape(locked, { authorization: `Bearer ${key}` });
      expect(exposition.types.get('graphql_requests_total')).toBe('counter');
    });
  });

  describe('with METRICS=false', () => {
    let off: TestServer;
    beforeAll(async () => {
      off = await startTestServer({ METRICS: 'false' });
    });
    afterAll(async () => {
      await off.close();
    });

    it('has no /metrics route, and GraphQL works as before', async () => {
      const response = await fetch(`${off.baseUrl}/metrics`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('NOT_FOUND');
      expect((await post(off, { query: '{ actors(first: 1) { totalCount } }' })).status).toBe(200);
    });
  });
});
