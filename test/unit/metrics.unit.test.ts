import { buildSchema, OperationDefinitionNode, parse } from 'graphql';
import { ANONYMOUS_OPERATION, Metrics, OperationNames, OTHER_OPERATION } from '../../src/metrics/metrics';
import { presentsKey } from '../../src/metrics/metrics.route';
import { rootFieldKeys, selectsAnyField } from '../../src/server/http/request-metrics';

describe('OperationNames', () => {
  it('labels operations without a name "anonymous"', () => {
    const names = new OperationNames(2);
    expect(names.label(null, { admit: true })).toBe(ANONYMOUS_OPERATION);
    expect(names.label(undefined)).toBe(ANONYMOUS_OPERATION);
    expect(names.label('')).toBe(ANONYMOUS_OPERATION);
    expect(names.size).toBe(0);
  });

  it('keeps the first names up to its capacity, and counts every later one as "other"', () => {
    const names = new OperationNames(2);
    expect(names.label('First', { admit: true })).toBe('First');
    expect(names.label('Second', { admit: true })).toBe('Second');
    expect(names.label('Third', { admit: true })).toBe(OTHER_OPERATION);
    expect(names.label('First', { admit: true })).toBe('First');
    expect(names.label('Second')).toBe('Second');
    expect(names.size).toBe(2);
  });

  it('gives no place to a name that is only claimed', () => {
    const names = new OperationNames(1);
    expect(names.label('Claimed')).toBe(OTHER_OPERATION);
    expect(names.size).toBe(0);
    expect(names.label('Real', { admit: true })).toBe('Real');
  });

  it('counts names that are not GraphQL names, or absurdly long, as "other"', () => {
    const names = new OperationNames(10);
    for (const name of ['has space', 'quote"d', '1starts', 'x'.repeat(101), 'ünïcode']) {
      expect(names.label(name, { admit: true })).toBe(OTHER_OPERATION);
    }
    expect(names.label('x'.repeat(100), { admit: true })).toBe('x'.repeat(100));
  });

  it('defaults to 200 names', () => {
    const names = new OperationNames();
    for (let i = 0; i < 250; i++) names.label(`Op${i}`, { admit: true });
    expect(names.size).toBe(200);
    expect(names.label('Op199')).toBe('Op199');
    expect(names.label('Op200')).toBe(OTHER_OPERATION);
  });
});

describe('presentsKey', () => {
  const key = 'metrics-key-0123456789';

  it('accepts exactly `Bearer <key>`, in any case of the scheme', () => {
    expect(presentsKey(`Bearer ${key}`, key)).toBe(true);
    expect(presentsKey(`bearer ${key}`, key)).toBe(true);
  });

  it.each([undefined, '', key, `Bearer ${key}x`, `Bearer ${key.slice(0, -1)}`, `Basic ${key}`, `Bearer ${key} extra`, 'Bearer '])(
    'refuses %p',
    (authorization) => {
      expect(presentsKey(authorization, key)).toBe(false);
    },
  );
});

describe('Metrics', () => {
  it('keeps its own registry: two instances count apart', async () => {
    const a = new Metrics({ defaultMetrics: false });
    const b = new Metrics({ defaultMetrics: false });
    a.request('Probe', 'ok', 0.01);
    expect(await a.exposition()).toMatch(/^graphql_requests_total\{operation="Probe",outcome="ok"\} 1$/m);
    expect(await b.exposition()).not.toMatch(/operation="Probe"/);
  });

  it('lists refusal kinds and import and analysis outcomes at 0 from the start', async () => {
    const text = await new Metrics({ defaultMetrics: false, refusalKinds: ['QUERY_TOO_DEEP', 'TOO_MANY_TOKENS'] }).exposition();
    expect(text).toMatch(/^graphql_limit_refusals_total\{kind="QUERY_TOO_DEEP"\} 0$/m);
    expect(text).toMatch(/^graphql_limit_refusals_total\{kind="TOO_MANY_TOKENS"\} 0$/m);
    for (const outcome of ['ok', 'error', 'refused']) {
      expect(text).toMatch(new RegExp(`^imports_total\\{outcome="${outcome}"\\} 0$`, 'm'));
      expect(text).toMatch(new RegExp(`^analyses_total\\{outcome="${outcome}"\\} 0$`, 'm'));
    }
  });

  it('observes statements by mode, and reads the sessions in use at each scrape', async () => {
    let sessions = 3;
    const metrics = new Metrics({ defaultMetrics: false, sessionsInUse: () => sessions });
    metrics.statement('READ', 0.002);
    metrics.statement('READ', 0.004);
    metrics.statement('WRITE', 0.02);
    let text = await metrics.exposition();
    expect(text).toMatch(/^neo4j_statement_duration_seconds_count\{mode="READ"\} 2$/m);
    expect(text).toMatch(/^neo4j_statement_duration_seconds_count\{mode="WRITE"\} 1$/m);
    expect(text).toMatch(/^neo4j_statement_duration_seconds_bucket\{le="0.0025",mode="READ"\} 1$/m);
    expect(text).toMatch(/^neo4j_sessions_in_use 3$/m);
    sessions = 0;
    text = await metrics.exposition();
    expect(text).toMatch(/^neo4j_sessions_in_use 0$/m);
  });

  it('includes the process metrics unless told not to', async () => {
    expect(await new Metrics().exposition()).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    expect(await new Metrics({ defaultMetrics: false }).exposition()).not.toMatch(/process_cpu_user_seconds_total/);
  });
});

describe('what the request metrics read from a document', () => {
  const schema = buildSchema(`
    type Stats { density: Float! }
    type Network { truncated: Boolean! stats: Stats! }
    type Query { egoNetwork: Network! network: Network! }
    type Mutation { importGraph: Int! importFiles: Int! other: Int! }
  `);
  const operationOf = (text: string) => {
    const document = parse(text);
    return { document, operation: document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')! };
  };

  it('finds import fields at the root by response key, through fragments', () => {
    const { document, operation } = operationOf(`
      mutation { a: importGraph other ...F ... on Mutation { importGraph } }
      fragment F on Mutation { importFiles }`);
    expect(rootFieldKeys(document, operation, new Set(['importGraph', 'importFiles']))).toEqual(['a', 'importFiles', 'importGraph']);
  });

  it('finds an analytics field at any depth, through fragments, and only on its type', () => {
    const fields = new Set(['Network.stats']);
    const direct = operationOf('{ egoNetwork { stats { density } } }');
    expect(selectsAnyField(schema, direct.document, direct.operation, fields)).toBe(true);
    const viaFragment = operationOf('{ network { ...N } } fragment N on Network { ...M } fragment M on Network { stats { density } }');
    expect(selectsAnyField(schema, viaFragment.document, viaFragment.operation, fields)).toBe(true);
    const without = operationOf('{ egoNetwork { truncated } }');
    expect(selectsAnyField(schema, without.document, without.operation, fields)).toBe(false);
  });
});
