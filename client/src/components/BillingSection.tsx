import { useEffect, useId, useState } from 'react';
import { getSubscription, openBillingPortal } from '../api/rest.ts';
import { billingReturn, planSummary, withoutBillingParam, type Subscription } from '../billing.ts';
import { UpgradeButton } from './UpgradeButton.tsx';
import { useBillingPage } from './useBillingPage.ts';

type Load =
  | { status: 'loading' }
  | { status: 'off' }
  | { status: 'error'; message: string }
  | { status: 'ready'; sub: Subscription };

// After Checkout, Stripe's webhook may reach the server a moment after the person is back: the
// plan is asked again a few times before "paid" can be expected.
const AFTER_CHECKOUT_TRIES = 6;
const AFTER_CHECKOUT_EVERY_MS = 2_000;

/** The plan, Upgrade and Manage billing; renders nothing when the server has billing off. */
export function BillingSection({ userId }: { userId: string | null }) {
  const id = useId();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [returned] = useState(() => billingReturn(window.location.search));
  const portal = useBillingPage(
    () => openBillingPortal(userId ?? ''),
    'Billing could not be opened. Please try again.',
  );

  // Said once: a reload or a shared link must not thank anyone again.
  useEffect(() => {
    if (returned) window.history.replaceState(window.history.state, '', withoutBillingParam(window.location.href));
  }, [returned]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` (Try again, or the next check after Checkout) is the trigger
  useEffect(() => {
    if (!userId) return;
    const ac = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    getSubscription(userId, ac.signal)
      .then((sub) => {
        if (!sub) return setLoad({ status: 'off' });
        setLoad({ status: 'ready', sub });
        if (returned === 'success' && sub.plan !== 'paid' && attempt < AFTER_CHECKOUT_TRIES)
          timer = setTimeout(() => setAttempt((n) => n + 1), AFTER_CHECKOUT_EVERY_MS);
      })
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setLoad({ status: 'error', message: err.message });
      });
    return () => {
      ac.abort();
      clearTimeout(timer);
    };
  }, [userId, attempt]);

  if (!userId || load.status === 'loading' || load.status === 'off') return null;

  const summary = load.status === 'ready' ? planSummary(load.sub) : null;
  const paidNow = load.status === 'ready' && load.sub.plan === 'paid';
  return (
    <section className="billing stack" aria-labelledby={`${id}-title`} data-testid="billing">
      <h3 id={`${id}-title`} className="section-title">
        Plan
      </h3>
      {returned === 'success' ? (
        <div className="banner banner--success" role="status" data-testid="billing-thanks">
          <p className="banner__text">
            {paidNow
              ? 'Thank you! Your paid plan is active.'
              : 'Thank you! Your payment went through; your plan will show as paid in a moment.'}
          </p>
        </div>
      ) : returned === 'cancel' ? (
        <p className="muted" role="status" data-testid="billing-cancelled">
          Checkout was cancelled; nothing was charged.
        </p>
      ) : null}
      {load.status === 'error' ? (
        <div className="banner banner--error" role="alert">
          <p className="banner__text">{load.message}</p>
          <button type="button" className="btn" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : summary ? (
        <>
          <p data-testid="billing-plan">
            Your plan: <strong>{summary.name}</strong>
            {summary.detail ? (
              <>
                {' '}
                <span className="muted" data-testid="billing-detail">
                  — {summary.detail}
                </span>
              </>
            ) : null}
          </p>
          <div className="form-actions">
            {summary.canUpgrade ? <UpgradeButton userId={userId} /> : null}
            {load.status === 'ready' && (load.sub.plan === 'paid' || load.sub.status) ? (
              <button
                type="button"
                className="btn"
                onClick={portal.go}
                disabled={portal.busy}
                aria-describedby={portal.error ? `${id}-portal-error` : undefined}
                data-testid="billing-manage"
              >
                {portal.busy ? 'Opening billing…' : 'Manage billing'}
              </button>
            ) : null}
          </div>
          {portal.error ? (
            <p id={`${id}-portal-error`} className="field__error" role="alert">
              {portal.error}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
