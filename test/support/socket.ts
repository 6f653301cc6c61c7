// A real socket.io-client connected to a test app, recording every server event in arrival order and
// keeping the session's view as a client does: session:ready's view, session:state's changes merged
// in, the events that carry part of the view applied (machines/view.ts).
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents, SessionView } from '../../machines/protocol.ts';
import { isViewEvent, mergeChanges, viewAfter } from '../../machines/view.ts';
import { waitFor } from './wait.ts';

export interface Received {
  event: string;
  payload: any;
  at: number;
}

export interface SessionClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  received: Received[];
  /** The `session:ready` payload. */
  ready: { sessionId: string; userId: string; resumed: boolean; protocolVersion: number; view: SessionView };
  /** Emits with an acknowledgement and resolves with it. */
  send(event: keyof ClientToServerEvents, payload?: unknown): Promise<Ack>;
  /** Resolves with the first received event (from index `from`) matching. */
  next(event: string, match?: (payload: any) => boolean, opts?: { from?: number; timeoutMs?: number }): Promise<any>;
  /** The session's view as this client holds it now. */
  view(): SessionView;
  /** Resolves when the session reaches `state`. */
  until(state: SessionView['state'], timeoutMs?: number): Promise<SessionView>;
  close(): void;
}

/** Clients of one test file: `connect` opens a session against `baseUrl()`, `keep` adds any other connection, `closeAll` closes them all. */
export function sessionClients(baseUrl: () => string) {
  const opened: Array<{ close(): void }> = [];
  return {
    keep(c: { close(): void }): void {
      opened.push(c);
    },
    async connect(auth: Record<string, unknown>): Promise<SessionClient> {
      const c = await connectSession(baseUrl(), auth);
      opened.push(c);
      return c;
    },
    closeAll(): void {
      for (const c of opened.splice(0)) c.close();
    },
  };
}

/** `options` go to io() over the defaults (WebSocket only, no reconnection), e.g. other transports. */
export async function connectSession(
  baseUrl: string,
  auth: Record<string, unknown> = {},
  options: Partial<ManagerOptions & SocketOptions> = {},
): Promise<SessionClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseUrl, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  const received: Received[] = [];
  // Registered before session:ready arrives: events right behind it are not missed.
  let current: SessionView | null = null;
  socket.onAny((event: string, payload: any) => {
    received.push({ event, payload, at: performance.now() });
    current = viewStep(current, event, payload);
  });
  const ready = await new Promise<SessionClient['ready']>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error(`no session:ready within 10 s (connected: ${socket.connected})`));
    }, 10_000);
    socket.once('session:ready', (r) => {
      clearTimeout(timer);
      resolve(r);
    });
    socket.once('connect_error', (err) => reject(Object.assign(err, { data: (err as { data?: unknown }).data })));
    socket.once('session:error', (e) => reject(Object.assign(new Error(e.message), { data: e })));
  });
  const view = () => current ?? ready.view;
  const client: SessionClient = {
    socket,
    received,
    ready,
    send(event, payload) {
      return new Promise((resolve) => (socket.emit as (...a: unknown[]) => void)(event, payload ?? {}, resolve));
    },
    async next(event, match = () => true, { from = 0, timeoutMs = 10_000 } = {}) {
      const hit = await waitFor(() => received.slice(from).find((r) => r.event === event && match(r.payload)), {
        timeoutMs,
        intervalMs: 5,
        what: `"${event}"`,
      });
      return hit!.payload;
    },
    view,
    async until(state, timeoutMs = 10_000) {
      await waitFor(() => view().state === state, {
        timeoutMs,
        intervalMs: 5,
        what: `session state "${state}" (now "${view().state}")`,
      });
      return view();
    },
    close: () => void socket.disconnect(),
  };
  return client;
}

/** Concatenates the streamed text per suggestion index (honouring resets) for one generation. */
export function streamedText(
  received: Received[],
  generation: number,
  kind: 'suggestions' | 'refinement' = 'suggestions',
): string[] {
  const out = ['', '', ''];
  for (const r of received) {
    if (r.event !== 'stream:frame' || r.payload.generation !== generation || r.payload.kind !== kind) continue;
    for (const d of r.payload.deltas) out[d.index] = (d.reset ? '' : out[d.index]) + d.text;
  }
  return out;
}

/** The view a client holds after one more server event (null until session:ready). */
export function viewStep(view: SessionView | null, event: string, payload: any): SessionView | null {
  if (event === 'session:ready') return payload.view;
  if (!view) return null;
  if (event === 'session:state') return mergeChanges(view, payload.changes);
  return isViewEvent(event) ? viewAfter(view, event, payload) : view;
}

/** The view a client holds after the recorded events (session:ready's, changes merged, events applied). */
export function foldView(received: ReadonlyArray<{ event: string; payload: any }>): SessionView | null {
  return received.reduce<SessionView | null>((view, r) => viewStep(view, r.event, r.payload), null);
}
