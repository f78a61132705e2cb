import express from 'express';
import type { Config } from '../config';
import type { Authenticator } from '../server/auth';
import { refuse, refusedForMissingKey, sentAsRefusal } from '../server/http/rest-refusals';
import { coerce, intParam, Params, QueryParams, validArgs } from '../export/export.input';
import { OverviewArgs } from './overview.input';
import type { OverviewService } from './overview.service';

export interface OverviewRouteDeps {
  overview: Pick<OverviewService, 'overview'>;
  config: Pick<Config, 'readsNeedKey'>;
  authenticator: Pick<Authenticator, 'callerOf'>;
}

/** Each overview reads tens of thousands of nodes: a few at a time keep the database for everyone else. */
export const OVERVIEWS_AT_ONCE = 4;

const PARAMS: Params<OverviewArgs> = { nodes: intParam, links: intParam, community: intParam };

/**
 * GET /overview[?nodes=N][&links=M][&community=C]: the overview of the whole graph as JSON
 * (overview.type.ts), what the explorer opens on when the graph is too big to lay out in the page.
 * Parameters are checked by OverviewArgs' rules; a refusal is 400 BAD_USER_INPUT naming the parameter.
 */
export function overviewRouter(deps: OverviewRouteDeps): express.Router {
  const router = express.Router();
  let running = 0;

  router.get('/', async (req, res, next) => {
    try {
      if (await refusedForMissingKey(deps, req, res)) return;
      const args = await validArgs(OverviewArgs, coerce(req.query as QueryParams, PARAMS));
      if (running >= OVERVIEWS_AT_ONCE) {
        res.setHeader('Retry-After', '5');
        refuse(res, 429, `${OVERVIEWS_AT_ONCE} overviews are being read; try again in a few seconds`, { code: 'TOO_MANY_REQUESTS' });
        return;
      }
      running++;
      try {
        const overview = await deps.overview.overview(args);
        res.setHeader('Cache-Control', 'no-store');
        res.json(overview);
      } finally {
        running--;
      }
    } catch (error) {
      if (!sentAsRefusal(res, error)) next(error);
    }
  });
  return router;
}
