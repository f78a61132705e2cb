import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import type { Caller } from '../../common/caller';

/**
 * HTTP caching of reads, for clients and CDNs in front of the API (HTTP_CACHE_MAX_AGE_S).
 *
 * Only a query sent by GET can be cached: a POST is never stored by a shared cache, and a
 * mutation's answer must never be replayed. A request with credentials may see what others do
 * not (private maps, editor-only fields), so its answer is `private`, kept by the caller's own
 * client only; and every answer varies on Authorization, so that a shared cache never hands one
 * caller's answer to another. An answer with errors is never cached (Apollo's rule). With a max
 * age of 0, the default, every answer says `no-store`, as before: data written through the API
 * shows on the next read, which a max age trades for load.
 */
export function httpCachePolicyPlugins<Context extends BaseContext & { caller: Caller | null }>(maxAgeSeconds: number): ApolloServerPlugin<Context>[] {
  const policy: ApolloServerPlugin<Context> = {
    async requestDidStart({ request }) {
      const cacheableRequest = maxAgeSeconds > 0 && request.http?.method === 'GET';
      return {
        async didResolveOperation({ operation, contextValue, overallCachePolicy }) {
          if (!cacheableRequest || operation?.operation !== 'query') overallCachePolicy.restrict({ maxAge: 0 });
          else if (contextValue.caller) overallCachePolicy.restrict({ maxAge: maxAgeSeconds, scope: 'PRIVATE' });
        },
        async willSendResponse({ response }) {
          if (cacheableRequest) response.http.headers.set('vary', 'authorization');
        },
      };
    },
  };
  return [ApolloServerPluginCacheControl({ defaultMaxAge: maxAgeSeconds }), policy];
}
