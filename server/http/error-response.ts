// How an error leaves over HTTP, for REST and /mcp alike: one shape with a stable code, the headers
// some codes carry, body-parser failures as the client's 400, and 5xx logged (never shown).
import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import { WWW_AUTHENTICATE } from '../auth/authenticate.ts';
import { AppError, invalidRequest, toAppError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';

/** Headers our errors carry over HTTP (REST and /mcp): WWW-Authenticate with 401, Retry-After (whole seconds) with 429. */
export function errorHeaders(res: ServerResponse, err: AppError): void {
  if (err.code === 'unauthorized') res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
  const retryAfterMs = err.extra?.retryAfterMs;
  if (err.code === 'rate_limited' && typeof retryAfterMs === 'number')
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
}

/** Body-parser failures (bad JSON, too large, wrong charset) are the client's: 400 with our shape. */
function bodyParserError(err: { type?: string; status?: number }, bodyLimit: string): AppError | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return invalidRequest('The request body is not valid JSON.', [{ field: '(body)', problem: 'not valid JSON' }]);
    case 'entity.too.large':
      return invalidRequest(`The request body is too large (limit ${bodyLimit}).`, [
        { field: '(body)', problem: 'too large' },
      ]);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return invalidRequest('The request body encoding is not supported; send UTF-8 JSON.');
    default:
      return err.type && err.status && err.status >= 400 && err.status < 500
        ? invalidRequest('The request could not be read.')
        : null;
  }
}

/** The Express error handler: anything thrown becomes our error shape with the request id. */
export function errorResponder(opts: { log: Logger; bodyLimit: string }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appErr = err instanceof AppError ? err : (bodyParserError(err, opts.bodyLimit) ?? toAppError(err));
    const requestId = (req as { id?: string }).id;
    if (appErr.status >= 500) (req.log ?? opts.log).error({ err, requestId }, 'request failed');
    if (res.headersSent) return res.end();
    errorHeaders(res, appErr);
    res.status(appErr.status).json(appErr.toBody(requestId));
  };
}
