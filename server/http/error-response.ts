// How an error leaves over HTTP, for REST and /mcp alike: one shape with a stable code, the headers
// some codes carry, unreadable requests (body or path) as the client's 400, and 5xx logged (never shown).
import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import { WWW_AUTHENTICATE } from '../auth/authenticate.ts';
import { AppError, invalidRequest, SERVICE_RETRY_AFTER_MS, toAppError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';

/**
 * Headers our errors carry over HTTP (REST and /mcp): WWW-Authenticate with 401, Retry-After (whole
 * seconds) with 429 and with every 503 service_unavailable or billing_unavailable (a store, a dependency or
 * Stripe that will be back).
 */
export function errorHeaders(res: ServerResponse, err: AppError): void {
  if (err.code === 'unauthorized') res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
  const given = err.extra?.retryAfterMs;
  const retryAfterMs =
    typeof given === 'number' ? given : err.code === 'service_unavailable' ? SERVICE_RETRY_AFTER_MS : undefined;
  const retryable =
    err.code === 'rate_limited' || err.code === 'service_unavailable' || err.code === 'billing_unavailable';
  if (retryable && retryAfterMs !== undefined)
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
}

/** zlib's failures carry Z_* codes (Z_DATA_ERROR, Z_BUF_ERROR) or a Brotli decoder error code. */
const isDecompressionError = (err: { code?: unknown }) =>
  typeof err.code === 'string' && /^(Z_|ERR__ERROR_)/.test(err.code);

/**
 * Failures to read the request itself are the client's: 400 with our shape. Body-parser's (bad JSON,
 * too large, wrong charset or content encoding, a compressed body that does not decompress) and the
 * router's (a path parameter whose percent-encoding does not decode). Anything else carrying a 4xx
 * status from the middleware stack is the client's too; 415 and 413 stay 400, as the seed answers.
 */
function requestReadError(
  err: { type?: string; status?: number; code?: unknown; name?: string },
  bodyLimit: string,
): AppError | null {
  if (err instanceof URIError || err.name === 'URIError')
    return invalidRequest('The path is not valid percent-encoding (each % must start a UTF-8 escape like %2F).', [
      { field: '(path)', problem: 'not valid percent-encoding' },
    ]);
  if (isDecompressionError(err))
    return invalidRequest('The request body could not be decompressed: it is not what its Content-Encoding says.', [
      { field: '(body)', problem: 'does not match its Content-Encoding' },
    ]);
  switch (err.type) {
    case 'entity.parse.failed':
      return invalidRequest('The request body is not valid JSON.', [{ field: '(body)', problem: 'not valid JSON' }]);
    case 'entity.too.large':
      return invalidRequest(`The request body is too large (limit ${bodyLimit}).`, [
        { field: '(body)', problem: 'too large' },
      ]);
    case 'encoding.unsupported':
      return invalidRequest("The request body's Content-Encoding is not supported; send gzip, deflate, br or none.", [
        { field: '(body)', problem: 'unsupported Content-Encoding' },
      ]);
    case 'charset.unsupported':
      return invalidRequest('The request body encoding is not supported; send UTF-8 JSON.');
    default:
      return err.status && err.status >= 400 && err.status < 500
        ? invalidRequest('The request could not be read.')
        : null;
  }
}

/** The Express error handler: anything thrown becomes our error shape with the request id. */
export function errorResponder(opts: { log: Logger; bodyLimit: string }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appErr = err instanceof AppError ? err : (requestReadError(err, opts.bodyLimit) ?? toAppError(err));
    const requestId = (req as { id?: string }).id;
    if (appErr.status >= 500) (req.log ?? opts.log).error({ err, requestId }, 'request failed');
    if (res.headersSent) return res.end();
    errorHeaders(res, appErr);
    res.status(appErr.status).json(appErr.toBody(requestId));
  };
}
