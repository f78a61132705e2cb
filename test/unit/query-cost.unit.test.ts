import {
  buildSchema as buildSdlSchema,
  getNullableType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  OperationDefinitionNode,
  parse,
  printSchema,
} from 'graphql';
import { Arg, Args, ArgsType, buildSchema, Field, InputType, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { createSchema } from '../../src/server/schema';
import { ARGUMENT_COSTS_EXTENSION, ArgumentCosts, Cost, COST_EXTENSION, isCostRole } from '../../src/common/cost';
import { enforceQueryLimits } from '../../src/server/limits';
import { costDeclarationProblems, costPlan, TRAVERSAL_FANOUT } from '../../src/server/query-cost';
import { declareCosts } from '../support/declare-costs';
import { loadConfig } from '../../src/config';

const limits = loadConfig({}).limits;

function cost(schema: GraphQLSchema, query: string): number {
  const document = parse(query);
  const operation = document.definitions[0] as OperationDefinitionNode;
  return enforceQueryLimits({ ...limits, maxPageSize: 100000, maxCost: 1e12 }, { schema, document, operation }).cost!;
}

function isInt(type: GraphQLInputType): boolean {
  const nullable = getNullableType(type);
  return isScalarType(nullable) && nullable.name === 'Int';
}

/** The role an argument declares: @Cost on its @ArgsType field, or @ArgumentCosts on the field it belongs to. */
function roleOf(holder: GraphQLArgument | GraphQLInputField, field?: GraphQLField<any, any>): unknown {
  const own = holder.extensions?.[COST_EXTENSION];
  if (own !== undefined) return own;
  const byName = (field?.extensions?.[ARGUMENT_COSTS_EXTENSION] ?? {}) as Record<string, unknown>;
  return Object.hasOwn(byName, holder.name) ? byName[holder.name] : undefined;
}

describe('query cost declarations', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await createSchema(null);
  });

  it('are given for every Int argument of every field, and every Int field of an input object', () => {
    const missing: string[] = [];
    const wrong: string[] = [];
    const look = (where: string, type: GraphQLInputType, role: unknown) => {
      if (role === undefined) {
        if (isInt(type)) missing.push(where);
      } else if (!isCostRole(role)) {
        wrong.push(`${where}: ${JSON.stringify(role)}`);
      }
    };
    let checked = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          for (const arg of field.args) {
            if (isInt(arg.type)) checked++;
            look(`${type.name}.${field.name}(${arg.name})`, arg.type, roleOf(arg, field));
          }
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (isInt(field.type)) checked++;
          look(`${type.name}.${field.name}`, field.type, roleOf(field));
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    if (missing.length > 0) {
      throw new Error(
        'These Int arguments do not declare what they cost, so the query cost limit would charge nothing for them.\n' +
          "Add @Cost('rows') (a page size), @Cost('hops') (a traversal depth) or @Cost('free') (multiplies nothing) " +
          'next to their @Field in the @ArgsType / @InputType class, or @ArgumentCosts({ name: role }) on the field ' +
          'for an inline @Arg (src/common/cost.ts):\n  ' +
          missing.join('\n  '),
      );
    }
    expect(wrong).toEqual([]);
    expect(costDeclarationProblems(schema)).toEqual({ invalid: [], undeclared: [] });
  });

  it('are valid, so the server can work out its cost plan from them', () => {
    const plan = costPlan(schema);
    const field = (type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name];
    expect(plan.fields.get(field('Query', 'partners'))).toMatchObject({ rows: [['first']], hops: [['depth']], pageArguments: ['first'] });
    expect(plan.fields.get(field('Actor', 'partners'))).toMatchObject({ rows: [['first']], hops: [['depth']] });
    expect(plan.fields.get(field('Query', 'egoNetwork'))).toMatchObject({ rows: [['limit']], hops: [['radius']] });
    expect(plan.fields.get(field('Query', 'fundingChains'))).toMatchObject({ rows: [['first']], hops: [['maxHops']] });
    expect(plan.fields.get(field('Query', 'network'))).toMatchObject({ rows: [['filter', 'limit']], hops: [], pageArguments: [] });
    expect(plan.fields.get(field('Actor', 'relationships'))).toMatchObject({ rows: [['first']], hops: [] });
    expect(plan.fields.get(field('Query', 'actor'))).toBeUndefined();
  });

  it('price the real fields: rows multiply the children, hops the walk', () => {
    const partners = (depth: number) => cost(schema, `{ partners(actorId: "a", depth: ${depth}, first: 10) { actor { id name } distance } }`);
    expect(partners(3) - partners(2)).toBe(TRAVERSAL_FANOUT ** 3 - TRAVERSAL_FANOUT ** 2);
    const chains = (first: number) => cost(schema, `{ fundingChains(from: "a", maxHops: 3, first: ${first}) { hops } }`);
    expect(chains(20) - chains(10)).toBe(10);
    expect(cost(schema, `{ shortestPath(from: "a", to: "b", maxHops: 6) { length } }`)).toBe(1 + 2 * TRAVERSAL_FANOUT ** 3 + 1);
    const network = (limit: number) => cost(schema, `{ network(filter: { limit: ${limit} }) { truncated } }`);
    expect(network(200) - network(100)).toBe(100);
    const relationships = (first: number) => cost(schema, `{ actor(id: "a") { relationships(first: ${first}) { totalCount } } }`);
    expect(relationships(30) - relationships(10)).toBe(20);
  });
});

describe('query cost plan', () => {
  const Item = new GraphQLObjectType({ name: 'Item', fields: { id: { type: GraphQLString } } });
  const schemaWith = (args: Record<string, { type: GraphQLInputType; extensions?: Record<string, unknown> }>, extensions?: Record<string, unknown>) =>
    new GraphQLSchema({
      query: new GraphQLObjectType({
        name: 'Query',
        fields: {
          items: { type: new GraphQLList(Item), args, extensions },
          other: { type: Item, args: { skip: { type: GraphQLInt, extensions: { cost: 'free' } } } },
        },
      }),
    });

  it('charges a declared bound whatever its name', () => {
    const schema = schemaWith({ take: { type: GraphQLInt, extensions: { cost: 'rows' } }, steps: { type: GraphQLInt, extensions: { cost: 'hops' } } });
    expect(cost(schema, `{ items(take: 10) { id } }`)).toBe(1 + 10);
    expect(cost(schema, `{ items(take: 10, steps: 2) { id } }`)).toBe(1 + TRAVERSAL_FANOUT ** 2 + 10);
    expect(cost(schema, `{ other(skip: 1000) { id } }`)).toBe(2);
  });

  it('finds an Int argument that declares nothing, which the estimate would charge nothing', () => {
    const schema = schemaWith({ take: { type: GraphQLInt }, first: { type: GraphQLInt } });
    expect(costDeclarationProblems(schema).undeclared).toEqual(['Query.items(take)', 'Query.items(first)']);
    // Not even `first` is guessed from its name.
    expect(cost(schema, `{ items(take: 100, first: 100) { id } }`)).toBe(2);
  });

  it('refuses a declaration naming an argument the field does not have, or a bound that is not an Int', () => {
    const misnamed = schemaWith({ first: { type: GraphQLInt } }, { [ARGUMENT_COSTS_EXTENSION]: { frist: 'rows' } });
    expect(costDeclarationProblems(misnamed).invalid).toEqual(['Query.items declares the cost of argument frist, which it does not have (it has first)']);
    expect(() => costPlan(misnamed)).toThrow(/Query\.items declares the cost of argument frist/);
    const notInt = schemaWith({ name: { type: GraphQLString, extensions: { cost: 'rows' } } });
    expect(() => costPlan(notInt)).toThrow(/Query\.items\(name\) is declared a 'rows' bound but its type is String, not Int/);
    const unknownRole = schemaWith({ first: { type: GraphQLInt, extensions: { cost: 'pages' } } });
    expect(() => costPlan(unknownRole)).toThrow(/Query\.items\(first\) declares the cost role "pages"/);
    const twice = schemaWith({ first: { type: GraphQLInt, extensions: { cost: 'rows' } } }, { [ARGUMENT_COSTS_EXTENSION]: { first: 'free' } });
    expect(() => costPlan(twice)).toThrow(/Query\.items\(first\) is declared both "rows" \(@Cost\) and "free" \(@ArgumentCosts\)/);
  });

  it('guesses nothing from names even in a schema that declares no cost at all (one written as SDL)', () => {
    const sdl = () =>
      buildSdlSchema(`
        type Item { id: ID }
        input Filter { limit: Int = 1000 }
        type Query { items(first: Int, depth: Int): [Item] view(filter: Filter): Item }`);
    const undeclared = sdl();
    expect(costDeclarationProblems(undeclared)).toEqual({ invalid: [], undeclared: ['Query.items(first)', 'Query.items(depth)', 'Filter.limit'] });
    expect(costPlan(undeclared).fields.size).toBe(0);
    expect(cost(undeclared, `{ items(first: 10, depth: 5) { id } }`)).toBe(2);
    expect(cost(undeclared, `{ view(filter: { limit: 50 }) { id } }`)).toBe(2);

    const declared = declareCosts(sdl(), { 'Query.items.first': 'rows', 'Query.items.depth': 'hops', 'Filter.limit': 'rows' });
    expect(costDeclarationProblems(declared)).toEqual({ invalid: [], undeclared: [] });
    expect(cost(declared, `{ items(first: 10) { id } }`)).toBe(1 + 10);
    expect(cost(declared, `{ view(filter: { limit: 50 }) { id } }`)).toBe(1 + 50);
    expect(() => declareCosts(sdl(), { 'Query.items.frist': 'rows' })).toThrow(/Query\.items\.frist is neither/);
    expect(() => declareCosts(sdl(), { 'Filter.limit.x': 'rows' })).toThrow(/Filter\.limit\.x is neither/);
  });

  it('rejects an unknown role in the decorators themselves', () => {
    expect(() => Cost('pages' as never)).toThrow(/expected one of rows, hops, free/);
    expect(() => ArgumentCosts({ first: 'pages' as never })).toThrow(/first has role "pages"/);
  });
});

describe('@Cost and @ArgumentCosts', () => {
  it('reach the arguments and input fields of a type-graphql schema without showing in its SDL', async () => {
    @ObjectType()
    class CostProbe {
      @Field()
      id: string;
    }
    @InputType()
    class CostProbeFilter {
      @Field(() => Int, { defaultValue: 100 })
      @Cost('rows')
      size: number;
    }
    @ArgsType()
    class CostProbeArgs {
      @Field(() => Int, { defaultValue: 1 })
      @Cost('hops')
      reach: number;
    }
    @Resolver(() => CostProbe)
    class CostProbeResolver {
      @Query(() => [CostProbe])
      @ArgumentCosts({ take: 'rows' })
      costProbes(@Arg('take', () => Int) _take: number, @Args() _args: CostProbeArgs): CostProbe[] {
        return [];
      }

      @Query(() => [CostProbe])
      costProbeView(@Arg('filter', () => CostProbeFilter, { nullable: true }) _filter?: CostProbeFilter): CostProbe[] {
        return [];
      }
    }
    const schema = await buildSchema({ resolvers: [CostProbeResolver], validate: false, authChecker: () => true });
    expect(costDeclarationProblems(schema)).toEqual({ invalid: [], undeclared: [] });
    expect(printSchema(schema)).not.toMatch(/rows|hops|@/);
    expect(cost(schema, `{ costProbes(take: 5, reach: 2) { id } }`)).toBe(1 + TRAVERSAL_FANOUT ** 2 + 5);
    expect(cost(schema, `{ costProbeView(filter: { size: 7 }) { id } }`)).toBe(1 + 7);
  });
});
