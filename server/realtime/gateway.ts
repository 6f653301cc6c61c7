// The Socket.IO edge of live sessions: one XState actor per connected session. On connect the
// session is created or resumed from its persisted snapshot (any instance: snapshots live in
// Redis); every inbound event is rate-limited, validated and checked against the machine before it
// is sent; every transition is persisted. The Redis Streams adapter joins the instances, so a
// session opened again elsewhere takes over from the connection that had it.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { createActor, type Snapshot } from 'xstate';
import type { AppDeps } from '../app/deps.ts';
import { newId } from '../domain/ids.ts';
import { keyspace } from '../redis/keys.ts';
import { connectRedis } from '../redis/client.ts';
import {
  CLIENT_EVENTS,
  clientEventSchemas,
  handshakeSchema,
  MAX_VERSIONS,
  PROTOCOL_VERSION,
  type Ack,
  type ClientEventName,
  type ClientToServerEvents,
  type ProtocolError,
  type ServerToClientEvents,
} from '../../machines/protocol.ts';
import { sessionMachine, stateName, toProtocolError, toView, type SessionActor, type SessionEvent, type SessionSnapshot } from '../../machines/session.ts';
import { sessionActors } from './actors.ts';
import { createFrameCoalescer } from './frames.ts';
import { createSessionStore } from './store.ts';
import { createVoicePlayer, type VoicePlayer } from './voice-player.ts';
import { getPreferences } from '../usecases/getPreferences.ts';
import { authenticate, bearerToken } from '../auth/authenticate.ts';
import { actingUser } from '../auth/policy.ts';
import { toAppError } from '../errors.ts';
import { callerKey, limitsFor } from '../limits/index.ts';
import { handshakeIp } from '../limits/ip.ts';

interface SocketData {
  userId: string;
  requestedSessionId?: string;
  sessionId?: string;
  /** The client's address and rate-limit subject (server/limits): events draw on the REST budgets. */
  ip: string;
  rateKey: string;
}

/** Events that start model-backed work draw on the model budget; the others on the cheap one. */
const MODEL_EVENTS = new Set<ClientEventName>(['situation:submit', 'suggestion:refine', 'session:retry', 'voice:play']);

type CalmlySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/** A takeover never waits longer than this for pending snapshot writes. */
const TAKEOVER_WAIT_MS = 2_000;

/** Waits for `work` at most `ms`; calls `late` if it had to stop waiting (the work goes on). */
async function withinTime(work: Promise<unknown>, ms: number, late: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const outcome = await Promise.race([work.then(() => 'done' as const, () => 'done' as const), timeout]);
  clearTimeout(timer);
  if (outcome === 'late') late();
}

function zodDetails(issues: Array<{ path: PropertyKey[]; message: string }>) {
  return issues.map((i) => ({ field: i.path.map(String).join('.') || '(payload)', problem: i.message }));
}

/** A connect error the client sees as `connect_error` with `err.data.code`. */
function connectError(code: ProtocolError['code'], message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

export interface Realtime {
  io: RealtimeServer;
  /** Live actors on this instance (metrics, tests). */
  liveSessions(): number;
  close(): Promise<void>;
}

export async function attachRealtime(server: HttpServer, deps: AppDeps): Promise<Realtime> {
  const { config, log: rootLog } = deps;
  const log = rootLog.child({ component: 'realtime' });
  const prefix = keyspace(config.redis.prefix, 'socket.io')();
  // Its own client, with commands queued while Redis is away: the adapter reads its stream in a
  // loop, and a client that fails at once would make that loop spin and starve the process.
  const adapterRedis = await connectRedis(config.redis.url, { name: 'calmly-socket.io', offlineQueue: true });
  const io: RealtimeServer = new Server(server, {
    serveClient: false,
    // CORS_ORIGINS (and SOCKET_CORS_ORIGINS); "*" allows any origin.
    cors: config.realtime.corsOrigins.length
      ? { origin: config.realtime.corsOrigins.includes('*') ? true : config.realtime.corsOrigins, credentials: true }
      : undefined,
    // Inbound messages are small JSON; anything larger is not ours.
    maxHttpBufferSize: 64 * 1024,
    adapter: createAdapter(adapterRedis, {
      streamName: prefix,
      channelPrefix: prefix,
      sessionKeyPrefix: `${prefix}:session:`,
      onlyPlaintext: true,
      // Short blocking reads, so a closing instance lets go of its reader quickly.
      blockTimeInMs: 1_000,
    }),
  });
  const store = createSessionStore({ redis: deps.redis, prefix: config.redis.prefix, ttlSeconds: config.realtime.sessionTtlSeconds, log });
  const limiter = new RateLimiterMemory({ points: config.realtime.eventsPerSecond, duration: 1 });
  const live = new Map<string, { actor: SessionActor; socket: CalmlySocket }>();
  const players = new Map<string, VoicePlayer>();
  let closed = false;

  // The handshake: validated, then the per-address budget, the credentials (AUTH_MODE apikey/jwt:
  // `auth.token` or the Authorization header; a userId naming someone else is forbidden), and one
  // point of the caller's cheap budget. Refusals are connect errors with data.code.
  io.use((socket, next) => {
    const parsed = handshakeSchema.safeParse(socket.handshake.auth ?? {});
    if (!parsed.success) {
      return next(connectError('invalid_request', `Invalid handshake: ${zodDetails(parsed.error.issues).map((d) => `${d.field} ${d.problem}`).join('; ')}`));
    }
    const hs = parsed.data;
    void (async () => {
      const ip = handshakeIp(socket.handshake.address, socket.handshake.headers, config.http.trustProxy);
      const limits = limitsFor(deps);
      await limits.rate.ip(ip);
      const caller = await authenticate(deps, hs.token ?? bearerToken(socket.handshake.headers));
      const named = actingUser(caller, hs.userId);
      const rateKey = callerKey(named, ip);
      await limits.rate.caller('cheap', rateKey);
      socket.data.userId = named ?? newId('user');
      socket.data.requestedSessionId = hs.sessionId;
      socket.data.ip = ip;
      socket.data.rateKey = rateKey;
    })().then(
      () => next(),
      (err: unknown) => {
        const e = toAppError(err);
        if (e.status >= 500) log.error({ err }, 'handshake failed');
        next(Object.assign(new Error(e.message), { data: { ...e.extra, code: e.code, message: e.message } }));
      },
    );
  });

  io.on('connection', (socket) => {
    void open(socket).catch((err) => {
      log.error({ err }, 'could not open a session');
      socket.emit('session:error', { code: 'service_unavailable', message: 'The session could not be opened. Please reconnect.' });
      socket.disconnect(true);
    });
  });

  async function open(socket: CalmlySocket): Promise<void> {
    const { userId, requestedSessionId } = socket.data;
    let sessionId = newId('sess');
    let stored: SessionSnapshot | undefined;
    if (requestedSessionId) {
      const found = await store.load(requestedSessionId);
      if (found && found.userId !== userId) {
        socket.emit('session:error', { code: 'forbidden', message: 'This session belongs to another user.' });
        socket.disconnect(true);
        return;
      }
      // An ended or expired session is not resumed: a new one starts (resumed: false says so).
      if (found && (found.snapshot as Snapshot<unknown>).status === 'active') {
        sessionId = requestedSessionId;
        stored = found.snapshot as SessionSnapshot;
      }
    }
    if (!socket.connected) return;
    if (stored) {
      // One connection per session: a session opened again (a new tab, a reconnect that reached
      // another instance) takes over; the adapter reaches the old connection wherever it is. The
      // snapshot is read again afterwards, in case the old connection's last step just landed.
      // The cluster-wide disconnect reaches this instance too, once the adapter has published it,
      // by which time this socket is in the room: it must be excepted (every socket is in a room
      // named by its id). Here, the old connection is dropped at once.
      io.local.in(sessionRoom(sessionId)).except(socket.id).disconnectSockets(true);
      io.in(sessionRoom(sessionId)).except(socket.id).disconnectSockets(true);
      await withinTime(store.flush(), TAKEOVER_WAIT_MS, () => log.warn({ sessionId }, 'session snapshot writes are slow; continuing'));
      const again = await store.load(sessionId);
      if (again && again.userId === userId && (again.snapshot as Snapshot<unknown>).status === 'active') stored = again.snapshot as SessionSnapshot;
    }
    socket.data.sessionId = sessionId;
    await socket.join(sessionRoom(sessionId));

    const frames = createFrameCoalescer((frame) => socket.emit('stream:frame', frame));
    const player = createVoicePlayer(deps, (event, ...args) => socket.emit(event, ...args), userId);
    players.set(socket.id, player);
    const machine = sessionMachine.provide({ actors: sessionActors(deps, { emit: (event, ...args) => socket.emit(event, ...args), frames }) });
    const actor = createActor(machine, { input: { sessionId, userId }, ...(stored ? { snapshot: stored } : {}) });

    let lastState = '';
    let lastError: unknown = null;
    let lastSuggestions: unknown = null;
    let lastSelected: unknown = stored?.context.selected ?? null;
    actor.subscribe({
      next: (snapshot) => {
        const saved = store.save(sessionId, userId, actor.getPersistedSnapshot());
        const state = stateName(snapshot);
        // Suggestions and the analysis have their own events; the view goes out when the state or error
        // changes, or when a suggestion changes while nothing runs ("Use this version").
        const restored = state === 'ready' && state === lastState && snapshot.context.suggestions !== lastSuggestions;
        lastSuggestions = snapshot.context.suggestions;
        if (state !== lastState || snapshot.context.error !== lastError || restored) {
          lastState = state;
          lastError = snapshot.context.error;
          if (snapshot.context.error && state !== 'failed') socket.emit('session:error', snapshot.context.error);
          socket.emit('session:state', { view: toView(snapshot) });
        }
        if (state === 'selected' && snapshot.context.selected && snapshot.context.selected !== lastSelected) {
          lastSelected = snapshot.context.selected;
          void speakIfEnabled(player, userId, snapshot);
        }
        if (snapshot.status === 'done') {
          live.delete(sessionId);
          // Said only once the ended snapshot is stored: a reconnect right after must not resume it.
          void saved.then(() => socket.emit('session:ended', { sessionId }));
        }
      },
      error: (err) => log.error({ err, sessionId }, 'session actor failed'),
    });
    const existing = live.get(sessionId);
    existing?.actor.stop();
    live.set(sessionId, { actor, socket });
    lastState = stored ? stateName(stored) : 'idle';
    lastError = stored?.context.error ?? null;
    socket.emit('session:ready', { sessionId, userId, resumed: Boolean(stored), protocolVersion: PROTOCOL_VERSION, view: toView(stored ?? actor.getSnapshot()) });
    actor.start();
    if (!stored) void store.save(sessionId, userId, actor.getPersistedSnapshot());

    for (const name of CLIENT_EVENTS) {
      socket.on(name, (...args: unknown[]) => {
        void handle(socket, actor, name, args).catch((err) => log.error({ err, sessionId, event: name }, 'event handling failed'));
      });
    }
    socket.on('disconnect', () => {
      // The client is gone: stop its work (this aborts upstream model calls). The last transition is
      // already persisted, so the session resumes from there, here or on another instance.
      const entry = live.get(sessionId);
      if (entry?.socket === socket) {
        live.delete(sessionId);
        entry.actor.stop();
      }
      frames.clear();
      player.dispose();
      players.delete(socket.id);
      limiter.delete(socket.id).catch(() => undefined);
    });
  }

  async function handle(socket: CalmlySocket, actor: SessionActor, name: ClientEventName, args: unknown[]): Promise<void> {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (a: Ack) => void) : undefined;
    const reject = (error: ProtocolError) => {
      socket.emit('session:error', error);
      ack?.({ ok: false, error });
    };
    try {
      await limiter.consume(socket.id);
    } catch (res) {
      const retryAfterMs = res instanceof RateLimiterRes ? res.msBeforeNext : 1000;
      return reject({ code: 'rate_limited', message: 'Too many events; slow down.', event: name, retryAfterMs });
    }
    const parsed = clientEventSchemas[name].safeParse(args[0] ?? {});
    if (!parsed.success) {
      return reject({ code: 'invalid_request', message: `Invalid "${name}" payload.`, details: zodDetails(parsed.error.issues), event: name });
    }
    // The same per-address and per-caller budgets as REST and MCP.
    try {
      const limits = limitsFor(deps);
      await limits.rate.ip(socket.data.ip);
      await limits.rate.caller(MODEL_EVENTS.has(name) ? 'model' : 'cheap', socket.data.rateKey);
    } catch (err) {
      return reject({ ...toProtocolError(toAppError(err)), event: name });
    }
    if (name === 'voice:play' || name === 'voice:stop') {
      const error = await voice(socket, actor, name, parsed.data as { index?: number });
      if (error) return reject({ ...error, event: name });
      ack?.({ ok: true, state: stateName(actor.getSnapshot()) });
      return;
    }
    const event = toMachineEvent(name, parsed.data as Record<string, unknown>);
    const snapshot = actor.getSnapshot();
    if (snapshot.status !== 'active' || !snapshot.can(event)) {
      return reject({ code: 'invalid_state', message: notAllowed(name, snapshot, event), event: name });
    }
    actor.send(event);
    ack?.({ ok: true, state: stateName(actor.getSnapshot()) });
  }

  /** Voice sits beside the machine: playing a clip never changes the session. */
  async function voice(socket: CalmlySocket, actor: SessionActor, name: 'voice:play' | 'voice:stop', p: { index?: number }): Promise<ProtocolError | null> {
    const player = players.get(socket.id);
    if (!player) return { code: 'invalid_state', message: 'This connection has no session.' };
    if (name === 'voice:stop') {
      player.stop();
      return null;
    }
    const suggestion = actor.getSnapshot().context.suggestions[p.index!];
    if (!suggestion) return { code: 'invalid_state', message: 'There is no suggestion at that index to play.' };
    return player.play({ index: p.index!, text: suggestion.text, tone: suggestion.tone });
  }

  /** With voiceEnabled in the user's preferences, the selected response is spoken by itself. */
  async function speakIfEnabled(player: VoicePlayer, userId: string, snapshot: SessionSnapshot): Promise<void> {
    try {
      const prefs = await getPreferences(deps, userId);
      const selected = snapshot.context.selected;
      const suggestion = selected ? snapshot.context.suggestions[selected.index] : null;
      if (!prefs.voiceEnabled || !selected || !suggestion) return;
      const error = await player.play({ index: selected.index, text: suggestion.text, tone: suggestion.tone, auto: true });
      if (error) log.warn({ code: error.code, userId }, 'could not speak the selected response');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not read preferences for voice');
    }
  }

  return {
    io,
    liveSessions: () => live.size,
    async close() {
      for (const { actor } of live.values()) actor.stop();
      live.clear();
      await store.flush();
      if (closed) return;
      closed = true;
      // io.close() disconnects every socket, closes the adapter and then closes the HTTP server,
      // which waits for idle keep-alive connections: those are ended here rather than waited for.
      const closing = io.close();
      server.closeIdleConnections();
      await new Promise((r) => setImmediate(r));
      server.closeAllConnections();
      await closing;
      await adapterRedis.quit().catch(() => adapterRedis.destroy());
    },
  };
}

function toMachineEvent(name: Exclude<ClientEventName, 'voice:play' | 'voice:stop'>, p: Record<string, unknown>): SessionEvent {
  switch (name) {
    case 'situation:submit':
      return { type: 'SUBMIT', situation: p.situation as string, ...(p.context ? { context: p.context as 'work' } : {}), ...(p.notSafety ? { notSafety: true } : {}) };
    case 'suggestion:refine':
      return { type: 'REFINE', index: p.index as number, adjustment: p.adjustment as string };
    case 'suggestion:select':
      // The id is chosen now, so that re-running the save after a resume records the interaction once.
      return { type: 'SELECT', index: p.index as number, interactionId: newId('int') };
    case 'suggestion:restore':
      return { type: 'RESTORE', index: p.index as number, version: p.version as number };
    case 'generation:cancel':
      return { type: 'CANCEL' };
    case 'session:retry':
      return { type: 'RETRY' };
    case 'session:end':
      return { type: 'END' };
  }
}

function notAllowed(name: ClientEventName, snapshot: SessionSnapshot, event: SessionEvent): string {
  const state = stateName(snapshot);
  if (state === 'ready' && (name === 'suggestion:refine' || name === 'suggestion:select' || name === 'suggestion:restore')) {
    if (!snapshot.context.suggestions[(event as { index: number }).index]) return 'There is no suggestion at that index.';
    if (name === 'suggestion:refine') return `This suggestion has ${MAX_VERSIONS} versions, the most kept; use one of them or describe the situation again.`;
    if (name === 'suggestion:restore') return 'That suggestion has no such version.';
  }
  if (snapshot.status !== 'active') return 'This session has ended; reconnect without a sessionId to start a new one.';
  return `"${name}" is not allowed while the session is ${state}.`;
}

