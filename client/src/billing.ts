// What the client knows about billing, as plain functions: the plan in words, whether an error is a
// plan's limit (worth an Upgrade button), and the return from Stripe Checkout. Nothing here is
// shown when the server has billing off (GET /api/billing/subscription answers 404).
import type { ProtocolError } from './protocol.ts';

/** GET /api/billing/subscription's answer (the billing module's contract). */
export interface Subscription {
  plan: 'free' | 'paid';
  /** Stripe's status (active, trialing, past_due, canceled…); null without a subscription. */
  status: string | null;
  /** When the paid period ends or renews: an ISO date, or seconds since 1970; null on free. */
  currentPeriodEnd: string | number | null;
  cancelAtPeriodEnd: boolean;
}

const dateOf = (end: Subscription['currentPeriodEnd']): Date | null => {
  if (end === null || end === undefined) return null;
  const d = typeof end === 'number' ? new Date(end * 1000) : new Date(end);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** "3 March 2027", in the reader's locale when it has one. */
export function formatDay(d: Date, locale?: string): string {
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' });
}

export interface PlanSummary {
  name: 'Free' | 'Paid';
  /** "Renews on 3 March 2027", "Cancels on 3 March 2027", "Payment due: please update your card"; null on free. */
  detail: string | null;
  /** The Upgrade button belongs here (on free, or after a paid plan ended). */
  canUpgrade: boolean;
}

export function planSummary(sub: Subscription, locale?: string): PlanSummary {
  const end = dateOf(sub.currentPeriodEnd);
  const on = end ? ` on ${formatDay(end, locale)}` : '';
  if (sub.plan !== 'paid') {
    // A paid plan that has ended leaves the person on free: say so once.
    const ended = sub.status === 'canceled' && end ? `Your paid plan ended${on}.` : null;
    return { name: 'Free', detail: ended, canUpgrade: true };
  }
  if (sub.status === 'past_due' || sub.status === 'unpaid')
    return { name: 'Paid', detail: 'The last payment did not go through: please update your card.', canUpgrade: false };
  if (sub.cancelAtPeriodEnd) return { name: 'Paid', detail: `Cancels${on}.`, canUpgrade: false };
  if (sub.status === 'canceled') return { name: 'Paid', detail: `Ends${on}.`, canUpgrade: false };
  return { name: 'Paid', detail: end ? `Renews${on}.` : null, canUpgrade: false };
}

/** A budget refusal that the paid plan would lift (the server says what the paid plan adds, only with billing on). */
export function isPlanLimit(error: Pick<ProtocolError, 'code'> & { message?: unknown }): boolean {
  return error.code === 'rate_limited' && typeof error.message === 'string' && /\bpaid plan\b/i.test(error.message);
}

const seconds = (ms: unknown) =>
  Math.max(1, Math.ceil((typeof ms === 'number' && Number.isFinite(ms) ? ms : 1000) / 1000));

/**
 * A plan's limit in words: the server's message names the free plan's allowance and what the paid
 * plan adds; the client says it without the API's vocabulary (model-backed requests, tokens).
 */
export function planLimitMessage(error: { message?: unknown; retryAfterMs?: unknown }): string {
  const text = typeof error.message === 'string' ? error.message : '';
  const paidNone = /paid plan has no limit/i.test(text);
  const paid = /paid plan allows ([\d,]+)/i.exec(text)?.[1];
  if (/daily token budget/i.test(text)) {
    const more = paidNone ? 'The paid plan has no daily limit.' : paid ? 'The paid plan allows much more.' : '';
    return `You've used today's free allowance of the hosted coach; it starts again at midnight UTC. ${more} Upgrade to keep going now.`
      .replace(/\s+/g, ' ')
      .trim();
  }
  const free = /free plan allows ([\d,]+)/i.exec(text)?.[1];
  const s = seconds(error.retryAfterMs);
  const wait = `Please wait ${s} second${s === 1 ? '' : 's'}`;
  const limit = free
    ? `The free plan allows ${free} requests a minute`
    : "You've reached the free plan's limit for now";
  const more = paid ? `, or upgrade: the paid plan allows ${paid} a minute.` : ', or upgrade for more.';
  return `${limit}. ${wait}${more}`;
}

/** Where Stripe Checkout sent the person back to (`/?billing=success` or `cancel`); null otherwise. */
export function billingReturn(search: string): 'success' | 'cancel' | null {
  const v = new URLSearchParams(search).get('billing');
  return v === 'success' || v === 'cancel' ? v : null;
}

/** The same address without `billing=` (so a reload does not say thank you again). */
export function withoutBillingParam(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('billing');
  url.searchParams.delete('session_id');
  return url.pathname + (url.search ? url.search : '') + url.hash;
}

/** The page Checkout or the portal gave, if it is one a browser should go to (http or https only). */
export function safeRedirect(url: unknown, base: string): string | null {
  if (typeof url !== 'string' || !url) return null;
  try {
    const u = new URL(url, base);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}
