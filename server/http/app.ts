import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { AppDeps } from '../app/deps.ts';
import { AppError, invalidRequest, toAppError } from '../errors.ts';
import { docsRouter } from './docs.ts';
import { clientRouter } from './static.ts';
import { mcpRouter } from '../mcp/http.ts';
import { buildOpenApiDocument } from './openapi.ts';
import type { RouteDef } from './route.ts';
import { routes } from './routes/index.ts';
import { parseInput } from './validate.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

function mount(router: express.Router, def: RouteDef, deps: AppDeps): void {
  router[def.method](def.path, async (req, res) => {
    if (def.body && req.body === undefined) {
      throw invalidRequest('The request body must be JSON (Content-Type: application/json).', [
        { field: '(body)', problem: 'missing or not JSON' },
      ]);
    }
    const body = def.body ? parseInput(def.body, req.body, 'request body') : undefined;
    const query = def.query ? parseInput(def.query, req.query, 'query parameters') : undefined;
    const params = def.params ? parseInput(def.params, req.params, 'path parameters') : undefined;
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const result = await def.handle({ deps, body, query, params, req, res, signal: controller.signal });
    if (!res.headersSent) res.status(result.status ?? def.success.status).json(result.body);
  });
}

/** Body-parser failures (bad JSON, too large, wrong charset) are the client's: 400 with our shape. */
function bodyParserError(err: { type?: string; status?: number }): AppError | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return invalidRequest('The request body is not valid JSON.', [{ field: '(body)', problem: 'not valid JSON' }]);
    case 'entity.too.large':
      return invalidRequest('The request body is too large (limit 64 KB).', [{ field: '(body)', problem: 'too large' }]);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return invalidRequest('The request body encoding is not supported; send UTF-8 JSON.');
    default:
      return err.type && err.status && err.status >= 400 && err.status < 500 ? invalidRequest('The request could not be read.') : null;
  }
}

export function createHttpApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.config.http.trustProxy) app.set('trust proxy', deps.config.http.trustProxy);

  const assignRequestId: RequestHandler = (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    (req as { id?: string }).id = id;
    res.setHeader('x-request-id', id);
    next();
  };
  app.use(assignRequestId);
  // pino-http makes a child logger per request even when nothing would be written; with logging
  // off (LOG_LEVEL=silent) it is left out.
  if (deps.log.level !== 'silent') {
    app.use(
      pinoHttp({
        logger: deps.log,
        genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        autoLogging: { ignore: (req) => req.url === '/health' },
      }),
    );
  }
  // MCP for AI agents (Streamable HTTP): its Host/Origin checks run before any body is read.
  app.use(mcpRouter(deps));
  app.use(express.json({ limit: deps.config.http.bodyLimit, strict: true }));

  const openapi = buildOpenApiDocument(routes, { version: deps.config.version, serverUrl: deps.config.publicUrl });
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(docsRouter('/api/openapi.json'));

  const router = express.Router();
  for (const def of routes) mount(router, def, deps);
  app.use(router);

  const client = clientRouter();
  if (client) app.use(client);

  app.use((req, _res, next) => {
    next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
  });

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const appErr = err instanceof AppError ? err : (bodyParserError(err) ?? toAppError(err));
    const requestId = (req as { id?: string }).id;
    if (appErr.status >= 500) req.log?.error({ err }, 'request failed');
    if (res.headersSent) return res.end();
    res.status(appErr.status).json(appErr.toBody(requestId));
  };
  app.use(onError);
  return app;
}
