import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths censored in every log line: credentials in HTTP requests (Authorization, cookies, API key
 * headers), Socket.IO handshakes (`auth.token`, their headers) and anything logged under a
 * credential-like name.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  '*.headers.authorization',
  'handshake.auth.token',
  'handshake.headers.authorization',
  '*.handshake.auth.token',
  '*.handshake.headers.authorization',
  'auth.token',
  '*.auth.token',
  'token',
  '*.token',
  '*.accessToken',
  '*.idToken',
  '*.jwt',
  'apiKey',
  '*.apiKey',
  '*.api_key',
  '*.key_hash',
  '*.keyHash',
  '*.secret',
  '*.password',
  'config.db.url',
  'config.ai.primary.apiKey',
  'config.ai.burst.apiKey',
];

/** Structured JSON logs. Secrets never reach a log line: credentials are redacted by path. */
export function createLogger(opts: { level: string; name?: string }): Logger {
  return pino({
    name: opts.name ?? 'calmly',
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  });
}
