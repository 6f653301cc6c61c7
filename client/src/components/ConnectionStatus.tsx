import type { ConnectionStatus as Status } from '../session/reducer.ts';

const LABELS: Record<Status, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

export function ConnectionStatus({
  status,
  reason,
  onReconnect,
}: {
  status: Status;
  reason: string | null;
  onReconnect: () => void;
}) {
  return (
    <div className="connection" data-testid="connection" data-status={status}>
      <span role="status" aria-live="polite" className={`pill pill--${status}`}>
        <span className="pill__dot" aria-hidden="true" />
        <span>{LABELS[status]}</span>
        {status === 'offline' && reason ? <span className="sr-only"> — {reason}</span> : null}
      </span>
      {status === 'offline' ? (
        <button type="button" className="btn btn--small" onClick={onReconnect} data-testid="reconnect">
          Reconnect
        </button>
      ) : null}
    </div>
  );
}
