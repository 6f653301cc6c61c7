import type { ConnectionStatus as Status } from '../session/reducer.ts';
import { TAKEN_OVER } from '../session/useSession.ts';

const LABELS: Record<Status, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/**
 * The connection at a glance. When the page explains itself in a banner (another tab took the
 * session, the device is offline), the banner holds the one button; the pill only names the state.
 */
export function ConnectionStatus({
  status,
  reason,
  onReconnect,
}: {
  status: Status;
  reason: string | null;
  onReconnect: () => void;
}) {
  const elsewhere = status === 'offline' && reason === TAKEN_OVER;
  const pill = elsewhere ? 'paused' : status;
  return (
    <div className="connection" data-testid="connection" data-status={elsewhere ? 'elsewhere' : status}>
      <span role="status" aria-live="polite" className={`pill pill--${pill}`}>
        <span className="pill__dot" aria-hidden="true" />
        <span>{elsewhere ? 'Open in another tab' : LABELS[status]}</span>
      </span>
      {status === 'offline' && !reason ? (
        <button type="button" className="btn btn--small" onClick={onReconnect} data-testid="reconnect">
          Reconnect
        </button>
      ) : null}
    </div>
  );
}
