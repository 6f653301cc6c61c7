import { useEffect, useRef, type ReactNode } from 'react';

/**
 * An error in plain words, dismissible. `seq` changes with every new error (so it is announced
 * again); `action` is what the person can do about it (Upgrade, for a plan's limit).
 */
export function ErrorBanner({
  message,
  seq,
  onDismiss,
  action,
}: {
  message: string;
  seq: number;
  onDismiss: () => void;
  action?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `seq` is the trigger: the same message again flashes again
  useEffect(() => {
    ref.current?.classList.remove('flash');
    void ref.current?.offsetWidth;
    ref.current?.classList.add('flash');
  }, [seq]);
  return (
    <div ref={ref} className="banner banner--error" role="alert" data-testid="error">
      <p className="banner__text">{message}</p>
      {action}
      <button type="button" className="btn btn--ghost btn--small" onClick={onDismiss} aria-label="Dismiss this message">
        Dismiss
      </button>
    </div>
  );
}

/** A panel's data could not be loaded: the reason and a way to try again. */
export function RetryBanner({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="banner banner--error" role="alert">
      <p className="banner__text">{message}</p>
      <button type="button" className="btn btn--small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
