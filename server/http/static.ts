import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { AppError } from '../errors.ts';

/** Where `npm run build` puts the browser client. */
export const CLIENT_DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));

/** A year: what browsers and CDNs honour for files whose name changes with their content. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Kept, but asked about again every time (a cheap 304 through the ETag): a deploy is seen at once. */
const REVALIDATE = 'no-cache';

/**
 * Files of `root`, each in the encoding Accept-Encoding asks for: the build writes a .br and a .gz
 * next to every text file (client/vite.config.ts), so nothing is compressed per request. Brotli
 * first when both are accepted (smaller); identity when neither is, or when a file has no
 * compressed copy. Responses that can differ by encoding say `Vary: Accept-Encoding`.
 */
function negotiated(root: string, cacheControl: string): RequestHandler {
  return expressStaticGzip(root, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      // Ours, not serve-static's `public, max-age=…`: index.html must say no-cache, not max-age=0.
      cacheControl: false,
      setHeaders: (res) => res.setHeader('Cache-Control', cacheControl),
    },
  });
}

/**
 * The built browser client, served from the app's own origin (so the page and its Socket.IO
 * connection need no CORS). Everything Vite names by content hash lives under /assets (scripts,
 * styles, the favicon) and is cached for a year; index.html and anything else at the top level are
 * revalidated on every load, so a deploy is picked up on the next one. Paths that are not files get
 * index.html (the client has one page). Returns null when the client has not been built
 * (`npm start` builds it).
 */
export function clientRouter(dir = CLIENT_DIST): Router | null {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return null;
  const router = express.Router();
  router.use('/assets', negotiated(path.join(dir, 'assets'), IMMUTABLE));
  // A hashed file that is not there (an old page after a deploy, a typo) is a 404, never index.html.
  router.use('/assets', (req, _res, next) => next(new AppError('not_found', `No client asset ${req.originalUrl}`)));
  const topLevel = negotiated(dir, REVALIDATE);
  router.use(topLevel);
  router.get(/^\/(?!api\/|api$|health$|socket\.io\/).*/, (req, res, next) => {
    // Browsers navigating ask for text/html explicitly; API clients (Accept: */*, JSON) get the 404.
    if (!req.headers.accept?.includes('text/html')) return next();
    // The same file, negotiation and validators as a request for /index.html.
    const url = req.url;
    req.url = '/index.html';
    topLevel(req, res, (err?: unknown) => {
      req.url = url;
      next(err);
    });
  });
  return router;
}
