import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { projectRoot } from '../common/paths';

/** Where `npm run build:explorer` writes the page and its bundle (part of `npm run build`). */
export const EXPLORER_DIR = path.join(projectRoot(), 'dist', 'explorer');

/**
 * Serves the explorer page at /explorer/ from the built folder. The page and its bundle hold
 * no data and no secrets, so they are open even when reads need a key: the page sends the
 * key it is given with its own API calls.
 */
export function explorerRouter(dir: string = EXPLORER_DIR): express.Router {
  const router = express.Router();
  router.use(express.static(dir, { index: 'index.html', fallthrough: true, maxAge: 0 }));
  router.get('/', (_req, res, next) => {
    if (existsSync(path.join(dir, 'index.html'))) {
      next();
      return;
    }
    res.status(503).json({
      errors: [{ message: 'The explorer page is not built: run `npm run build`', extensions: { code: 'SERVICE_UNAVAILABLE', requestId: res.locals.requestId } }],
    });
  });
  return router;
}
