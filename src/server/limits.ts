import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { DocumentNode, FragmentDefinitionNode, getVariableValues, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { Config } from '../config';
import { costEstimators, costPlan, PageRequest } from './query-cost';

export type QueryLimits = Config['limits'];

/** Codes of refused requests; errors.ts lets them through to clients unchanged. */
export const LIMIT_CODES = [
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COMPLEX',
  'TOO_MANY_ALIASES',
  'TOO_MANY_ROOT_FIELDS',
  'TOO_MANY_OPERATIONS',
  'PAYLOAD_TOO_LARGE',
] as const;
export type LimitCode = (typeof LIMIT_CODES)[number];

/**
 * What a refusal is counted under in the metrics (`graphql_limit_refusals_total{kind}`): the limit
 * codes, and two limits whose errors carry another code: MAX_PAGE_SIZE (BAD_USER_INPUT, as any
 * argument out of range) and MAX_TOKENS (GRAPHQL_PARSE_FAILED, raised by the parser).
 */
export const REFUSAL_KINDS = [...LIMIT_CODES, 'PAGE_TOO_LARGE', 'TOO_MANY_TOKENS'] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

/**
 * Past this many selected fields (fragments expanded) a document is refused without estimating
 * its cost: fragments that spread each other several times grow exponentially when expanded.
 */
export const MAX_EXPANDED_FIELDS = 10_000;

/** Variable sets remembered per parsed document; past it the memo starts again, so it stays small. */
const MEASURES_PER_DOCUMENT = 256;
/** Longer variable sets are measured every time rather than kept: the memo must not hold megabytes. */
const MEMO_KEY_MAX_LENGTH = 2048;

/**
 * The memo key of a request, or null when it should not be remembered: large variables, and
 * variables nested so deep that serialising them overflows the stack (a hostile request).
 */
function memoKey(operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): string | null {
  try {
    const key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}`;
    return key.length <= MEMO_KEY_MAX_LENGTH ? key : null;
  } catch {
    return null;
  }
}

/** A request over one of the configured limits: the message and extensions give limit and measure. */
export class LimitExceededError extends GraphQLError {
  /** The limit it enforces, as the metrics count it. */
  readonly kind: RefusalKind;

  constructor(code: LimitCode | 'BAD_USER_INPUT', message: string, limit: number, measured: number, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, limit, measured, ...extra, http: { status: code === 'PAYLOAD_TOO_LARGE' ? 413 : 400 } } });
    this.kind = code === 'BAD_USER_INPUT' ? 'PAGE_TOO_LARGE' : code;
  }
}

/** graphql-js's message (with its "more that" typo in 16.x) when a document passes parseOptions.maxTokens. */
const TOKEN_LIMIT_MESSAGE = /Document contains more th(?:an|at) \d+ tokens/;

/** The limit that refused a request, if `error` is such a refusal. */
export function refusalKindOf(error: unknown): RefusalKind | null {
  if (error instanceof LimitExceededError) return error.kind;
  if (error instanceof GraphQLError && error.extensions?.code === 'GRAPHQL_PARSE_FAILED' && TOKEN_LIMIT_MESSAGE.test(error.message)) {
    return 'TOO_MANY_TOKENS';
  }
  return null;
}

export interface QueryShape {
  /** Deepest field nesting; introspection's ofType chains unwrap one type and do not add depth. */
  depth: number;
  aliases: number;
  rootFields: number;
  /** Fields selected once every fragment spread is expanded. */
  fields: number;
}

interface Measure {
  depth: number;
  aliases: number;
  fields: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Measures an operation with fragments expanded. Each fragment is measured once per context and
 * reused, so a document that spreads fragments exponentially is measured in linear time.
 */
export function measureShape(document: DocumentNode, operation: OperationDefinitionNode): QueryShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const memo = new Map<string, Measure>();
  const visiting = new Set<string>();

  const measureSet = (selectionSet: SelectionSetNode, introspection: boolean): Measure => {
    const total: Measure = { depth: 0, aliases: 0, fields: 0 };
    const add = (m: Measure, ownDepth: number) => {
      total.depth = Math.max(total.depth, ownDepth + m.depth);
      total.aliases += m.aliases;
      total.fields += m.fields;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const inside = introspection || INTROSPECTION_ROOTS.has(name);
        const child = selection.selectionSet ? measureSet(selection.selectionSet, inside) : { depth: 0, aliases: 0, fields: 0 };
        add({ depth: child.depth, aliases: child.aliases + (selection.alias ? 1 : 0), fields: child.fields + 1 }, inside && name === 'ofType' ? 0 : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(measureSet(selection.selectionSet, introspection), 0);
      } else {
        const name = selection.name.value;
        const key = `${introspection}:${name}`;
        const fragment = fragments.get(name);
        // Unknown and circular fragments are refused by validation before this runs.
        if (!fragment || visiting.has(key)) continue;
        let measured = memo.get(key);
        if (!measured) {
          visiting.add(key);
          measured = measureSet(fragment.selectionSet, introspection);
          visiting.delete(key);
          memo.set(key, measured);
        }
        add(measured, 0);
      }
    }
    return total;
  };

  const rootMemo = new Map<string, number>();
  const countRoot = (selectionSet: SelectionSetNode, seen: Set<string>): number =>
    selectionSet.selections.reduce((count, selection) => {
      if (selection.kind === Kind.FIELD) return count + 1;
      if (selection.kind === Kind.INLINE_FRAGMENT) return count + countRoot(selection.selectionSet, seen);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) return count;
      if (!rootMemo.has(name)) rootMemo.set(name, countRoot(fragment.selectionSet, new Set([...seen, name])));
      return count + rootMemo.get(name)!;
    }, 0);

  const shape = measureSet(operation.selectionSet, false);
  return { ...shape, rootFields: countRoot(operation.selectionSet, new Set()) };
}

export interface LimitInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export interface LimitMeasures extends QueryShape {
  /** Undefined when the variables are invalid: execution refuses those before any resolver runs. */
  cost?: number;
}

/** Throws a LimitExceededError for the first limit the operation is over; returns what it measured. */
export function enforceQueryLimits(limits: QueryLimits, input: LimitInput): LimitMeasures {
  const shape = measureShape(input.document, input.operation);
  if (shape.fields > MAX_EXPANDED_FIELDS) {
    throw new LimitExceededError(
      'QUERY_TOO_COMPLEX',
      `The query selects ${shape.fields} fields once its fragments are expanded; the limit is ${MAX_EXPANDED_FIELDS}`,
      MAX_EXPANDED_FIELDS,
      shape.fields,
      { measure: 'fields' },
    );
  }
  if (shape.rootFields > limits.maxRootFields) {
    throw new LimitExceededError(
      'TOO_MANY_ROOT_FIELDS',
      `The operation has ${shape.rootFields} top-level fields; the limit is ${limits.maxRootFields}`,
      limits.maxRootFields,
      shape.rootFields,
    );
  }
  if (shape.aliases > limits.maxAliases) {
    throw new LimitExceededError(
      'TOO_MANY_ALIASES',
      `The operation uses ${shape.aliases} aliases; the limit is ${limits.maxAliases}`,
      limits.maxAliases,
      shape.aliases,
    );
  }
  if (shape.depth > limits.maxDepth) {
    throw new LimitExceededError(
      'QUERY_TOO_DEEP',
      `The query is ${shape.depth} levels deep; the limit is ${limits.maxDepth}`,
      limits.maxDepth,
      shape.depth,
    );
  }

  const coerced = getVariableValues(input.schema, input.operation.variableDefinitions ?? [], input.variables ?? {});
  if (coerced.errors) return shape;

  const pages: PageRequest[] = [];
  let cost: number;
  try {
    cost = getComplexity({
      schema: input.schema,
      query: input.document,
      operationName: input.operationName ?? undefined,
      variables: input.variables ?? {},
      estimators: costEstimators(input.schema, pages),
      // measureShape already bounds the expanded size; this only stops the library's own walk.
      maxQueryNodes: MAX_EXPANDED_FIELDS * 4,
    });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      throw new LimitExceededError('QUERY_TOO_COMPLEX', `The query selects more than ${MAX_EXPANDED_FIELDS} fields`, MAX_EXPANDED_FIELDS, MAX_EXPANDED_FIELDS * 4, {
        measure: 'fields',
      });
    }
    if (error instanceof GraphQLError) {
      throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
    }
    throw error;
  }

  const oversized = pages.find((page) => page.value > limits.maxPageSize);
  if (oversized) {
    throw new LimitExceededError(
      'BAD_USER_INPUT',
      `Invalid value for ${oversized.argument}: ${oversized.field} asks for ${oversized.value} items; the limit is ${limits.maxPageSize}`,
      limits.maxPageSize,
      oversized.value,
      { field: oversized.argument, reason: `must not be greater than ${limits.maxPageSize}`, on: oversized.field },
    );
  }
  if (cost > limits.maxCost) {
    throw new LimitExceededError(
      'QUERY_TOO_COMPLEX',
      `The query's estimated cost is ${cost}; the limit is ${limits.maxCost}. Ask for fewer items (first, limit) or fewer hops (depth, maxHops, radius)`,
      limits.maxCost,
      cost,
      { measure: 'cost' },
    );
  }
  return { ...shape, cost };
}

/**
 * Refuses over-limit operations once Apollo has parsed, validated and picked the operation, and
 * before execution, so nothing reaches Neo4j.
 */
export function queryLimitsPlugin<C extends BaseContext>(
  limits: QueryLimits,
  onMeasured?: (measures: LimitMeasures) => void,
): ApolloServerPlugin<C> {
  // Apollo hands every request with the same query text the same parsed document, and a document's
  // measures depend only on it, the operation and the variables: clients that repeat a query (a
  // dashboard, a visualisation paging through a network) skip the walk over the document.
  const measured = new WeakMap<DocumentNode, Map<string, LimitMeasures>>();
  return {
    // Invalid cost declarations (src/common/cost.ts) stop the server here rather than at the first query.
    async serverWillStart({ schema }) {
      costPlan(schema);
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const key = memoKey(request.operationName, request.variables);
          let byVariables = measured.get(document);
          let measures = key === null ? undefined : byVariables?.get(key);
          if (!measures) {
            measures = enforceQueryLimits(limits, {
              schema,
              document,
              operation,
              operationName: request.operationName,
              variables: request.variables,
            });
            if (key !== null) {
              if (!byVariables) measured.set(document, (byVariables = new Map()));
              if (byVariables.size >= MEASURES_PER_DOCUMENT) byVariables.clear();
              byVariables.set(key, measures);
            }
          }
          onMeasured?.(measures);
        },
      };
    },
  };
}

/**
 * graphql-js parses, and Apollo and measureShape walk, a document recursively: a few thousand
 * nested brackets overflow the stack, which answered 500 (or a parse error saying "Maximum call
 * stack size exceeded") before any depth limit could speak. Brackets are counted on the text first,
 * in one pass. Fields nest at most maxDepth deep and each level opens a few brackets (selection set,
 * arguments, input objects and lists), so 4 per level plus 64 for argument values passes every
 * document the field-depth limit would let through.
 */
export function maxBracketNesting(limits: Pick<QueryLimits, 'maxDepth'>): number {
  return 4 * limits.maxDepth + 64;
}

/** The deepest nesting of {, [ and ( in a GraphQL document, outside strings and comments. */
export function bracketNesting(source: string): number {
  let depth = 0;
  let deepest = 0;
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (char === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (char === '"' && source.startsWith('"""', i)) {
      i += 3;
      while (i < source.length && !source.startsWith('"""', i)) i += source.startsWith('\\"""', i) ? 4 : 1;
      i += 2;
    } else if (char === '"') {
      i++;
      while (i < source.length && source[i] !== '"' && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
    } else if (char === '{' || char === '[' || char === '(') {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (char === '}' || char === ']' || char === ')') {
      depth = Math.max(0, depth - 1);
    }
    i++;
  }
  return deepest;
}

/** A document nested deeper than the parser can take, refused before it is parsed. */
export function nestingViolation(source: unknown, limits: Pick<QueryLimits, 'maxDepth'>): LimitExceededError | null {
  if (typeof source !== 'string') return null;
  const limit = maxBracketNesting(limits);
  const nesting = bracketNesting(source);
  if (nesting <= limit) return null;
  return new LimitExceededError('QUERY_TOO_DEEP', `The query nests brackets ${nesting} levels deep; the limit is ${limit}`, limit, nesting);
}

/** For the HTTP layer: every document of a request (POST body, batch or GET query string) checked by nestingViolation. */
export function requestNestingViolation(body: unknown, queryString: unknown, limits: Pick<QueryLimits, 'maxDepth'>): LimitExceededError | null {
  const operations = [...(Array.isArray(body) ? body : [body]), queryString];
  for (const operation of operations) {
    const source = operation && typeof operation === 'object' ? (operation as { query?: unknown }).query : undefined;
    const refused = nestingViolation(source, limits);
    if (refused) return refused;
  }
  return null;
}

/** For the HTTP layer: a batch (JSON array body) longer than allowed, or any batch when batching is off. */
export function batchViolation(body: unknown, limits: QueryLimits): LimitExceededError | null {
  if (!Array.isArray(body)) return null;
  if (limits.maxBatchOperations <= 1) {
    return new LimitExceededError(
      'TOO_MANY_OPERATIONS',
      `Batched requests are turned off on this server: send one operation per request (got a batch of ${body.length})`,
      1,
      body.length,
    );
  }
  if (body.length > limits.maxBatchOperations) {
    return new LimitExceededError(
      'TOO_MANY_OPERATIONS',
      `The batch has ${body.length} operations; the limit is ${limits.maxBatchOperations}`,
      limits.maxBatchOperations,
      body.length,
    );
  }
  return null;
}
