import {
  getNullableType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { ComplexityEstimator, fieldExtensionsEstimator, simpleEstimator } from 'graphql-query-complexity';
import { ARGUMENT_COSTS_EXTENSION, COST_EXTENSION, CostRole, isCostRole } from '../common/cost';

/**
 * Assumed neighbours per node when a traversal walks `hops` steps: each extra hop multiplies the
 * estimate, as it multiplies the paths a walk may follow (see argumentsEstimator).
 */
export const TRAVERSAL_FANOUT = 3;
// Beyond ~30 hops the estimate only needs to be "too much"; capping keeps it finite.
const MAX_COUNTED_HOPS = 30;

/** Where a bound is read in a field's arguments: ['first'], or ['filter', 'limit'] inside an input object. */
type ArgumentPath = readonly string[];
type AnyField = GraphQLField<any, any>;

/** What multiplies the work of one field, as its arguments declare it. */
export interface FieldCostPlan {
  /** Arguments that bound how many items it returns, its own before those inside input objects. */
  rows: ArgumentPath[];
  /** Arguments that bound how far its traversal walks. */
  hops: ArgumentPath[];
  /** Its own `rows` arguments: a client may not set them above maxPageSize. */
  pageArguments: string[];
}

export interface CostPlan {
  /**
   * The fields with at least one argument declared a rows or hops bound (src/common/cost.ts). A
   * bound that declares nothing is charged nothing, whatever its name: costDeclarationProblems
   * reports it, and the schema the server builds is checked to have none.
   */
  fields: Map<AnyField, FieldCostPlan>;
}

export interface CostDeclarationProblems {
  /** Declarations that cannot be right: an unknown role, a bound that is not an Int, an argument the field lacks. */
  invalid: string[];
  /** Int arguments (`Type.field(argument)`) and Int input-object fields (`Input.field`) that declare no role. */
  undeclared: string[];
}

/** Fields of the object and interface types, introspection left out, with their coordinates. */
function outputFields(schema: GraphQLSchema): [coordinate: string, field: AnyField][] {
  const fields: [string, AnyField][] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if ((!isObjectType(type) && !isInterfaceType(type)) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) fields.push([`${type.name}.${field.name}`, field]);
  }
  return fields;
}

function inputObjectTypes(schema: GraphQLSchema): GraphQLInputObjectType[] {
  return Object.values(schema.getTypeMap()).filter((type): type is GraphQLInputObjectType => isInputObjectType(type) && !type.name.startsWith('__'));
}

/** Int or Int!; a list of Ints bounds nothing. */
function isInt(type: GraphQLInputType): boolean {
  const nullable = getNullableType(type);
  return isScalarType(nullable) && nullable.name === 'Int';
}

/** The @ArgumentCosts declaration of a field: roles by argument name. */
function argumentCosts(field: AnyField): Record<string, unknown> {
  const declared = field.extensions?.[ARGUMENT_COSTS_EXTENSION];
  return typeof declared === 'object' && declared !== null ? (declared as Record<string, unknown>) : {};
}

/**
 * The role an argument or input field declares on itself (@Cost), or an argument of `field` by
 * name on that field (@ArgumentCosts). Input fields are never given one by the field they are
 * passed to: their input type is shared by every field that takes it.
 */
function declaredRole(holder: GraphQLArgument | GraphQLInputField, field?: AnyField): CostRole | undefined {
  const own = holder.extensions?.[COST_EXTENSION];
  if (isCostRole(own)) return own;
  const byName = field ? argumentCosts(field) : {};
  const named = Object.hasOwn(byName, holder.name) ? byName[holder.name] : undefined;
  return isCostRole(named) ? named : undefined;
}

/**
 * Checks the cost declarations of a schema: every Int argument, and every Int field of an input
 * object, must say whether it bounds rows, hops, or nothing (`free`), and a declaration must
 * name an argument the field has, with a role that fits its type.
 */
export function costDeclarationProblems(schema: GraphQLSchema): CostDeclarationProblems {
  const invalid: string[] = [];
  const undeclared: string[] = [];
  const check = (where: string, type: GraphQLInputType, role: unknown) => {
    if (role === undefined) {
      if (isInt(type)) undeclared.push(where);
    } else if (!isCostRole(role)) {
      invalid.push(`${where} declares the cost role ${JSON.stringify(role)}; expected rows, hops or free`);
    } else if (role !== 'free' && !isInt(type)) {
      invalid.push(`${where} is declared a '${role}' bound but its type is ${String(type)}, not Int`);
    }
  };
  for (const [coordinate, field] of outputFields(schema)) {
    if (field.extensions?.[COST_EXTENSION] !== undefined) {
      invalid.push(`${coordinate} has @Cost on the field itself: put it on the argument's @ArgsType field, or use @ArgumentCosts({ argument: role })`);
    }
    const declared = field.extensions?.[ARGUMENT_COSTS_EXTENSION];
    if (declared !== undefined && (typeof declared !== 'object' || declared === null || Array.isArray(declared))) {
      invalid.push(`${coordinate} has an @ArgumentCosts declaration that is not an object of roles by argument name`);
    }
    const byName = argumentCosts(field);
    for (const name of Object.keys(byName)) {
      if (!field.args.some((arg) => arg.name === name)) {
        const has = field.args.map((arg) => arg.name).join(', ') || 'no arguments';
        invalid.push(`${coordinate} declares the cost of argument ${name}, which it does not have (it has ${has})`);
      }
    }
    for (const arg of field.args) {
      const own = arg.extensions?.[COST_EXTENSION];
      const named = Object.hasOwn(byName, arg.name) ? byName[arg.name] : undefined;
      if (own !== undefined && named !== undefined && own !== named) {
        invalid.push(`${coordinate}(${arg.name}) is declared both ${JSON.stringify(own)} (@Cost) and ${JSON.stringify(named)} (@ArgumentCosts)`);
        continue;
      }
      check(`${coordinate}(${arg.name})`, arg.type, own ?? named);
    }
  }
  for (const type of inputObjectTypes(schema)) {
    for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.type, field.extensions?.[COST_EXTENSION]);
  }
  return { invalid, undeclared };
}

/** The paths, below `path`, of the input fields with a rows or hops role; a type already on the path is not entered again. */
function inputPaths(type: GraphQLInputObjectType, path: ArgumentPath, ancestors: ReadonlySet<string>, add: (role: CostRole | undefined, path: ArgumentPath) => void): void {
  if (ancestors.has(type.name)) return;
  const inside = new Set([...ancestors, type.name]);
  const fields = Object.values(type.getFields());
  for (const field of fields) add(declaredRole(field), [...path, field.name]);
  for (const field of fields) {
    const nested = getNullableType(field.type);
    if (isInputObjectType(nested)) inputPaths(nested, [...path, field.name], inside, add);
  }
}

function buildCostPlan(schema: GraphQLSchema): CostPlan {
  const { invalid } = costDeclarationProblems(schema);
  if (invalid.length > 0) throw new Error(`Invalid query cost declarations (see src/common/cost.ts):\n  ${invalid.join('\n  ')}`);
  const fields = new Map<AnyField, FieldCostPlan>();
  for (const [, field] of outputFields(schema)) {
    const plan: FieldCostPlan = { rows: [], hops: [], pageArguments: [] };
    const add = (role: CostRole | undefined, path: ArgumentPath) => {
      if (role === 'rows' || role === 'hops') plan[role].push(path);
    };
    for (const arg of field.args) {
      const role = declaredRole(arg, field);
      add(role, [arg.name]);
      if (role === 'rows') plan.pageArguments.push(arg.name);
    }
    for (const arg of field.args) {
      const type = getNullableType(arg.type);
      if (isInputObjectType(type)) inputPaths(type, [arg.name], new Set(), add);
    }
    if (plan.rows.length > 0 || plan.hops.length > 0) fields.set(field, plan);
  }
  return { fields };
}

const costPlans = new WeakMap<GraphQLSchema, CostPlan>();

/** What multiplies the work of each field of the schema, worked out once per schema; throws on invalid declarations. */
export function costPlan(schema: GraphQLSchema): CostPlan {
  let plan = costPlans.get(schema);
  if (!plan) costPlans.set(schema, (plan = buildCostPlan(schema)));
  return plan;
}

/** The first bound given, top-level arguments first, then inside input objects such as network(filter: { limit }). */
function argumentValue(args: Record<string, unknown>, paths: readonly ArgumentPath[]): number | undefined {
  for (const path of paths) {
    let value: unknown = args;
    for (const key of path) {
      value = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value);
  }
  return undefined;
}

/**
 * Cost of fields with a page size or a hop count, as their arguments declare them (src/common/cost.ts:
 * @Cost('rows'), @Cost('hops')):
 *   1 + walk + rows x child cost.
 * A list of paths enumerates them, so its walk is TRAVERSAL_FANOUT ** hops; a single answer
 * (shortestPath, egoNetwork) comes from a breadth-first search, which Neo4j runs from both ends
 * for shortest paths, so it is charged 2 x TRAVERSAL_FANOUT ** (hops / 2). Rows are the rows
 * bound when given, else the walk's size for a list and 1 for a single answer. Other fields fall
 * through to the next estimator.
 */
export function argumentsEstimator(schema: GraphQLSchema): ComplexityEstimator {
  const plan = costPlan(schema);
  return ({ field, args, childComplexity }) => {
    const declared = plan.fields.get(field);
    if (!declared) return undefined;
    const page = argumentValue(args, declared.rows);
    const hops = argumentValue(args, declared.hops);
    if (page === undefined && hops === undefined) return undefined;
    const list = isListType(getNullableType(field.type));
    const steps = Math.min(hops ?? 0, MAX_COUNTED_HOPS);
    const walk = hops === undefined ? 0 : list ? TRAVERSAL_FANOUT ** steps : 2 * TRAVERSAL_FANOUT ** Math.ceil(steps / 2);
    const rows = page ?? (list ? walk : 1);
    return 1 + walk + rows * Math.max(childComplexity, 1);
  };
}

/** A page size a client passed: `argument` of the field `field` (`Type.field`). */
export interface PageRequest {
  field: string;
  argument: string;
  value: number;
}

/**
 * Notes every page size (a field's own rows argument) a client passed (schema defaults are the
 * server's own choice), and returns nothing so the cost estimators that follow still run.
 */
function pageSizeObserver(plan: CostPlan, seen: PageRequest[]): ComplexityEstimator {
  return ({ type, field, node, args }) => {
    for (const argument of plan.fields.get(field)?.pageArguments ?? []) {
      const value = args[argument];
      if (typeof value === 'number' && node.arguments?.some((a) => a.name.value === argument)) {
        seen.push({ field: `${type.name}.${field.name}`, argument, value });
      }
    }
    return undefined;
  };
}

/**
 * The estimators graphql-query-complexity prices a query with, first answer wins: an explicit
 * `complexity` extension, then the declared bounds, then 1 per field. `pages` receives the page
 * sizes the client passed, for the maxPageSize check.
 */
export function costEstimators(schema: GraphQLSchema, pages: PageRequest[]): ComplexityEstimator[] {
  return [pageSizeObserver(costPlan(schema), pages), fieldExtensionsEstimator(), argumentsEstimator(schema), simpleEstimator({ defaultComplexity: 1 })];
}
