import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. Secrets never reach a log line: credentials are redacted by path. */
export function createLogger(opts: { level: string; name?: string }): Logger {
  return pino({
    name: opts.name ?? 'calmly',
    level: opts.level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        '*.apiKey',
        '*.password',
        '*.token',
        'config.db.url',
      ],
      censor: '[redacted]',
    },
  });
}
