import { buildSchema, getIntrospectionQuery, parse, OperationDefinitionNode } from 'graphql';
import { startTestServer, TestServer } from '../support/server';
import { declareCosts } from '../support/declare-costs';
import { enforceQueryLimits, LimitExceededError, MAX_EXPANDED_FIELDS } from '../../src/server/limits';
import { TRAVERSAL_FANOUT } from '../../src/server/query-cost';
import { loadConfig } from '../../src/config';

interface Reply {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] } & Record<string, unknown>;
}

async function post(server: TestServer, body: unknown): Promise<Reply> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Reply['body'] };
}

/** `territory { parent { parent ... { id } } }`: `depth` levels counting the root field and the leaf. */
function nested(depth: number): string {
  let selection = 'id';
  for (let level = 2; level < depth; level++) selection = `parent { ${selection} }`;
  return `{ territory(id: "no-such-territory") { ${selection} } }`;
}

function aliased(count: number, field = '__typename'): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
}

describe('query limits', () => {
  let server: TestServer;

  /** Sends the query and checks that it is refused with `code`, before any Cypher runs. */
  async function refused(query: string, code: string, variables?: Record<string, unknown>) {
    const before = server.database.db.statementCount;
    const reply = await post(server, { query, variables });
    expect(server.database.db.statementCount).toBe(before);
    expect(reply.status).toBe(400);
    expect(reply.body.data).toBeUndefined();
    const [error] = reply.body.errors!;
    expect(error.extensions.code).toBe(code);
    expect(typeof error.extensions.limit).toBe('number');
    expect(typeof error.extensions.measured).toBe('number');
    expect(error.extensions.measured as number).toBeGreaterThan(error.extensions.limit as number);
    expect(error.message).toContain(String(error.extensions.limit));
    expect(error.message).toContain(String(error.extensions.measured));
    expect(error.extensions.requestId).toEqual(expect.any(String));
    return error;
  }

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('uses the documented defaults', () => {
    expect(server.config.limits).toMatchObject({
      maxDepth: 12,
      maxCost: 50000,
      maxPageSize: 500,
      maxAliases: 30,
      maxRootFields: 20,
      maxBatchOperations: 1,
      maxTokens: 20000,
      maxBodyBytes: 1_000_000,
    });
  });

  it('answers a query exactly at the depth limit and refuses one level more', async () => {
    const atLimit = await post(server, { query: nested(12) });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body).toEqual({ data: { territory: null } });
    const error = await refused(nested(13), 'QUERY_TOO_DEEP');
    expect(error.extensions).toMatchObject({ limit: 12, measured: 13 });
  });

  it('counts depth through fragments and inline fragments', async () => {
    const query = `
      query { territory(id: "x") { ...P } }
      fragment P on Territory { parent { ... on Territory { parent { ...Q } } } }
      fragment Q on Territory { parent { parent { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } }`;
    const error = await refused(query, 'QUERY_TOO_DEEP');
    expect(error.extensions.measured).toBe(13);
  });

  it('refuses a document nested thousands of levels deep before parsing it, over POST and GET alike', async () => {
    // Nested deep enough to overflow graphql-js's recursive parser and Apollo's document cache (it answered 500).
    const query = nested(4000);
    const error = await refused(query, 'QUERY_TOO_DEEP');
    expect(error.extensions).toMatchObject({ limit: 4 * 12 + 64, measured: 4000 });
    expect(error.message).toMatch(/nests brackets/);

    const overGet = await fetch(`${server.url}?${new URLSearchParams({ query: nested(200) })}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(overGet.status).toBe(400);
    expect(((await overGet.json()) as Reply['body']).errors![0]).toMatchObject({ message: expect.stringMatching(/nests brackets 200 levels/), extensions: { code: 'QUERY_TOO_DEEP' } });

    const inArguments = await post(server, { query: `{ actors(filter: ${'{ AND: ['.repeat(2000)}{}${']}'.repeat(2000)}) { totalCount } }` });
    expect(inArguments.status).toBe(400);
    expect(inArguments.body.errors![0].extensions.code).toBe('QUERY_TOO_DEEP');

    // Brackets inside strings and comments are text, not nesting.
    const quoted = await post(server, { query: `# ${'{'.repeat(500)}\n{ search(text: "${'{['.repeat(500)}", first: 1) { score } }` });
    expect(quoted.status).toBe(200);
  });

  it('refuses a query whose estimated cost is over the limit, and says what to change', async () => {
    const query = `{ actors(first: 500) { edges { node { relationships(first: 100) { edges { node { id from { id name } to { id name } } } } } } } }`;
    const error = await refused(query, 'QUERY_TOO_COMPLEX');
    expect(error.extensions.limit).toBe(50000);
    expect(error.message).toMatch(/first, limit/);
  });

  it('prices list fields by first, with variables, and lets a cheap query through', async () => {
    const query = `query ($n: Int!) { actors(first: $n) { totalCount edges { node { id name } } } }`;
    const cheap = await post(server, { query, variables: { n: 5 } });
    expect(cheap.status).toBe(200);
    expect((cheap.body.data as { actors: { edges: unknown[] } }).actors.edges).toHaveLength(5);
    const costly = `query ($n: Int!, $m: Int!) { actors(first: $n) { edges { node { relationships(first: $m) { edges { node { id } } } } } } }`;
    await refused(costly, 'QUERY_TOO_COMPLEX', { n: 400, m: 400 });
  });

  it('refuses a page size over MAX_PAGE_SIZE, literal or variable, naming the argument', async () => {
    const literal = await refused(`{ actors(first: 501) { totalCount } }`, 'BAD_USER_INPUT');
    expect(literal.extensions).toMatchObject({ field: 'first', limit: 500, measured: 501, on: 'Query.actors' });
    const variable = await refused(`query ($n: Int!) { sources(first: $n) { totalCount } }`, 'BAD_USER_INPUT', { n: 100000 });
    expect(variable.extensions).toMatchObject({ field: 'first', measured: 100000 });
    const nestedField = await refused(
      `{ actor(id: "x") { relationships(first: 1000) { totalCount } } }`,
      'BAD_USER_INPUT',
    );
    expect(nestedField.extensions.on).toBe('Actor.relationships');
  });

  it('refuses more aliases than MAX_ALIASES, counting every expansion of a fragment', async () => {
    expect((await post(server, { query: aliased(20) })).status).toBe(200);
    const direct = await refused(`{ actor(id: "x") { ${Array.from({ length: 31 }, (_, i) => `n${i}: name`).join(' ')} } }`, 'TOO_MANY_ALIASES');
    expect(direct.extensions).toMatchObject({ limit: 30, measured: 31 });
    const viaFragment = `
      { a: actor(id: "a") { ...F } b: actor(id: "b") { ...F } c: actor(id: "c") { ...F } }
      fragment F on Actor { ${Array.from({ length: 10 }, (_, i) => `n${i}: name`).join(' ')} }`;
    const error = await refused(viaFragment, 'TOO_MANY_ALIASES');
    expect(error.extensions.measured).toBe(33);
  });

  it('refuses more top-level fields than MAX_ROOT_FIELDS', async () => {
    const error = await refused(aliased(21, 'actors(first: 1) { totalCount }'), 'TOO_MANY_ROOT_FIELDS');
    expect(error.extensions).toMatchObject({ limit: 20, measured: 21 });
  });

  it('refuses an exponential fragment bomb quickly', async () => {
    const levels = 24;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Query { __typename }` : `fragment F${i} on Query { ...F${i + 1} ... on Query { ...F${i + 1} } }`,
    );
    const started = Date.now();
    const error = await refused(`{ ...F0 }\n${fragments.join('\n')}`, 'QUERY_TOO_COMPLEX');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.extensions).toMatchObject({ limit: MAX_EXPANDED_FIELDS, measured: 2 ** (levels - 1) });
  });

  it('refuses circular fragments in validation', async () => {
    const before = server.database.db.statementCount;
    const reply = await post(server, { query: `{ actor(id: "x") { ...A } } fragment A on Actor { ...B } fragment B on Actor { ...A }` });
    expect(reply.status).toBe(400);
    expect(reply.body.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(server.database.db.statementCount).toBe(before);
  });

  it('refuses batched requests while batching is off (MAX_BATCH_OPERATIONS=1)', async () => {
    const before = server.database.db.statementCount;
    const reply = await post(server, [{ query: '{ actors(first: 1) { totalCount } }' }, { query: '{ __typename }' }]);
    expect(reply.status).toBe(400);
    expect(Array.isArray(reply.body)).toBe(false);
    expect(reply.body.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_OPERATIONS', limit: 1, measured: 2 });
    expect(server.database.db.statementCount).toBe(before);
  });

  it('lets the standard introspection query through the default limits', async () => {
    const reply = await post(server, { query: getIntrospectionQuery() });
    expect(reply.status).toBe(200);
    expect(reply.body.errors).toBeUndefined();
  });

  it('refuses a document over MAX_TOKENS while parsing', async () => {
    const query = `{ ${Array.from({ length: 21000 }, () => '__typename').join(' ')} }`;
    const reply = await post(server, { query });
    expect(reply.status).toBe(400);
    expect(reply.body.errors![0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(reply.body.errors![0].message).toMatch(/20000 tokens/);
  });

  describe('with limits set through the environment', () => {
    let tight: TestServer;
    beforeAll(async () => {
      tight = await startTestServer({
        MAX_DEPTH: '4',
        MAX_COST: '200',
        MAX_PAGE_SIZE: '10',
        MAX_ALIASES: '2',
        MAX_ROOT_FIELDS: '3',
        MAX_BATCH_OPERATIONS: '3',
      });
    });
    afterAll(async () => {
      await tight.close();
    });

    it('applies every configured limit', async () => {
      const expectRefused = async (query: string, code: string, limit: number) => {
        const before = tight.database.db.statementCount;
        const reply = await post(tight, { query });
        expect(reply.status).toBe(400);
        expect(reply.body.errors![0].extensions).toMatchObject({ code, limit });
        expect(tight.database.db.statementCount).toBe(before);
      };
      await expectRefused(nested(5), 'QUERY_TOO_DEEP', 4);
      await expectRefused(`{ actors(first: 11) { totalCount } }`, 'BAD_USER_INPUT', 10);
      await expectRefused(aliased(3), 'TOO_MANY_ALIASES', 2);
      await expectRefused(`{ actor(id: "x") { id } source(id: "x") { id } territory(id: "x") { id } relationship(id: "x") { id } }`, 'TOO_MANY_ROOT_FIELDS', 3);
      await expectRefused(
        `{ actors(first: 10) { edges { node { id name kind aliases acronym sse scale countryCode website description } } }
           sources(first: 10) { totalCount edges { cursor node { id title kind url publisher date language } } } }`,
        'QUERY_TOO_COMPLEX',
        200,
      );
      expect((await post(tight, { query: `{ actors(first: 10) { totalCount edges { node { id } } } }` })).status).toBe(200);
    });

    it('answers a batch up to MAX_BATCH_OPERATIONS and refuses a longer one', async () => {
      const one = { query: '{ actors(first: 1) { totalCount } }' };
      const ok = await post(tight, [one, one]);
      expect(ok.status).toBe(200);
      expect(ok.body).toHaveLength(2);
      const before = tight.database.db.statementCount;
      const tooMany = await post(tight, [one, one, one, one]);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_OPERATIONS', limit: 3, measured: 4 });
      expect(tight.database.db.statementCount).toBe(before);
    });
  });
});

describe('cost estimate for graph traversals', () => {
  // The shapes of the network fields, with the roles their arguments declare in src/network, so
  // the estimate is checked whatever their resolvers do.
  const schema = declareCosts(
    buildSchema(`
    type Node { id: ID! name: String! }
    type Partner { actor: Node! distance: Int! path: [Node!]! }
    type Step { id: ID! from: Node! to: Node! }
    type Chain { steps: [Step!]! hops: Int! }
    type Path { nodes: [Node!]! length: Int! }
    type Network { nodes: [Node!]! truncated: Boolean! }
    input NetworkFilter { limit: Int = 1000 }
    type Query {
      partners(actorId: ID!, depth: Int = 1, first: Int = 500): [Partner!]!
      fundingChains(from: ID, maxHops: Int = 4): [Chain!]!
      shortestPath(from: ID!, to: ID!, maxHops: Int = 6): Path
      egoNetwork(id: ID!, radius: Int = 1, limit: Int = 500): Network!
      network(filter: NetworkFilter): Network!
    }`),
    {
      'Query.partners.depth': 'hops',
      'Query.partners.first': 'rows',
      'Query.fundingChains.maxHops': 'hops',
      'Query.shortestPath.maxHops': 'hops',
      'Query.egoNetwork.radius': 'hops',
      'Query.egoNetwork.limit': 'rows',
      'NetworkFilter.limit': 'rows',
    },
  );
  const limits = loadConfig({}).limits;

  function cost(query: string, overrides: Partial<typeof limits> = {}): number {
    const document = parse(query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    return enforceQueryLimits({ ...limits, maxPageSize: 100000, maxCost: 1e12, ...overrides }, { schema, document, operation }).cost!;
  }

  it('grows by the fan-out with every hop and by the page size with every item', () => {
    const partners = (depth: number) => cost(`{ partners(actorId: "a", depth: ${depth}, first: 10) { actor { id name } distance } }`);
    expect(partners(2) - partners(1)).toBe(TRAVERSAL_FANOUT ** 2 - TRAVERSAL_FANOUT);
    const chains = (maxHops: number) => cost(`{ fundingChains(from: "a", maxHops: ${maxHops}) { hops steps { id } } }`);
    expect(chains(5) / chains(4)).toBeCloseTo(TRAVERSAL_FANOUT, 0);
    const ego = (limit: number) => cost(`{ egoNetwork(id: "a", radius: 2, limit: ${limit}) { nodes { id name } } }`);
    expect(ego(200) - ego(100)).toBe(100 * 3);
    expect(cost(`{ network(filter: { limit: 2000 }) { nodes { id } } }`)).toBeGreaterThan(cost(`{ network(filter: { limit: 10 }) { nodes { id } } }`));
  });

  it('charges a single shortest path as a search from both ends, not as a list of paths', () => {
    expect(cost(`{ shortestPath(from: "a", to: "b", maxHops: 6) { length } }`)).toBe(1 + 2 * TRAVERSAL_FANOUT ** 3 + 1);
    expect(cost(`{ shortestPath(from: "a", to: "b", maxHops: 7) { length } }`)).toBe(1 + 2 * TRAVERSAL_FANOUT ** 4 + 1);
  });

  it('keeps the defaults of the network fields under MAX_COST and refuses deep walks', () => {
    expect(cost(`{ partners(actorId: "a") { actor { id name } distance path { id name } } }`)).toBeLessThan(limits.maxCost);
    expect(cost(`{ fundingChains(from: "a") { hops steps { id from { id name } to { id name } } } }`)).toBeLessThan(limits.maxCost);
    expect(cost(`{ shortestPath(from: "a", to: "b", maxHops: 10) { nodes { id } length } }`)).toBeLessThan(limits.maxCost);
    expect(cost(`{ fundingChains(from: "a", maxHops: 6) { hops steps { id from { id name } to { id name } } } }`)).toBeLessThan(limits.maxCost);
    expect(cost(`{ egoNetwork(id: "a", radius: 3) { nodes { id name } truncated } }`)).toBeLessThan(limits.maxCost);
    const deep = parse(`{ partners(actorId: "a", depth: 12) { actor { id } } }`);
    expect(() =>
      enforceQueryLimits(limits, { schema, document: deep, operation: deep.definitions[0] as OperationDefinitionNode }),
    ).toThrow(LimitExceededError);
  });
});
