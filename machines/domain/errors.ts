// The error vocabulary every edge and the client share: a stable machine-readable code and its
// HTTP status. How an error is built and shown lives in server/errors.ts.

export const ERROR_STATUS = {
  invalid_request: 400,
  unsupported_adjustment: 400,
  unauthorized: 401,
  /** A webhook whose Stripe-Signature is missing or does not match its body. */
  invalid_signature: 400,
  forbidden: 403,
  not_found: 404,
  /** A billing route while billing is off (no STRIPE_SECRET_KEY). */
  billing_disabled: 404,
  /** A REST path that exists, asked with a method it does not answer (the Allow header lists those it does). */
  method_not_allowed: 405,
  /** A live-session event that is not allowed in the session's current state. */
  invalid_state: 409,
  /** A checkout for a user who already has the paid plan (the billing portal manages it). */
  already_subscribed: 409,
  rate_limited: 429,
  internal_error: 500,
  ai_unavailable: 503,
  voice_unavailable: 503,
  service_unavailable: 503,
  /** Stripe cannot be reached or refuses Calmly's requests. */
  billing_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  field: string;
  problem: string;
}
