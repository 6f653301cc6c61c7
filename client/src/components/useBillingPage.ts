import { useState } from 'react';
import { safeRedirect } from '../billing.ts';

/**
 * Opens a page of Stripe's (Checkout, the customer portal) that the server makes for this person:
 * busy until the browser leaves, so a second press does not open a second one; a failure is kept
 * to be said next to the button.
 */
export function useBillingPage(open: () => Promise<{ url: string }>, failed: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const to = safeRedirect((await open()).url, window.location.href);
      if (!to) throw new Error(failed);
      window.location.assign(to);
    } catch (err) {
      setError((err as Error).message || failed);
      setBusy(false);
    }
  };
  return { busy, error, go };
}
