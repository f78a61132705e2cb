import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { LocalNeo4j, startLocalNeo4j } from '../../src/db/local-neo4j';
import { findFreePort } from '../support/free-port';
import type { Database } from '../../src/db/database';
import { createSchema } from '../../src/server/schema';
import { seed } from '../../seeds/seed';
import { openTestDatabase, uniqueId } from '../support/database';
import { EDITOR_KEY, startTestServer, TestServer } from '../support/server';
import { cleanName } from '../../src/common/names';

/**
 * Several hundred generated hostile requests over HTTP. Runs on a Neo4j of its own, so that "the
 * database did not change" can be checked exactly, request by request, over every node and link.
 */

const CYPHER_INJECTIONS = [
  '"}) MATCH (n) DETACH DELETE n //',
  "' OR 1=1 --",
  "'}) MATCH (n) DETACH DELETE n RETURN 1 //",
  '`) DETACH DELETE n //',
  '`id`',
  '$param',
  '$id',
  '${id}',
  'x" OR "1"="1',
  "x' UNION MATCH (n) RETURN n //",
  '}) WITH 1 AS x CALL db.clearQueryCaches() RETURN x //',
  '\\"}) CREATE (:Pwned) //',
  "\\' CREATE (:Pwned) //",
  'MATCH (n) SET n.pwned = true',
  '*:*',
  'name:* OR id:*',
  '+ - && || ! ( ) { } [ ] ^ " ~ * ? : \\ /',
  'AND OR NOT',
  '*',
  '~1',
  'a'.repeat(10) + '~',
  '/* comment */ RETURN 1',
  '\u0000MATCH (n) DELETE n',
  ';DROP TABLE actors;--',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00%27%22',
  '{{7*7}}',
];

const UNICODE_EDGES = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uD83D',
  '\uFEFF',
  '\u202Eevil',
  '\u200B\u200C\u200D',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦',
  'İıß',
  '\r\n\t\v\f',
  '\u2028\u2029',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\\u0000',
  '"',
  '\\',
  '',
  ' ',
];

/** A hostile string: an injection, a unicode edge case, random code points, or a huge one. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...CYPHER_INJECTIONS), weight: 4 },
  { arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...CYPHER_INJECTIONS), fc.string({ maxLength: 8 })).map((p) => p.join('')), weight: 3 },
  { arbitrary: fc.constantFrom(...UNICODE_EDGES), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 5_000, max: 150_000 }), fc.constantFrom('A', 'é', '\u0000', '😀', "'", 'MATCH '))
      .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length))),
    weight: 1,
  },
);

/**
 * A value of the wrong type for whatever argument it lands in. Deep nestings are described, not
 * built, so that fast-check can print a failing case without overflowing its own stack.
 */
type WrongValue = { value: unknown } | { nestedArrays: number } | { nestedObjects: number };
const wrongValue: fc.Arbitrary<WrongValue> = fc.oneof(
  fc
    .oneof(
      fc.integer(),
      fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, 1e308, -0, 0.5),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 5 }),
      fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxKeys: 4 }),
      hostileString,
    )
    .map((value) => ({ value })),
  fc.integer({ min: 50, max: 5000 }).map((nestedArrays) => ({ nestedArrays })),
  fc.integer({ min: 50, max: 5000 }).map((nestedObjects) => ({ nestedObjects })),
);

/** The JSON text of a wrong value, and what of it the response may echo. */
function wrongJson(wrong: WrongValue): { text: string; echoes: unknown[] } {
  if ('nestedArrays' in wrong) return { text: '['.repeat(wrong.nestedArrays) + ']'.repeat(wrong.nestedArrays), echoes: [] };
  if ('nestedObjects' in wrong) return { text: '{"a":'.repeat(wrong.nestedObjects) + '1' + '}'.repeat(wrong.nestedObjects), echoes: [] };
  return { text: JSON.stringify(wrong.value) ?? 'null', echoes: [wrong.value] };
}

const EXPECTED_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'TOO_MANY_ALIASES',
  'TOO_MANY_ROOT_FIELDS',
  'TOO_MANY_OPERATIONS',
  'PAYLOAD_TOO_LARGE',
]);

/** Leaks: stack frames, source paths, driver internals, Cypher. Echoes of the input are removed first. */
const LEAKS: [string, RegExp][] = [
  ['stack frame', /\bat [\w.<>]+ \(|\bat \/|:\d+:\d+\)/],
  ['source path', /\/work\/|node_modules|[\w-]+\.(ts|js):\d+/],
  ['driver internals', /Neo4jError|Neo\.(ClientError|TransientError|DatabaseError)|neo4j-driver/],
  ['Cypher', /\b(MATCH|MERGE|UNWIND|DETACH|RETURN|OPTIONAL|CREATE|SET) [(\w$`]/],
];

interface Sent {
  body: string;
  contentType?: string;
  editor?: boolean;
  /** Values the response may legitimately echo back (e.g. in "got invalid value ..."). */
  echoes: unknown[];
}

interface Tally {
  cases: number;
  leaks: string[];
  changes: string[];
  statuses: Map<number, number>;
  codes: Map<string, number>;
}

function echoVariants(value: unknown): string[] {
  const variants = new Set<string>();
  const add = (text: string) => {
    if (text.length >= 3) variants.add(text);
  };
  const walk = (v: unknown, depth: number) => {
    if (depth > 3) return;
    if (typeof v === 'string') {
      add(v);
      const json = JSON.stringify(v);
      add(json);
      add(json.slice(1, -1));
      add(JSON.stringify(json).slice(1, -1));
    } else if (Array.isArray(v)) v.slice(0, 20).forEach((x) => walk(x, depth + 1));
    else if (v && typeof v === 'object') Object.values(v).slice(0, 20).forEach((x) => walk(x, depth + 1));
    if (v !== undefined) {
      try {
        add(JSON.stringify(v));
      } catch {
        // cyclic values are never sent
      }
    }
  };
  walk(value, 0);
  return [...variants].sort((a, b) => b.length - a.length);
}

function defaultValue(type: GraphQLInputType, seen = new Set<string>()): unknown {
  if (isNonNullType(type)) return defaultValue(type.ofType, seen);
  if (isListType(type)) return [defaultValue(type.ofType, seen)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    if (seen.has(type.name)) return {};
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(fields.map((f) => [f.name, defaultValue(f.type, new Set([...seen, type.name]))]));
  }
  if (isScalarType(type)) {
    return { Int: 1, Float: 1, Boolean: true, Date: '2020', JSON: {} }[type.name] ?? 'x';
  }
  return null;
}

/** Where a string can go in a field's arguments: the argument itself or a field of its input object. */
interface StringSlot {
  field: GraphQLField<unknown, unknown>;
  arg: string;
  inner?: string;
  list: boolean;
}

function stringSlots(schema: GraphQLSchema, root: 'Query' | 'Mutation'): StringSlot[] {
  const type = root === 'Query' ? schema.getQueryType()! : schema.getMutationType()!;
  const slots: StringSlot[] = [];
  const isText = (t: GraphQLInputType) => ['String', 'ID'].includes(getNamedType(t).name);
  const isListOf = (t: GraphQLInputType) => isListType(isNonNullType(t) ? t.ofType : t);
  for (const field of Object.values(type.getFields())) {
    for (const arg of field.args) {
      if (isText(arg.type)) slots.push({ field, arg: arg.name, list: isListOf(arg.type) });
      const named = getNamedType(arg.type);
      if (isInputObjectType(named)) {
        for (const inner of Object.values(named.getFields())) {
          if (isText(inner.type)) slots.push({ field, arg: arg.name, inner: inner.name, list: isListOf(inner.type) });
        }
      }
    }
  }
  return slots;
}

function operationFor(field: GraphQLField<unknown, unknown>, values: Record<string, unknown>, kind: 'query' | 'mutation'): { query: string; variables: Record<string, unknown> } {
  const used = field.args.filter((a) => a.name in values || (isNonNullType(a.type) && a.defaultValue === undefined));
  const variables = Object.fromEntries(used.map((a) => [a.name, a.name in values ? values[a.name] : defaultValue(a.type)]));
  const declarations = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const header = declarations ? `${kind} Hostile(${declarations})` : `${kind} Hostile`;
  return { query: `${header} { ${field.name}${args ? `(${args})` : ''}${selection} }`, variables };
}

function slotValue(slot: StringSlot, value: unknown): Record<string, unknown> {
  const wrapped = slot.list ? [value] : value;
  if (!slot.inner) return { [slot.arg]: wrapped };
  const argType = slot.field.args.find((a) => a.name === slot.arg)!.type;
  return { [slot.arg]: { ...(defaultValue(argType) as object), [slot.inner]: wrapped } };
}

describe('hostile input corpus', () => {
  let dataDir: string;
  let neo4j: LocalNeo4j;
  let server: TestServer;
  let db: Database;
  let schema: GraphQLSchema;
  const prefix = uniqueId('hostile');
  const tally: Tally = { cases: 0, leaks: [], changes: [], statuses: new Map(), codes: new Map() };

  /** Nodes and links outside `prefix` (everything, for reads): count, property count, last update. */
  async function fingerprint(mine = '\u0000none'): Promise<string> {
    return db.read(async (tx) => {
      const nodes = await tx.run(
        `MATCH (n) WHERE NOT (coalesce(n.id, '') STARTS WITH $mine OR coalesce(n.targetId, '') CONTAINS $mine)
         WITH n ORDER BY elementId(n)
         RETURN count(n) AS c, sum(size(keys(n))) AS p, collect(coalesce(n.id, '') + toString(n.updatedAt) + coalesce(n.name, n.title, '')) AS ids`,
        { mine },
      );
      const links = await tx.run(
        `MATCH (a)-[r]->(b) WHERE NOT (coalesce(a.id, '') STARTS WITH $mine OR coalesce(b.id, '') STARTS WITH $mine)
         WITH r ORDER BY elementId(r)
         RETURN count(r) AS c, sum(size(keys(r))) AS p, collect(type(r) + coalesce(r.id, '') + toString(r.updatedAt)) AS ids`,
        { mine },
      );
      const [n, l] = [nodes.records[0], links.records[0]];
      const digest = createHash('sha256').update(JSON.stringify([n.get('ids'), l.get('ids')])).digest('hex').slice(0, 16);
      return `nodes=${n.get('c')} props=${n.get('p')} links=${l.get('c')} props=${l.get('p')} digest=${digest}`;
    });
  }

  type Body = { data?: Record<string, unknown> | null; errors?: { message: unknown; extensions?: Record<string, unknown> }[] };

  async function send(sent: Sent): Promise<Body> {
    tally.cases++;
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': sent.contentType ?? 'application/json',
        ...(sent.editor ? { authorization: `Bearer ${EDITOR_KEY}` } : {}),
      },
      body: sent.body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    const requestId = response.headers.get('x-request-id');
    const label = `${response.status} for ${sent.body.slice(0, 200)}`;
    tally.statuses.set(response.status, (tally.statuses.get(response.status) ?? 0) + 1);
    expect({ label, status: response.status < 500 }).toEqual({ label, status: true });

    const body = JSON.parse(text) as Body;
    expect(body.data !== undefined || Array.isArray(body.errors)).toBe(true);
    for (const error of body.errors ?? []) {
      const code = String(error.extensions?.code);
      tally.codes.set(code, (tally.codes.get(code) ?? 0) + 1);
      expect({ label, code, known: EXPECTED_CODES.has(code) }).toEqual({ label, code, known: true });
      expect(typeof error.message).toBe('string');
      expect(error.extensions?.requestId).toBe(requestId);
      expect(Object.keys(error.extensions ?? {})).not.toEqual(expect.arrayContaining(['stacktrace']));
      expect(Object.keys(error.extensions ?? {})).not.toEqual(expect.arrayContaining(['exception']));
      expect(Object.keys(error.extensions ?? {})).not.toEqual(expect.arrayContaining(['validationErrors']));
    }

    let scrubbed = text;
    for (const echo of sent.echoes.flatMap(echoVariants)) scrubbed = scrubbed.split(echo).join('');
    for (const [what, pattern] of LEAKS) {
      if (pattern.test(scrubbed)) tally.leaks.push(`${what} in ${scrubbed.slice(0, 300)}`);
    }
    expect(tally.leaks).toEqual([]);
    return body;
  }

  const json = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gg-hostile-'));
    neo4j = await startLocalNeo4j({ port: await findFreePort(), dataDir, startTimeoutMs: 180_000 });
    const loader = await openTestDatabase({ NEO4J_URI: neo4j.uri, QUERY_TIMEOUT_MS: '120000' });
    try {
      const summary = await seed(loader.services);
      if (!summary.written) throw new Error('seed failed');
    } finally {
      await loader.close();
    }
    server = await startTestServer({ NEO4J_URI: neo4j.uri });
    db = server.database.db;
    schema = await createSchema(null);
  }, 300_000);

  afterAll(async () => {
    console.log(
      `hostile corpus: ${tally.cases} cases, ${tally.leaks.length} leaks, ${tally.changes.length} unexpected database changes; ` +
        `statuses ${JSON.stringify(Object.fromEntries(tally.statuses))}, codes ${JSON.stringify(Object.fromEntries(tally.codes))}`,
    );
    await server?.close();
    await neo4j?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  /** Runs a read-only case and checks that nothing in the database changed. */
  async function readOnly(sent: Sent) {
    const before = await fingerprint();
    await send(sent);
    const after = await fingerprint();
    if (after !== before) tally.changes.push(`${before} -> ${after} after ${sent.body.slice(0, 200)}`);
    expect(after).toBe(before);
  }

  it('puts Cypher injections, unicode edge cases and huge strings in every string argument of every query', async () => {
    const slots = stringSlots(schema, 'Query');
    expect(slots.length).toBeGreaterThan(15);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: slots.length - 1 }), hostileString, fc.boolean(), async (index, value, inline) => {
        const slot = slots[index];
        const { query, variables } = operationFor(slot.field, slotValue(slot, value), 'query');
        // Half the time the string is written into the document as a literal instead of a variable.
        const literal = inline && !slot.inner && !slot.list;
        const inlined = query
          .replace(new RegExp(`\\$${slot.arg}: [^,)]+,? ?`), '')
          .replace('()', '')
          .replace(new RegExp(`\\$${slot.arg}\\b`), () => JSON.stringify(value));
        const body = literal ? json(inlined, { ...variables, [slot.arg]: undefined }) : json(query, variables);
        await readOnly({ body, echoes: [value] });
      }),
      { numRuns: 140 },
    );
  }, 600_000);

  it('sends values of the wrong type to every argument of every query', async () => {
    const fields = Object.values(schema.getQueryType()!.getFields()).filter((f) => f.args.length > 0);
    const args = fields.flatMap((field) => field.args.map((arg) => ({ field, arg: arg.name })));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: args.length - 1 }), wrongValue, async (index, wrong) => {
        const { field, arg } = args[index];
        const { query, variables } = operationFor(field, { [arg]: '\u0000WRONG\u0000' }, 'query');
        const { text, echoes } = wrongJson(wrong);
        const body = json(query, variables).replace('"\\u0000WRONG\\u0000"', () => text);
        expect(body).toContain(text);
        await readOnly({ body, echoes });
      }),
      { numRuns: 60 },
    );
  }, 600_000);

  it('answers malformed JSON and malformed GraphQL with clean 400s', async () => {
    const valid = json('{ actors(first: 2) { totalCount } }');
    const malformed = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.integer({ min: 1, max: valid.length - 1 }).map((cut) => valid.slice(0, cut)),
      fc.constantFrom('', 'null', '[]', '1', '"query"', '{"query": null}', '{"query": 5}', '{"query": {}}', '{"variables": "x", "query": "{ __typename }"}',
        '{"query": "{ __typename }", "operationName": 7}', '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "x"}}}',
        '{"query":"{ __typename }"}garbage', '\u0000', '{"__proto__": {"polluted": true}, "query": "{ __typename }"}'),
      fc.string({ maxLength: 80 }).map((query) => JSON.stringify({ query })),
      fc.array(fc.constantFrom('{', '}', '(', ')', 'actor', 'id:', '"x"', '...', 'fragment', 'on', '@include', '$v', ':', '[', ']', 'query', '#'), { maxLength: 30 })
        .map((tokens) => JSON.stringify({ query: tokens.join(' ') })),
    );
    await fc.assert(
      fc.asyncProperty(malformed, async (body) => {
        await readOnly({ body, echoes: [body] });
      }),
      { numRuns: 50 },
    );
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  }, 600_000);

  it('refuses deep nesting, alias bombs and circular or exploding fragments', async () => {
    const shapes = fc.oneof(
      fc.integer({ min: 13, max: 4000 }).map((depth) => {
        let selection = 'id';
        for (let i = 0; i < depth; i++) selection = `parent { ${selection} }`;
        return json(`{ territory(id: "x") { ${selection} } }`);
      }),
      fc.integer({ min: 100, max: 20000 }).map((depth) => json(`${'{ a '.repeat(depth)}${'}'.repeat(depth)}`)),
      fc.integer({ min: 31, max: 3000 }).map((n) => json(`{ ${Array.from({ length: n }, (_, i) => `a${i}: actors(first: 500) { totalCount }`).join(' ')} }`)),
      fc.integer({ min: 31, max: 3000 }).map((n) => json(`{ actor(id: "x") { ${Array.from({ length: n }, (_, i) => `n${i}: name`).join(' ')} } }`)),
      fc.integer({ min: 2, max: 30 }).map((n) =>
        json(`{ actor(id: "x") { ...F0 } } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Actor { name ...F${(i + 1) % n} }`).join(' ')}`),
      ),
      fc.integer({ min: 12, max: 40 }).map((n) =>
        json(
          `{ ...F0 } ${Array.from({ length: n }, (_, i) => (i === n - 1 ? `fragment F${i} on Query { __typename }` : `fragment F${i} on Query { ...F${i + 1} ... on Query { ...F${i + 1} } }`)).join(' ')}`,
        ),
      ),
      fc.integer({ min: 50, max: 5000 }).map((n) => json(`{ search(text: "${'x '.repeat(n)}", first: 500) { score } }`)),
      fc.integer({ min: 2, max: 500 }).map((n) => JSON.stringify(Array.from({ length: n }, () => ({ query: '{ actors(first: 500) { totalCount } }' })))),
    );
    await fc.assert(
      fc.asyncProperty(shapes, async (body) => {
        await readOnly({ body, echoes: [] });
      }),
      { numRuns: 60 },
    );
  }, 600_000);

  describe('mutations with the editor key', () => {
    const source = `${prefix}-source`;
    const actors = [`${prefix}-actor-a`, `${prefix}-actor-b`];
    const territory = `${prefix}-territory`;
    let counter = 0;
    const next = (kind: string) => `${prefix}-${kind}-${counter++}`;

    beforeAll(async () => {
      const setup = `mutation ($s: SourceInput!, $a: ActorInput!, $b: ActorInput!, $t: TerritoryInput!) {
        upsertSource(input: $s) { id } a: upsertActor(input: $a) { id } b: upsertActor(input: $b) { id } upsertTerritory(input: $t) { id } }`;
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${EDITOR_KEY}` },
        body: json(setup, {
          s: { id: source, title: 'Hostile corpus' },
          a: { id: actors[0], name: 'A', kind: 'NGO', sourceIds: [source] },
          b: { id: actors[1], name: 'B', kind: 'NGO', sourceIds: [source] },
          t: { id: territory, name: 'T', level: 'REGION', sourceIds: [source] },
        }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    });

    type Case = { query: string; variables: Record<string, unknown>; check?: (data: Record<string, unknown>) => Promise<void> };
    const cases: ((h: string) => Case)[] = [
      (h) => {
        const id = next('actor');
        return {
          query: 'mutation ($input: ActorInput!) { upsertActor(input: $input) { id name description aliases } }',
          variables: { input: { id, name: h, kind: 'NGO', description: h, aliases: [h] } },
          check: async (data) => {
            // Stored and returned exactly as sent (Bolt carries UTF-8, so lone surrogates become U+FFFD), names and aliases cleaned (common/names.ts).
            const wellFormed = h.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
            expect(data.upsertActor).toEqual({ id, name: cleanName(wellFormed), description: wellFormed, aliases: [cleanName(wellFormed)] });
          },
        };
      },
      (h) => ({
        query: 'mutation ($input: ActorInput!) { upsertActor(input: $input) { id } }',
        variables: { input: { id: `${prefix}-${h}`, name: 'x', kind: 'NGO', acronym: h, countryCode: h, website: h, orgRef: h, iatiOrgType: h, sourceIds: [h] } },
      }),
      (h) => ({
        query: 'mutation ($input: SourceInput!) { upsertSource(input: $input) { id } }',
        variables: { input: { id: next('source'), title: h, url: h, publisher: h, language: h, excerpt: h, date: h } },
      }),
      (h) => ({
        query: 'mutation ($input: SourceInput!) { upsertSource(input: $input) { id title } }',
        variables: { input: { id: next('source'), title: h, excerpt: h } },
      }),
      (h) => ({
        query: 'mutation ($input: InitiativeInput!) { upsertInitiative(input: $input) { id } }',
        variables: {
          input: { id: next('initiative'), name: h, kind: 'PROJECT', description: h, themes: [h], indicators: [{ name: h, value: 1, unit: h, sourceIds: [source] }], sourceIds: [source] },
        },
      }),
      (h) => ({
        query: 'mutation ($input: TerritoryInput!) { upsertTerritory(input: $input) { id } }',
        variables: { input: { id: next('territory'), name: h, level: 'REGION', code: h, aliases: [h], parentId: territory, sourceIds: [source] } },
      }),
      (h) => ({
        query: 'mutation ($input: TerritoryInput!) { upsertTerritory(input: $input) { id } }',
        variables: { input: { id: next('territory'), name: 'x', level: 'REGION', parentId: `${prefix}-${h}`, sourceIds: [source] } },
      }),
      (h) => ({
        query: 'mutation ($input: RelationshipInput!) { createRelationship(input: $input) { id kind description } }',
        variables: { input: { id: next('link'), type: 'PARTNERS_WITH', fromId: actors[0], toId: actors[1], sourceIds: [source], kind: h, description: h, excerpt: h } },
      }),
      (h) => ({
        query: 'mutation ($input: RelationshipInput!) { createRelationship(input: $input) { id } }',
        variables: { input: { id: next('link'), type: 'FUNDS', fromId: actors[0], toId: `${prefix}-${h}`, sourceIds: [source], amount: { amount: 1, currency: h }, instrument: h, startDate: h } },
      }),
      (h) => ({ query: 'mutation ($id: ID!) { deleteRelationship(id: $id) }', variables: { id: `${prefix}-${h}` } }),
      (h) => ({ query: 'mutation ($a: ID!, $b: ID!) { mergeActors(keepId: $a, mergeId: $b) { id } }', variables: { a: `${prefix}-${h}`, b: `${prefix}-${h}-2` } }),
      (h) => ({
        query: 'mutation ($id: ID!, $input: RelationshipInput!) { updateRelationship(id: $id, input: $input) { id } }',
        variables: { id: `${prefix}-${h}`, input: { type: 'PARTNERS_WITH', fromId: actors[0], toId: actors[1], sourceIds: [source], role: h } },
      }),
    ];

    it('changes nothing outside the ids they name, and stores what they accept exactly', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: cases.length - 1 }), hostileString, async (index, h) => {
          const { query, variables, check } = cases[index](h);
          const before = await fingerprint(prefix);
          const body = json(query, variables);
          const result = await send({ body, editor: true, echoes: [h, `${prefix}-${h}`] });
          const after = await fingerprint(prefix);
          if (after !== before) tally.changes.push(`${before} -> ${after} after ${body.slice(0, 200)}`);
          expect(after).toBe(before);
          if (check && !result.errors && result.data) await check(result.data);
        }),
        { numRuns: 90 },
      );
    }, 600_000);
  });

  it('tried at least 300 cases, found no leak and changed nothing it should not have', () => {
    expect(tally.cases).toBeGreaterThanOrEqual(300);
    expect(tally.leaks).toEqual([]);
    expect(tally.changes).toEqual([]);
  });
});
