// The client's billing logic: the plan in words, which refusals get an Upgrade button and how they
// are worded, the return from Checkout, and where the browser may be sent.
import { describe, expect, it } from 'vitest';
import {
  billingReturn,
  isPlanLimit,
  planLimitMessage,
  planSummary,
  safeRedirect,
  withoutBillingParam,
} from '../../client/src/billing.ts';
import { errorMessage } from '../../client/src/session/errors.ts';

const END = '2027-03-03T12:00:00.000Z';
const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

describe('planSummary', () => {
  it('free, paid renewing, paid cancelling, paid past due, and a paid plan that ended', () => {
    const free = { plan: 'free', status: null, currentPeriodEnd: null, cancelAtPeriodEnd: false } as const;
    expect(planSummary(free, 'en-GB')).toEqual({ name: 'Free', detail: null, canUpgrade: true });
    const paid = { plan: 'paid', status: 'active', currentPeriodEnd: END, cancelAtPeriodEnd: false } as const;
    expect(planSummary(paid, 'en-GB')).toEqual({ name: 'Paid', detail: `Renews on ${day(END)}.`, canUpgrade: false });
    expect(planSummary({ ...paid, cancelAtPeriodEnd: true }, 'en-GB').detail).toBe(`Cancels on ${day(END)}.`);
    expect(planSummary({ ...paid, status: 'past_due' }, 'en-GB').detail).toMatch(/update your card/);
    // Seconds since 1970 (Stripe's own unit) read the same.
    const seconds = Date.parse(END) / 1000;
    expect(planSummary({ ...paid, currentPeriodEnd: seconds }, 'en-GB').detail).toBe(`Renews on ${day(END)}.`);
    expect(planSummary({ ...free, status: 'canceled', currentPeriodEnd: END }, 'en-GB')).toEqual({
      name: 'Free',
      detail: `Your paid plan ended on ${day(END)}.`,
      canUpgrade: true,
    });
    expect(planSummary({ ...paid, currentPeriodEnd: 'not a date' }, 'en-GB').detail).toBeNull();
  });
});

describe('plan limits', () => {
  const perMinute = {
    code: 'rate_limited' as const,
    message:
      'The free plan allows 10 model-backed requests (analyze, generate, refine, voice) a minute; the paid plan allows 60 a minute. Try again in 42 s.',
    retryAfterMs: 41_200,
  };
  const daily = {
    code: 'rate_limited' as const,
    message:
      'Your daily token budget for the hosted model is used up (the free plan allows 20,000 tokens a day; the paid plan has no limit); it resets at midnight UTC.',
    retryAfterMs: 3_600_000,
  };

  it('only a rate_limited that names the paid plan is a plan limit', () => {
    expect(isPlanLimit(perMinute)).toBe(true);
    expect(isPlanLimit(daily)).toBe(true);
    expect(isPlanLimit({ code: 'rate_limited', message: 'Too many requests: at most 600 a minute.' })).toBe(false);
    expect(isPlanLimit({ code: 'voice_unavailable', message: 'the paid plan includes the hosted voice' })).toBe(false);
    expect(isPlanLimit({ code: 'rate_limited' })).toBe(false);
  });

  it('says the limit without the API’s words, and what upgrading changes', () => {
    expect(planLimitMessage(perMinute)).toBe(
      'The free plan allows 10 requests a minute. Please wait 42 seconds, or upgrade: the paid plan allows 60 a minute.',
    );
    expect(planLimitMessage(daily)).toMatch(
      /today's free allowance .* midnight UTC\. The paid plan has no daily limit\. Upgrade/,
    );
    expect(planLimitMessage({ message: 'The free plan allows 2 x a minute; the paid plan allows more.' })).toMatch(
      /or upgrade for more\.$/,
    );
    // errorMessage uses it for plan limits; other rate limits keep their wording.
    expect(errorMessage(perMinute)).toBe(planLimitMessage(perMinute));
    expect(errorMessage({ code: 'rate_limited', message: 'x', retryAfterMs: 800 })).toMatch(/wait 1 second and/);
  });
});

describe('the return from Checkout', () => {
  it('reads ?billing= and removes it (and Stripe’s session id) from the address', () => {
    expect(billingReturn('?billing=success')).toBe('success');
    expect(billingReturn('?x=1&billing=cancel')).toBe('cancel');
    expect(billingReturn('?billing=other')).toBeNull();
    expect(billingReturn('')).toBeNull();
    expect(withoutBillingParam('http://localhost:3000/?billing=success&session_id=cs_1#preferences')).toBe(
      '/#preferences',
    );
    expect(withoutBillingParam('http://localhost:3000/?a=1&billing=success')).toBe('/?a=1');
  });

  it('goes only to http(s) pages', () => {
    const base = 'http://localhost:3000/';
    expect(safeRedirect('https://checkout.stripe.com/c/pay/cs_1', base)).toBe('https://checkout.stripe.com/c/pay/cs_1');
    expect(safeRedirect('/billing/done', base)).toBe('http://localhost:3000/billing/done');
    expect(safeRedirect('javascript:alert(1)', base)).toBeNull();
    expect(safeRedirect(undefined, base)).toBeNull();
    expect(safeRedirect('', base)).toBeNull();
  });
});
