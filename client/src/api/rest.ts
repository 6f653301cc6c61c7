// The REST calls the client makes (preferences, history, billing), on the app's own origin. Every error the
// API returns has one shape, `{error: {code, message, details: [{field, problem}]}}`; it becomes an
// ApiError whose message is already in plain words.
import type { Context, ErrorCode, ErrorDetail, LearnedPatterns, Preferences, PreferredTone } from '../protocol.ts';
import type { Subscription } from '../billing.ts';
import { errorMessage } from '../session/errors.ts';
import { storage } from '../session/storage.ts';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network_error',
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly status = 0,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(storage.apiKey() ? { authorization: `Bearer ${storage.apiKey()}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('network_error', "Calmly couldn't be reached. Check your connection and try again.");
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    /* not JSON (a proxy's error page): handled below */
  }
  if (res.ok && data !== null) return data as T;
  const e = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (e && typeof e.code === 'string') {
    const details = Array.isArray(e.details)
      ? e.details.filter(
          (d): d is ErrorDetail =>
            Boolean(d) &&
            typeof (d as ErrorDetail).field === 'string' &&
            typeof (d as ErrorDetail).problem === 'string',
        )
      : [];
    const code = e.code as ErrorCode;
    throw new ApiError(code, errorMessage({ ...(e as object), code, details }), details, res.status);
  }
  throw new ApiError(
    res.status >= 500 ? 'service_unavailable' : 'invalid_request',
    res.status >= 500
      ? 'Calmly is temporarily unavailable. Please try again shortly.'
      : 'The request was not accepted.',
    [],
    res.status,
  );
}

export function getPreferences(userId: string, signal?: AbortSignal): Promise<Preferences> {
  return request('GET', `/api/preferences?userId=${encodeURIComponent(userId)}`, undefined, signal);
}

export interface PreferencesUpdate {
  userId: string;
  preferredTone: PreferredTone;
  defaultAssertiveness: number;
  voiceEnabled: boolean;
  elevenLabsVoiceId: string | null;
}

export function putPreferences(update: PreferencesUpdate): Promise<{ updated: true; preferences: Preferences }> {
  return request('PUT', '/api/preferences', update);
}

/** One row of GET /api/history (server/http/routes/history.ts). */
export interface HistoryInteraction {
  id: string;
  userId: string;
  situationDescription: string;
  detectedContext: Context | null;
  selectedResponse: string;
  selectedTone: string | null;
  refinementCount: number;
  refinements: string[];
  sessionId: string | null;
  createdAt: string;
}

export interface HistoryPage {
  userId: string;
  interactions: HistoryInteraction[];
  pagination: { total: number; page: number; pageSize: number };
  patterns: LearnedPatterns;
  insights: string[];
}

export function getHistory(userId: string, page: number, pageSize: number, signal?: AbortSignal): Promise<HistoryPage> {
  const q = new URLSearchParams({ userId, page: String(page), pageSize: String(pageSize) });
  return request('GET', `/api/history?${q}`, undefined, signal);
}

/**
 * The user's plan, or null when the server has billing off: it answers 404 billing_disabled (and a
 * server without billing at all answers 404 too), and then the client shows nothing about billing.
 */
export async function getSubscription(userId: string, signal?: AbortSignal): Promise<Subscription | null> {
  try {
    return await request('GET', `/api/billing/subscription?userId=${encodeURIComponent(userId)}`, undefined, signal);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** Starts Stripe Checkout for the paid plan: the page to send the person to. */
export function startCheckout(userId: string): Promise<{ url: string }> {
  return request('POST', '/api/billing/checkout', { userId, plan: 'paid' });
}

/** Stripe's customer portal (card, invoices, cancelling): the page to send the person to. */
export function openBillingPortal(userId: string): Promise<{ url: string }> {
  return request('POST', '/api/billing/portal', { userId });
}
