import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { Caller } from '../../common/caller';

const UNCACHEABLE = 'no-store';

/**
 * HTTP caching of reads, for clients and CDNs in front of the API (HTTP_CACHE_MAX_AGE_S).
 *
 * Only a query sent by GET can be cached: a POST is never stored by a shared cache, and a
 * mutation's answer must never be replayed. A request with credentials may see what others do
 * not (private maps, editor-only fields), so its answer is `private`, kept by the caller's own
 * client only; and every answer varies on Authorization, so that a shared cache never hands one
 * caller's answer to another. An answer with errors is never cached. With a max age of 0, the
 * default, every answer says `no-store`: data written through the API shows on the next read,
 * which a max age trades for load.
 *
 * The schema declares no per-type or per-field cache hints, so every cacheable answer has the
 * one max age, and this plugin writes the header itself. Apollo's cache-control plugin would
 * reach the same header through a hook on every resolved field, which wraps every resolver of
 * the schema: on a map of 2,000 nodes and 5,560 links, some 70,000 calls per request. It is
 * disabled.
 */
export function httpCachePolicyPlugins<Context extends BaseContext & { caller: Caller | null }>(maxAgeSeconds: number): ApolloServerPlugin<Context>[] {
  const policy: ApolloServerPlugin<Context> = {
    async requestDidStart({ request }) {
      const cacheableRequest = maxAgeSeconds > 0 && request.http?.method === 'GET';
      return {
        async willSendResponse({ response, operation, contextValue, errors }) {
          const cacheable =
            cacheableRequest &&
            operation?.operation === 'query' &&
            !errors?.length &&
            response.body.kind === 'single' &&
            !response.body.singleResult.errors;
          const scope = contextValue.caller ? 'private' : 'public';
          response.http.headers.set('cache-control', cacheable ? `max-age=${maxAgeSeconds}, ${scope}` : UNCACHEABLE);
          if (cacheableRequest) response.http.headers.set('vary', 'authorization');
        },
      };
    },
  };
  return [ApolloServerPluginCacheControlDisabled(), policy];
}
