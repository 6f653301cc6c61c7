// The error vocabulary every edge and the client share: a stable machine-readable code and its
// HTTP status. How an error is built and shown lives in server/errors.ts.

export const ERROR_STATUS = {
  invalid_request: 400,
  unsupported_adjustment: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  /** A REST path that exists, asked with a method it does not answer (the Allow header lists those it does). */
  method_not_allowed: 405,
  /** A live-session event that is not allowed in the session's current state. */
  invalid_state: 409,
  rate_limited: 429,
  internal_error: 500,
  ai_unavailable: 503,
  voice_unavailable: 503,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  field: string;
  problem: string;
}
