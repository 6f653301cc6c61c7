// One error vocabulary for HTTP, socket and MCP: a stable machine-readable code, an HTTP status,
// a message a person can read, and optional per-field details.

import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from '../machines/domain/errors.ts';
import { isStoreOutage } from './outage.ts';

export { ERROR_STATUS, type ErrorCode, type ErrorDetail };

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: ErrorDetail[];
    requestId?: string;
    [extra: string]: unknown;
  };
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra, safe-to-show fields (e.g. `supported` for unsupported_adjustment). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }

  toBody(requestId?: string): ErrorBody {
    return {
      error: {
        ...this.extra,
        code: this.code,
        message: this.message,
        ...(this.details?.length ? { details: this.details } : {}),
        ...(requestId ? { requestId } : {}),
      },
    };
  }
}

export const invalidRequest = (message: string, details?: ErrorDetail[]) =>
  new AppError('invalid_request', message, details);
export const notFound = (message = 'Resource not found') => new AppError('not_found', message);
/** How long a client should wait before retrying after a 503 (the Retry-After header, retryAfterMs on a socket). */
export const SERVICE_RETRY_AFTER_MS = 5_000;
export const serviceUnavailable = (message: string, retryAfterMs = SERVICE_RETRY_AFTER_MS) =>
  new AppError('service_unavailable', message, undefined, { retryAfterMs });

/**
 * Anything that is not an AppError: a store's outage (server/outage.ts) is 503 service_unavailable,
 * whatever the edge; the rest becomes a 500 that reveals nothing about internals.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isStoreOutage(err))
    return serviceUnavailable('A data store is unreachable right now; please try again in a few seconds.');
  return new AppError('internal_error', 'Something went wrong on our side. Please try again.');
}
