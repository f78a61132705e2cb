import { buildSchema, graphql, GraphQLResolveInfo } from 'graphql';
import { pageReads, selectedFields, selects } from '../../src/common/selection';
import { actorPropertiesFor } from '../../src/actors/actor.repository';

/** Runs `query` against a tiny schema and reports what `selects` said inside the resolver of `item`. */
async function inside<T>(query: string, look: (info: GraphQLResolveInfo) => T): Promise<T> {
  const schema = buildSchema('type Edge { id: Int properties: Int } type Item { a: Int b: Int edges: [Edge] } type Query { item: Item }');
  let answer: T | undefined;
  const rootValue = {
    item: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      answer = look(info);
      return { a: 1, b: 2 };
    },
  };
  const result = await graphql({ schema, source: query, rootValue });
  expect(result.errors).toBeUndefined();
  return answer!;
}

async function seen(query: string, ...path: string[]): Promise<boolean> {
  const schema = buildSchema('type Edge { id: Int properties: Int } type Item { a: Int b: Int edges: [Edge] } type Query { item: Item }');
  let answer: boolean | undefined;
  const rootValue = {
    item: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
      answer = selects(info, ...path);
      return { a: 1, b: 2 };
    },
  };
  const result = await graphql({ schema, source: query, rootValue });
  expect(result.errors).toBeUndefined();
  return answer!;
}

describe('selects', () => {
  it('finds a field selected directly', async () => {
    expect(await seen('{ item { a b } }', 'b')).toBe(true);
    expect(await seen('{ item { a } }', 'b')).toBe(false);
  });

  it('finds a field behind inline and named fragments, nested', async () => {
    expect(await seen('{ item { ... on Item { b } } }', 'b')).toBe(true);
    expect(await seen('{ item { ...F } } fragment F on Item { ...G } fragment G on Item { b }', 'b')).toBe(true);
    expect(await seen('{ item { ...F } } fragment F on Item { a }', 'b')).toBe(false);
  });

  it('does not take an alias for the field', async () => {
    expect(await seen('{ item { b: a } }', 'b')).toBe(false);
    expect(await seen('{ item { renamed: b } }', 'b')).toBe(true);
  });

  it('follows a path of fields, through fragments at any step', async () => {
    expect(await seen('{ item { edges { id properties } } }', 'edges', 'properties')).toBe(true);
    expect(await seen('{ item { edges { id } } }', 'edges', 'properties')).toBe(false);
    expect(await seen('{ item { a } }', 'edges', 'properties')).toBe(false);
    expect(await seen('{ item { ...F edges { id } } } fragment F on Item { edges { ... on Edge { properties } } }', 'edges', 'properties')).toBe(true);
  });

  it('lists the fields selected under a path, fragments included', async () => {
    const names = await inside('{ item { a ...F edges { id ... on Edge { properties } } } } fragment F on Item { b }', (info) => selectedFields(info));
    expect([...names].sort()).toEqual(['a', 'b', 'edges']);
    const under = await inside('{ item { edges { id ... on Edge { properties } } } }', (info) => selectedFields(info, 'edges'));
    expect([...under].sort()).toEqual(['id', 'properties']);
    expect([...(await inside('{ item { a } }', (info) => selectedFields(info, 'edges')))]).toEqual([]);
  });
});

describe('actorPropertiesFor', () => {
  it('reads id and name always, each selected stored field, and sourceIds for sources', () => {
    expect(actorPropertiesFor(new Set(['__typename', 'kind', 'relationships']))).toEqual(['id', 'name', 'kind']);
    expect(actorPropertiesFor(new Set(['sources', 'countryCode']))).toEqual(['id', 'name', 'countryCode', 'sourceIds']);
  });
});

describe('pageReads', () => {
  async function readsOf(query: string): Promise<ReturnType<typeof pageReads>> {
    const schema = buildSchema(
      'type Actor { id: ID name: String kind: String sources: [String] partners: [Actor] } type ActorEdge { cursor: String node: Actor } ' +
        'type ActorConnection { totalCount: Int edges: [ActorEdge] } type Query { actors: ActorConnection }',
    );
    let reads: ReturnType<typeof pageReads> | undefined;
    const rootValue = {
      actors: (_args: unknown, _context: unknown, info: GraphQLResolveInfo) => {
        reads = pageReads(info, actorPropertiesFor);
        return { totalCount: 0, edges: [] };
      },
    };
    const result = await graphql({ schema, source: query, rootValue });
    expect(result.errors).toBeUndefined();
    return reads!;
  }

  it('counts only when totalCount is selected, and reads the properties the nodes need, fragments included', async () => {
    expect(await readsOf('{ actors { edges { node { id kind } } } }')).toEqual({ totalCount: false, properties: ['id', 'name', 'kind'] });
    expect(await readsOf('{ actors { ... on ActorConnection { totalCount } edges { node { ...F } } } } fragment F on Actor { sources partners { id } }')).toEqual({
      totalCount: true,
      properties: ['id', 'name', 'sourceIds'],
    });
    expect(await readsOf('{ actors { n: totalCount } }')).toEqual({ totalCount: true, properties: ['id', 'name'] });
  });
});
