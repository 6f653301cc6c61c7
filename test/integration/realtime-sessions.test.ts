// What a live session leaves behind: one connection per session however many race to take it over,
// and a stored snapshot only for a session that holds something (the situation), kept SESSION_TTL
// while it can be resumed and briefly once it has ended.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { sessionClients } from '../support/socket.ts';
import { waitFor } from '../support/wait.ts';

const SITUATION = 'My flatmate keeps eating the food I buy and says it is no big deal.';
const TTL = 3_600;
let app: TestApp;
let seq = 0;
const newUser = () => `user_rs${process.pid}_${++seq}`;
const { connect, keep, closeAll } = sessionClients(() => app.baseUrl);

beforeAll(async () => {
  app = await startTestApp({ SOCKET_EVENTS_PER_SECOND: '50', SESSION_TTL_SECONDS: String(TTL) });
});
afterAll(async () => {
  closeAll();
  await app?.close();
});

const sessionKey = (sessionId: string) => `${app.config.redis.prefix}:realtime:session:${sessionId}`;
const storedSessions = async () => {
  const keys: string[] = [];
  for await (const batch of app.calmly.deps.redis.scanIterator({
    MATCH: `${app.config.redis.prefix}:realtime:session:*`,
    COUNT: 1000,
  }))
    keys.push(...batch);
  return keys;
};

describe('taking over a session', () => {
  it('fifty connections racing for one session leave exactly one open, and it can act', async () => {
    const userId = newUser();
    const first = await connect({ userId });
    await first.send('situation:submit', { situation: SITUATION });
    await first.until('ready');
    const sessionId = first.ready.sessionId;

    const racers: Socket[] = Array.from({ length: 50 }, () =>
      io(app.baseUrl, { auth: { userId, sessionId }, transports: ['websocket'], reconnection: false, forceNew: true }),
    );
    for (const s of racers) keep({ close: () => s.disconnect() });
    const settled = racers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.once('session:ready', () => resolve());
          s.once('disconnect', () => resolve());
          s.once('connect_error', () => resolve());
        }),
    );
    await Promise.all(settled);

    const roomSize = async () => (await app.calmly.realtime.io.in(`session:${sessionId}`).fetchSockets()).length;
    await waitFor(async () => racers.filter((s) => s.connected).length === 1 && (await roomSize()) === 1, {
      timeoutMs: 15_000,
      what: `one connection left (client side ${racers.filter((s) => s.connected).length}, room ${await roomSize()})`,
    });
    expect(first.socket.connected).toBe(false);

    const winner = racers.find((s) => s.connected);
    if (!winner) throw new Error('no connection left');
    const ack = await new Promise<{ ok: boolean }>((resolve) =>
      winner.emit('suggestion:select', { index: 0 }, (a: { ok: boolean }) => resolve(a)),
    );
    expect(ack.ok).toBe(true);
  }, 60_000);
});

describe('stored session snapshots', () => {
  it('a connection that never describes anything stores nothing', async () => {
    const before = await storedSessions();
    const idle = await Promise.all(Array.from({ length: 20 }, () => connect({})));
    // Something the server does after each connection, so a write it would make has landed.
    await Promise.all(idle.map((c) => c.send('voice:stop')));
    for (const c of idle) c.close();
    await app.calmly.deps.sessions.flush();
    const after = await storedSessions();
    expect(after.filter((k) => !before.includes(k))).toEqual([]);
  });

  it('a session with a situation is kept SESSION_TTL_SECONDS, and briefly once ended', async () => {
    const c = await connect({ userId: newUser() });
    await c.send('situation:submit', { situation: SITUATION });
    await c.until('ready');
    const key = sessionKey(c.ready.sessionId);
    await waitFor(async () => (await app.calmly.deps.redis.ttl(key)) > TTL - 60, { what: 'the full TTL' });

    await c.send('session:end');
    await c.next('session:ended');
    const ended = await app.calmly.deps.redis.ttl(key);
    expect(ended).toBeGreaterThan(0);
    expect(ended).toBeLessThanOrEqual(600);
  });
});
