import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  BREAK,
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type express from 'express';
import type { Metrics, Outcome } from '../../metrics/metrics';
import { RefusalKind, refusalKindOf } from '../limits';

/** What the metrics need to know of an HTTP request while it runs (app.ts keeps it in the request scope). */
export interface MeteredRequest {
  /** process.hrtime.bigint() when the request arrived. */
  startedAt: bigint;
  /** Set once Apollo's pipeline has counted the request's operations. */
  counted?: boolean;
  /** Set when the HTTP layer refused the request before Apollo ran it (a limit, CSRF). */
  refused?: boolean;
}

/** Mutation fields counted by imports_total. */
const IMPORT_FIELDS = new Set(['importGraph', 'importFiles']);
/** Fields whose resolvers run the network analytics (graphology: centralities, Louvain communities). */
const ANALYTICS_FIELDS = new Set(['Network.stats', 'NetworkNode.metrics']);
const ACCESS_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
/** Statuses the HTTP layer answers when it refuses a request: no credentials, no right, too large. */
const REFUSAL_STATUSES = new Set([401, 403, 413, 414, 431]);

/**
 * Apollo's refusal of a request a browser could have sent cross-site without a preflight. It has
 * no code of its own (BAD_REQUEST), so its message tells it apart.
 */
export function isCsrfRefusal(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions?.code === 'BAD_REQUEST' && /Cross-Site Request Forgery/.test(error.message);
}

function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function isAccessRefusal(error: GraphQLError): boolean {
  return ACCESS_CODES.has(String(error.extensions?.code ?? ''));
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** Response keys (alias or name) of the root fields named in `names`, fragments included. */
export function rootFieldKeys(document: DocumentNode, operation: OperationDefinitionNode, names: ReadonlySet<string>): string[] {
  const fragments = fragmentsOf(document);
  const keys: string[] = [];
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (names.has(selection.name.value)) keys.push(selection.alias?.value ?? selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return keys;
}

/** Whether the operation selects a field of `fields` (`Type.field`) anywhere, through its fragments too. */
export function selectsAnyField(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  fields: ReadonlySet<string>,
): boolean {
  const fragments = fragmentsOf(document);
  const queued = new Set<string>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [operation];
  let found = false;
  while (pending.length > 0 && !found) {
    const typeInfo = new TypeInfo(schema);
    visit(
      pending.shift()!,
      visitWithTypeInfo(typeInfo, {
        Field() {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (parent && field && fields.has(`${parent.name}.${field.name}`)) {
            found = true;
            return BREAK;
          }
          return undefined;
        },
        FragmentSpread(spread) {
          const fragment = fragments.get(spread.name.value);
          if (fragment && !queued.has(spread.name.value)) {
            queued.add(spread.name.value);
            pending.push(fragment);
          }
        },
      }),
    );
  }
  return found;
}

/**
 * Counts GraphQL requests for the metrics: each operation once, by name and outcome, with its
 * latency; the limit refusals by kind; import fields; analytics; persisted-query cache use.
 * Apollo's pipeline counts the operations it sees (its plugin); the HTTP layer counts the
 * requests that never reach it (a body over MAX_BODY_BYTES, a batch over the limit, CSRF, a
 * failed context), so every request to /graphql is counted exactly once.
 */
export class RequestMetrics {
  /** Per parsed document (Apollo reuses them), per operation name: whether it asks for analytics. */
  private readonly analytics = new WeakMap<DocumentNode, Map<string, boolean>>();

  constructor(readonly metrics: Metrics) {}

  plugin<C extends BaseContext>(scopeOf: () => MeteredRequest | undefined): ApolloServerPlugin<C> {
    return {
      requestDidStart: async () => {
        const scope = scopeOf();
        const startedAt = scope?.startedAt ?? process.hrtime.bigint();
        let executionStarted = false;
        return {
          executionDidStart: async () => {
            executionStarted = true;
          },
          willSendResponse: async (context) => {
            if (scope) scope.counted = true;
            const { request, errors = [], operation, document, schema } = context;
            const refusal = errors.map(refusalKindOf).find((kind): kind is RefusalKind => kind !== null) ?? null;
            if (refusal) this.metrics.refusal(refusal);
            const outcome: Outcome = refusal || errors.some(isAccessRefusal) ? 'refused' : errors.length > 0 ? 'error' : 'ok';

            // Only an operation found in a valid document may take one of the bounded label places.
            const label = operation
              ? this.metrics.operations.label(context.operationName, { admit: true })
              : this.metrics.operations.label(request.operationName);
            this.metrics.request(label, outcome, secondsSince(startedAt));

            if (request.extensions?.persistedQuery) {
              if (context.metrics.persistedQueryHit) this.metrics.persistedQuery('hit');
              else if (context.metrics.persistedQueryRegister && outcome !== 'refused') this.metrics.persistedQuery('register');
              else if (errors.some((error) => error.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')) this.metrics.persistedQuery('miss');
            }

            if (!operation || !document) return;
            if (operation.operation === 'mutation') {
              for (const key of rootFieldKeys(document, operation, IMPORT_FIELDS)) {
                this.metrics.importField(this.fieldOutcome(key, outcome, errors, executionStarted));
              }
            }
            if (this.asksForAnalytics(schema, document, operation)) this.metrics.analysis(outcome);
          },
        };
      },
    };
  }

  /** Express: on the way into /graphql; counts the request when it finishes if Apollo's pipeline did not. */
  track(scopeOf: (res: express.Response) => MeteredRequest): express.RequestHandler {
    return (req, res, next) => {
      res.on('finish', () => {
        const scope = scopeOf(res);
        // Under 400 without the pipeline is not an operation: the landing page for a browser.
        if (scope.counted || res.statusCode < 400) return;
        const outcome: Outcome = scope.refused || REFUSAL_STATUSES.has(res.statusCode) ? 'refused' : 'error';
        this.metrics.request(this.metrics.operations.label(claimedOperationName(req)), outcome, secondsSince(scope.startedAt));
      });
      next();
    };
  }

  /** The HTTP layer refused the request before Apollo saw it; `kind` when a query limit did. */
  refusedOverHttp(scope: MeteredRequest | undefined, kind: RefusalKind | null): void {
    if (kind) this.metrics.refusal(kind);
    if (scope) scope.refused = true;
  }

  private fieldOutcome(key: string, outcome: Outcome, errors: readonly GraphQLError[], executionStarted: boolean): Outcome {
    if (!executionStarted) return outcome;
    const own = errors.filter((error) => error.path?.[0] === key);
    if (own.length === 0) return 'ok';
    return own.some(isAccessRefusal) ? 'refused' : 'error';
  }

  private asksForAnalytics(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
    let byOperation = this.analytics.get(document);
    if (!byOperation) this.analytics.set(document, (byOperation = new Map()));
    const key = operation.name?.value ?? '';
    let asks = byOperation.get(key);
    if (asks === undefined) {
      asks = selectsAnyField(schema, document, operation, ANALYTICS_FIELDS);
      byOperation.set(key, asks);
    }
    return asks;
  }
}

/** The operationName a request that Apollo never ran gave, if any (not trusted: it only picks a label). */
function claimedOperationName(req: express.Request): string | undefined {
  const body = req.body as unknown;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const name = (body as { operationName?: unknown }).operationName;
    if (typeof name === 'string') return name;
  }
  const queryAt = req.originalUrl.indexOf('?');
  if (queryAt < 0) return undefined;
  return new URLSearchParams(req.originalUrl.slice(queryAt + 1)).get('operationName') ?? undefined;
}
