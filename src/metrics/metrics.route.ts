import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { Metrics } from './metrics';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Whether `authorization` is `Bearer <key>`. Both sides are digested first, so the comparison
 * always covers 32 bytes and its time says nothing about how much of the key a guess got right.
 */
export function presentsKey(authorization: string | undefined, key: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const presented = digest(match ? match[1] : '');
  return timingSafeEqual(presented, digest(key)) && match !== null;
}

/**
 * GET /metrics: the Prometheus text exposition. With a key (METRICS_KEY), only a scraper that
 * sends `Authorization: Bearer <key>` reads it; anything else gets 401.
 */
export function metricsRouter(metrics: Metrics, options: { key?: string }): express.Router {
  const router = express.Router();
  router.get('/', async (req, res, next) => {
    if (options.key !== undefined && !presentsKey(req.header('authorization'), options.key)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      res.status(401).json({
        errors: [
          {
            message: 'The metrics need a key on this server: send Authorization: Bearer <METRICS_KEY>',
            extensions: { code: 'UNAUTHENTICATED', requestId: res.locals.requestId },
          },
        ],
      });
      return;
    }
    try {
      const body = await metrics.exposition();
      // res.end, not res.send: send would rewrite the content type's parameters into another order.
      res.setHeader('content-type', metrics.contentType);
      res.setHeader('cache-control', 'no-store');
      res.end(body);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
