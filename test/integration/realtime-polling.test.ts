// Live sessions over HTTP long-polling, the browser client's fallback where WebSockets are blocked:
// the real app on port 0 with real Redis and Postgres, the real socket.io-client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { connectSession, sessionClients, streamedText, type SessionClient } from '../support/socket.ts';
import { waitFor } from '../support/wait.ts';
import { proxyWithoutWebSockets } from '../support/proxy.ts';

const SITUATION = 'My coworker keeps taking credit for my ideas in team meetings.';
let userSeq = 0;
const newUser = () => `user_poll${process.pid}_${++userSeq}`;
const transportOf = (c: SessionClient) => c.socket.io.engine.transport.name;

describe('live session over HTTP long-polling', () => {
  let app: TestApp;
  const clients = sessionClients(() => app.baseUrl);
  beforeAll(async () => {
    app = await startTestApp({ SOCKET_EVENTS_PER_SECOND: '50' });
  });
  afterAll(async () => {
    clients.closeAll();
    await app?.close();
  });

  it('connects, streams three suggestions, selects one and gets interaction:saved, never leaving polling', async () => {
    const userId = newUser();
    const p = await connectSession(app.baseUrl, { userId }, { transports: ['polling'] });
    clients.keep(p);
    expect(transportOf(p)).toBe('polling');
    expect(p.ready).toMatchObject({ userId, protocolVersion: 2, view: { state: 'idle' } });

    expect(await p.send('situation:submit', { situation: SITUATION })).toEqual({ ok: true, state: 'generating' });
    const ready = await p.until('ready', 20_000);
    const done = p.received.filter((r) => r.event === 'suggestion:done').map((r) => r.payload);
    expect(done.map((d) => d.index).sort()).toEqual([0, 1, 2]);
    // Streamed tokens arrive over polling too, and spell each suggestion exactly.
    const spelled = streamedText(p.received, ready.generation);
    for (const d of done) expect(spelled[d.index]).toBe(d.suggestion.text);

    expect(await p.send('suggestion:select', { index: 2 })).toMatchObject({ ok: true, state: 'selecting' });
    const saved = await p.next('interaction:saved');
    expect((await p.until('selected')).selected).toEqual({ index: 2, interactionId: saved.interactionId });
    const row = await waitFor(() => app.calmly.deps.repos.interactions.get(saved.interactionId), {
      what: 'the interaction row',
    });
    expect(row).toMatchObject({ userId, selectedResponse: ready.suggestions[2]!.text, sessionId: p.ready.sessionId });
    expect(transportOf(p)).toBe('polling');
  });

  it("behind a proxy that refuses WebSocket upgrades, the browser client's transport options fall back to polling", async () => {
    const proxy = await proxyWithoutWebSockets(app.baseUrl);
    try {
      // The options of the io() call in client/src/session/useSession.ts.
      const c = await connectSession(
        proxy.url,
        { userId: newUser() },
        { transports: ['websocket', 'polling'], tryAllTransports: true },
      );
      clients.keep(c);
      expect(proxy.upgradesRefused()).toBeGreaterThan(0);
      expect(transportOf(c)).toBe('polling');
      expect(await c.send('situation:submit', { situation: SITUATION })).toMatchObject({ ok: true });
      const ready = await c.until('ready', 20_000);
      expect(ready.suggestions.filter(Boolean)).toHaveLength(3);
      // It tried to upgrade to WebSocket once connected, was refused again, and stayed on polling.
      expect(transportOf(c)).toBe('polling');
      c.close();
    } finally {
      proxy.server.closeAllConnections();
      await new Promise((r) => proxy.server.close(r));
    }
  });

  it('the same options use WebSocket where nothing blocks it', async () => {
    const c = await connectSession(
      app.baseUrl,
      { userId: newUser() },
      { transports: ['websocket', 'polling'], tryAllTransports: true },
    );
    clients.keep(c);
    expect(transportOf(c)).toBe('websocket');
  });
});
