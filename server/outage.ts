// Is a failure a store's outage (Postgres or Redis unreachable, restarting, shutting down, overloaded)
// rather than a bug or bad data? Every edge answers an outage with 503 service_unavailable and a
// Retry-After (server/errors.ts), and the recorder retries it instead of dead-lettering the entry.
// node-redis (5) does not name its error classes, so they are known by class name or message; pg
// errors by SQLSTATE; knex's pool by KnexTimeoutError; sockets by their errno code.

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
// Postgres SQLSTATE classes: 08 connection exception, 53 insufficient resources, 57P admin/crash
// shutdown and cannot_connect_now, 58 system error; 40001/40P01 serialization failure/deadlock (transient).
const PG_TRANSIENT = /^(08|53|57P|58)[0-9A-Z]{3}$|^(40001|40P01)$/;
const CLIENT_ERRORS = new Set([
  'KnexTimeoutError',
  'ClientClosedError',
  'ClientOfflineError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'ReconnectStrategyError',
  'SocketTimeoutError',
  'DisconnectsClientError',
]);
const MESSAGES =
  /Connection terminated|connect ECONNREFUSED|Timeout acquiring a connection|The client is (closed|offline)|Socket closed unexpectedly|Connection timeout|Disconnects client|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to|Connection ended unexpectedly|read ECONNRESET/i;
// Redis error replies that mean "not now" (the reply's first word, upper case).
const REDIS_REPLIES = /^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN|READONLY)\b/;

export function isStoreOutage(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof e.code === 'string' && (NET_CODES.has(e.code) || PG_TRANSIENT.test(e.code))) return true;
  if (typeof e.name === 'string' && CLIENT_ERRORS.has(e.name)) return true;
  if (CLIENT_ERRORS.has((err as object).constructor?.name)) return true;
  if (typeof e.message === 'string' && (MESSAGES.test(e.message) || REDIS_REPLIES.test(e.message))) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isStoreOutage(x, depth + 1))) return true; // AggregateError (dual-stack connect)
  return e.cause !== undefined && e.cause !== err && isStoreOutage(e.cause, depth + 1);
}
