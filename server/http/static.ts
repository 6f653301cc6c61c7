import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import express, { type Router } from 'express';

/** Where `npm run build` puts the browser client. */
export const CLIENT_DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));

/**
 * The built browser client, served from the app's own origin (so the page and its Socket.IO
 * connection need no CORS). Hashed assets are cached for a year; index.html never, so a deploy is
 * picked up on the next load. Paths that are not files get index.html (the client has one page).
 * Returns null when the client has not been built (`npm start` builds it).
 */
export function clientRouter(dir = CLIENT_DIST): Router | null {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return null;
  const router = express.Router();
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: false }),
  );
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  router.get(/^\/(?!api\/|api$|health$|socket\.io\/).*/, (req, res, next) => {
    // Browsers navigating ask for text/html explicitly; API clients (Accept: */*, JSON) get the 404.
    if (!req.headers.accept?.includes('text/html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
