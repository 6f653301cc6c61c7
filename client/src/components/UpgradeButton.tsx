import { useId } from 'react';
import { startCheckout } from '../api/rest.ts';
import { useBillingPage } from './useBillingPage.ts';

/** Sends the person to Stripe Checkout for the paid plan; a failure is said next to the button. */
export function UpgradeButton({ userId, label = 'Upgrade' }: { userId: string | null; label?: string }) {
  const id = useId();
  const { busy, error, go } = useBillingPage(
    () => startCheckout(userId ?? ''),
    'Checkout could not be opened. Please try again.',
  );
  return (
    <span className="upgrade">
      <button
        type="button"
        className="btn btn--primary"
        onClick={go}
        disabled={!userId || busy}
        aria-describedby={error ? `${id}-error` : undefined}
        data-testid="upgrade"
      >
        {busy ? 'Opening checkout…' : label}
      </button>
      {error ? (
        <span id={`${id}-error`} className="field__error" role="alert" data-testid="upgrade-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
