import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { refusalKindOf } from '../limits';

export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
export const APPLICATION_JSON = 'application/json';

/** The media types an Accept header lists with a q above 0, lower-cased and without parameters. */
export function acceptedMediaTypes(accept: string | undefined): Set<string> {
  const types = new Set<string>();
  for (const range of (accept ?? '').split(',')) {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (!type) continue;
    const q = parameters.find((parameter) => /^q\s*=/.test(parameter));
    if (q !== undefined && !(Number(q.replace(/^q\s*=\s*/, '')) > 0)) continue;
    types.add(type);
  }
  return types;
}

/**
 * A legacy client: one that names application/json in its Accept header and not
 * application/graphql-response+json. Such a client reads a GraphQL response only from a 200 (the
 * GraphQL over HTTP spec, appendix A: a 4xx application/json body might come from any proxy).
 * Without an Accept header, or with only a wildcard, the spec leaves the choice to the server, and
 * Apollo's 4xx stays: that is what the API answered before, and what its tests and clients expect.
 */
export function isLegacyJsonClient(accept: string | undefined): boolean {
  const types = acceptedMediaTypes(accept);
  return types.has(APPLICATION_JSON) && !types.has(GRAPHQL_RESPONSE_JSON);
}

/**
 * A GraphQL request error that the spec wants answered with 200 under application/json: the
 * document does not parse, does not validate, names no operation it has, or its variables do not
 * coerce (graphql-js finds those when execution starts). A limit refusal is none of these, even the
 * parser's token limit: it keeps its 4xx whatever the client accepts.
 */
function isRequestError(error: GraphQLError, executionStarted: boolean): boolean {
  if (refusalKindOf(error)) return false;
  switch (error.extensions?.code) {
    case 'GRAPHQL_PARSE_FAILED':
    case 'GRAPHQL_VALIDATION_FAILED':
    case 'OPERATION_RESOLUTION_FAILURE':
      return true;
    case 'BAD_USER_INPUT':
      // Before execution, BAD_USER_INPUT comes from our own plugins (limits.ts), not from coercion.
      return executionStarted;
    default:
      return false;
  }
}

/**
 * Apollo answers parse, validation and variable-coercion errors with 400 whatever the client
 * accepts. The spec (and the graphql-http audit: SHOULD 572B, FDE2, 7B9B) asks for 200 when the
 * response is application/json for a legacy client, and for 400 under
 * application/graphql-response+json, which Apollo already does. This sets 200 for the first case
 * only; every other status (limits, access, CSRF, 405 for a mutation over GET) is left alone.
 */
export function legacyJsonStatusPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      let executionStarted = false;
      return {
        async executionDidStart() {
          executionStarted = true;
        },
        async willSendResponse({ request, response, errors }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          if (response.body.singleResult.data !== undefined) return;
          if (!errors?.length || !errors.every((error) => isRequestError(error, executionStarted))) return;
          const contentType = response.http.headers.get('content-type');
          if (contentType !== undefined && !contentType.toLowerCase().startsWith(APPLICATION_JSON)) return;
          if (!isLegacyJsonClient(request.http?.headers.get('accept'))) return;
          response.http.status = 200;
        },
      };
    },
  };
}
