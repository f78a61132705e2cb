import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { projectRoot } from '../common/paths';

/** Where `npm run build:explorer` writes the page and its bundle (part of `npm run build`). */
export const EXPLORER_DIR = path.join(projectRoot(), 'dist', 'explorer');

/** Map ids as saveMap makes and accepts them (IsNodeId). */
const MAP_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/**
 * What the browser may do with the explorer's pages. The page loads only its own files and talks
 * only to this server; inline styles stay allowed (the page and d3 set them). No other site may
 * frame the explorer (clickjacking its editing controls), except the read-only embed, which
 * exists to be framed and has no control to click.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

export const EXPLORER_HEADERS = {
  'content-security-policy': [...CSP, "frame-ancestors 'none'"].join('; '),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
} as const;

export const EMBED_HEADERS = {
  'content-security-policy': [...CSP, 'frame-ancestors *'].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
} as const;

function setHeaders(res: express.Response, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

function notBuilt(res: express.Response): void {
  res.status(503).json({
    errors: [{ message: 'The explorer page is not built: run `npm run build`', extensions: { code: 'SERVICE_UNAVAILABLE', requestId: res.locals.requestId } }],
  });
}

/**
 * Serves the explorer page at /explorer/ from the built folder, and the same page at
 * /explorer/embed/ID, where it starts as the read-only embed of map ID (the bundle reads its
 * mode from the path). The page and its bundle hold no data and no secrets, so they are open
 * even when reads need a key: the page sends the key it is given with its own API calls.
 */
export function explorerRouter(dir: string = EXPLORER_DIR): express.Router {
  const router = express.Router();
  const page = path.join(dir, 'index.html');
  router.get('/embed/:id', (req, res, next) => {
    if (!MAP_ID.test(req.params.id)) {
      next();
      return;
    }
    if (!existsSync(page)) {
      notBuilt(res);
      return;
    }
    setHeaders(res, EMBED_HEADERS);
    res.sendFile(page, { maxAge: 0 });
  });
  router.use((_req, res, next) => {
    setHeaders(res, EXPLORER_HEADERS);
    next();
  });
  router.use(express.static(dir, { index: 'index.html', fallthrough: true, maxAge: 0 }));
  router.get('/', (_req, res, next) => {
    if (existsSync(page)) {
      next();
      return;
    }
    notBuilt(res);
  });
  return router;
}
