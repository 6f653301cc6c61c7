import type { ServerResponse } from 'node:http';
import { WWW_AUTHENTICATE } from '../auth/authenticate.ts';
import type { AppError } from '../errors.ts';

/** Headers our errors carry over HTTP (REST and /mcp): WWW-Authenticate with 401, Retry-After (whole seconds) with 429. */
export function errorHeaders(res: ServerResponse, err: AppError): void {
  if (err.code === 'unauthorized') res.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
  const retryAfterMs = err.extra?.retryAfterMs;
  if (err.code === 'rate_limited' && typeof retryAfterMs === 'number') res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
}
