// Is a failure the infrastructure's fault (retry until it comes back, never dead-letter the entry)
// or the entry's (count it; dead-letter after N attempts)?

const NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);
// Postgres SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P admin/crash shutdown,
// 40001/40P01 serialization failure/deadlock (transient).
const PG_TRANSIENT = /^(08|53|57P|58)|^(40001|40P01)$/;
const REDIS_ERRORS = new Set([
  'ClientClosedError',
  'ClientOfflineError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'ReconnectStrategyError',
  'SocketTimeoutError',
]);
const MESSAGES =
  /Connection terminated|connect ECONNREFUSED|Timeout acquiring a connection|The client is (closed|offline)|Socket closed unexpectedly|the database system is (starting up|shutting down|in recovery mode)|terminating connection|Connection ended unexpectedly|read ECONNRESET|LOADING|BUSY Redis|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY/i;

export function isInfraError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof e.code === 'string' && (NET_CODES.has(e.code) || PG_TRANSIENT.test(e.code))) return true;
  if (typeof e.name === 'string' && (e.name === 'KnexTimeoutError' || REDIS_ERRORS.has(e.name))) return true;
  if (typeof e.message === 'string' && MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some(isInfraError)) return true; // AggregateError (dual-stack connect)
  return e.cause !== undefined && e.cause !== err && isInfraError(e.cause);
}

export const errorText = (err: unknown): string => {
  const e = err as { code?: string; message?: string };
  return `${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(err)}`.slice(0, 1000);
};
