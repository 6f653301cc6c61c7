// A store's outage is told apart from a bug by the shapes pg, knex and node-redis give their errors;
// every edge answers it with 503 service_unavailable (issue 18, item 7).
import { KnexTimeoutError } from 'knex';
import {
  ClientClosedError,
  ClientOfflineError,
  ConnectionTimeoutError,
  ErrorReply,
  SocketClosedUnexpectedlyError,
} from 'redis';
import { describe, expect, it } from 'vitest';
import { toProtocolError } from '../../machines/session.ts';
import { toAppError } from '../../server/errors.ts';
import { isStoreOutage } from '../../server/outage.ts';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });
const sysError = (code: string, message: string) => Object.assign(new Error(message), { code, errno: -111 });

describe('a store outage', () => {
  const outages: [string, unknown][] = [
    ['pg ECONNREFUSED', sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['pg ECONNRESET', sysError('ECONNRESET', 'read ECONNRESET')],
    ['dual-stack connect', new AggregateError([sysError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')])],
    ['57P01 admin_shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    ['57P03 cannot_connect_now', pgError('57P03', 'the database system is starting up')],
    ['08006 connection_failure', pgError('08006', 'connection failure')],
    ['53300 too_many_connections', pgError('53300', 'sorry, too many clients already')],
    ['pg Connection terminated', new Error('Connection terminated unexpectedly')],
    ['knex pool timeout', new KnexTimeoutError('Knex: Timeout acquiring a connection. The pool is probably full.')],
    ['redis ClientClosedError', new ClientClosedError()],
    ['redis ClientOfflineError', new ClientOfflineError()],
    ['redis SocketClosedUnexpectedlyError', new SocketClosedUnexpectedlyError()],
    ['redis ConnectionTimeoutError', new ConnectionTimeoutError()],
    ['redis LOADING', new ErrorReply('LOADING Redis is loading the dataset in memory')],
    [
      'redis MASTERDOWN',
      new ErrorReply("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."),
    ],
    ['wrapped in a cause', new Error('could not read history', { cause: new ClientOfflineError() })],
  ];
  for (const [name, err] of outages) {
    it(`${name}: service_unavailable (503, retry after a few seconds)`, () => {
      expect(isStoreOutage(err)).toBe(true);
      const app = toAppError(err);
      expect(app.code).toBe('service_unavailable');
      expect(app.status).toBe(503);
      expect(app.extra?.retryAfterMs).toBeGreaterThan(0);
      expect(app.message).not.toMatch(/ECONN|57P|LOADING|127\.0\.0\.1/);
    });
  }

  const bugs: [string, unknown][] = [
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['unique violation 23505', pgError('23505', 'duplicate key value violates unique constraint')],
    ['syntax error 42601', pgError('42601', 'syntax error at or near "SELEC"')],
    ['WRONGTYPE', new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value')],
    ['a message that merely mentions loading', new Error('Error loading the lexicon')],
  ];
  for (const [name, err] of bugs) {
    it(`${name}: internal_error, not an outage`, () => {
      expect(isStoreOutage(err)).toBe(false);
      expect(toAppError(err).code).toBe('internal_error');
    });
  }
});

describe('a socket error', () => {
  it("never passes a driver's own code (ECONNREFUSED, a SQLSTATE) or message through", () => {
    expect(toProtocolError(pgError('42601', 'syntax error at or near "SELECT * FROM users"'))).toEqual({
      code: 'internal_error',
      message: 'Something went wrong on our side. Please try again.',
    });
    expect(toProtocolError(toAppError(sysError('ECONNREFUSED', 'connect ECONNREFUSED')))).toMatchObject({
      code: 'service_unavailable',
      retryAfterMs: 5000,
    });
  });
});
