import { randomUUID } from 'node:crypto';
import express, { type Express, type Request, type RequestHandler } from 'express';
import cors, { type CorsOptions } from 'cors';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Ports } from '../ports.ts';
import { bearerToken } from '../auth/authenticate.ts';
import { AppError, invalidRequest } from '../errors.ts';
import { invoke } from '../operations/invoke.ts';
import { requestIp } from '../limits/ip.ts';
import { errorResponder } from './error-response.ts';
import { docsRouter } from './docs.ts';
import { clientRouter } from './static.ts';
import { mcpRouter } from './mcp.ts';
import { accessSettingsFromConfig, hostOriginGuard } from './host-origin.ts';
import type { Metrics } from '../metrics/index.ts';
import { buildOpenApiDocument } from './openapi.ts';
import type { RouteDef } from './route.ts';
import { routes } from './routes/index.ts';
import { WEBHOOK_PATH } from './routes/billing.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** TRUST_PROXY as Express wants it: true/false, a hop count, or addresses/subnets ("loopback, 10.0.0.0/8"). */
function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** One route: its input read from the path and the body or query, the operation invoked, the output sent. */
function mount(router: express.Router, def: RouteDef, deps: Ports): void {
  // A body whose fields are all optional (e.g. ending a session as the authenticated caller) may be left out.
  const bodyOptional = def.body ? def.body.safeParse({}).success : true;
  const inputName = def.body ? 'request body' : def.query ? 'query parameters' : 'path parameters';
  router[def.method](def.path, async (req, res) => {
    // Read once the credentials are checked: without them a request is 401, whatever its body.
    const read = () => {
      if (def.read) return def.read(req);
      if (def.body && req.body === undefined && !bodyOptional) {
        throw invalidRequest('The request body must be JSON (Content-Type: application/json).', [
          { field: '(body)', problem: 'missing or not JSON' },
        ]);
      }
      return { ...(def.body ? (req.body ?? {}) : def.query ? req.query : {}), ...req.params };
    };
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const caller = { ip: requestIp(req), token: bearerToken(req.headers), signal: controller.signal, inputName };
    const { output } = await invoke(deps, def.operation, read, caller, undefined);
    if (res.headersSent) return;
    if (def.send) def.send(output, req, res, deps.config);
    else res.status(def.success.status).json(output);
  });
}

/**
 * CORS for /api: the origins in CORS_ORIGINS ("*": any), and always the app's own origin. Other
 * origins get no CORS headers (the browser then refuses the response). Bearer tokens, not cookies:
 * no credentials mode.
 */
function corsFor(origins: string[]): RequestHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return cors((req, cb) => {
    const origin = req.headers.origin;
    const self = `${(req as Request).protocol}://${req.headers.host ?? ''}`;
    const ok = Boolean(origin) && (any || allowed.has(origin!) || origin === self);
    const options: CorsOptions = {
      origin: ok ? origin : false,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Content-Type', 'Authorization', 'X-Request-Id', 'Range', 'If-None-Match'],
      exposedHeaders: ['X-Request-Id', 'Retry-After', 'WWW-Authenticate', 'Content-Range', 'X-Audio-Duration-Ms'],
      maxAge: 600,
    };
    cb(null, options);
  });
}

/**
 * Security headers (helmet). The CSP allows what the built client, swagger-ui (/api/docs) and
 * Socket.IO need and nothing else: scripts and styles from this origin (swagger-ui sets inline
 * styles), images from here and data: URLs (swagger-ui's icons), audio from blob: URLs (streamed
 * playback), connections to this origin (fetch and the Socket.IO WebSocket; PUBLIC_URL's ws(s)
 * origin is listed for browsers that don't count ws: as 'self').
 */
function securityHeaders(deps: Ports): RequestHandler {
  const publicUrl = deps.config.publicUrl ? new URL(deps.config.publicUrl) : undefined;
  const https = publicUrl?.protocol === 'https:';
  const wsOrigin = publicUrl ? `${https ? 'wss' : 'ws'}://${publicUrl.host}` : undefined;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'", 'data:'],
        'media-src': ["'self'", 'blob:'],
        'connect-src': ["'self'", ...(wsOrigin ? [wsOrigin] : [])],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        // Only behind HTTPS: on plain http (localhost, a LAN address) it would break every asset.
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // Audio clips may be played by the allowed cross-origin clients.
    crossOriginResourcePolicy: { policy: deps.config.http.corsOrigins.length ? 'cross-origin' : 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 15_552_000, includeSubDomains: false } : false,
  });
}

/** The methods each REST path answers (HEAD wherever GET is: Express answers it). */
function allowedMethods(defs: readonly RouteDef[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const def of defs) {
    const methods = byPath.get(def.path) ?? [];
    methods.push(def.method.toUpperCase(), ...(def.method === 'get' ? ['HEAD'] : []));
    byPath.set(def.path, methods);
  }
  return byPath;
}

export function createHttpApp(deps: Ports, opts: { metrics?: Metrics } = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // API answers are dynamic: hashing every JSON body for an ETag (also on POST) buys nothing. Static
  // files and audio set their own validators.
  app.set('etag', false);
  if (deps.config.http.trustProxy) app.set('trust proxy', trustProxySetting(deps.config.http.trustProxy));

  const assignRequestId: RequestHandler = (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    (req as { id?: string }).id = id;
    res.setHeader('x-request-id', id);
    next();
  };
  app.use(assignRequestId);
  app.use(securityHeaders(deps));
  // Prometheus: public like /health (route patterns and counts only, no user data).
  if (opts.metrics) {
    app.use(opts.metrics.http);
    app.get('/metrics', opts.metrics.handler);
  }
  // pino-http makes a child logger per request even when nothing would be written; with logging
  // off (LOG_LEVEL=silent) it is left out.
  if (deps.log.level !== 'silent') {
    app.use(
      pinoHttp({
        logger: deps.log,
        genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
        customLogLevel: (_req, res, err) =>
          err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        autoLogging: { ignore: (req) => req.url === '/health' },
      }),
    );
  }
  // MCP for AI agents (Streamable HTTP): its Host/Origin checks run before any body is read.
  app.use(mcpRouter(deps));
  // The same DNS-rebinding and cross-site checks for everything else (REST, the docs, the built
  // client). /health answers any Host and Origin: orchestrators probe by IP, and it shows no user data.
  const guard = hostOriginGuard(accessSettingsFromConfig(deps.config, 'rest'), 'rest', 'this server');
  app.use((req, res, next) => (req.path === '/health' ? next() : guard(req, res, next)));
  app.use('/api', corsFor(deps.config.http.corsOrigins));
  // Stripe signs the exact bytes it sends: the webhook gets them raw, before the JSON parser (which
  // then leaves the request alone). Events can be larger than an API request.
  app.use(WEBHOOK_PATH, express.raw({ type: () => true, limit: '1mb' }));
  app.use(express.json({ limit: deps.config.http.bodyLimit, strict: true }));

  const openapi = buildOpenApiDocument(routes, {
    version: deps.config.version,
    serverUrl: deps.config.publicUrl,
    userRequired: deps.config.auth.mode === 'none',
  });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(docsRouter('/api/openapi.json'));

  const router = express.Router();
  for (const def of routes) mount(router, def, deps);
  // A known path asked with another method is 405 with Allow, not 404: the path is right, the verb is not.
  for (const [path, methods] of allowedMethods(routes)) {
    router.all(path, (req, res, next) => {
      res.setHeader('Allow', methods.join(', '));
      next(new AppError('method_not_allowed', `${path} answers ${methods.join(', ')}, not ${req.method}.`));
    });
  }
  app.use(router);

  const client = clientRouter();
  if (client) app.use(client);

  app.use((req, _res, next) => {
    next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
  });

  app.use(errorResponder({ log: deps.log, bodyLimit: deps.config.http.bodyLimit }));
  return app;
}
