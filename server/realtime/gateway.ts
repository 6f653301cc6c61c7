// The Socket.IO edge of live sessions: one XState actor per connected session. On connect the
// session is created or resumed from its persisted snapshot (any instance: snapshots live in
// Redis); the handshake and every inbound event go through the operation pipeline
// (server/usecases/liveSession.ts, server/operations/invoke.ts); every transition is persisted. An
// open connection's credentials are checked again every AUTH_RECHECK_SECONDS, so a revoked key or
// an expired token ends it. The Redis Streams adapter joins the instances, so a session opened
// again elsewhere takes over from the connection that had it.
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { createActor, type Snapshot, type Subscription } from 'xstate';
import type { Ports } from '../ports.ts';
import { newId } from '../domain/ids.ts';
import { keyspace } from '../redis/keys.ts';
import { connectRedis } from '../redis/client.ts';
import {
  CLIENT_EVENTS,
  PROTOCOL_VERSION,
  type Ack,
  type ClientEventName,
  type ClientToServerEvents,
  type ProtocolError,
  type ServerToClientEvents,
  type SessionView,
} from '../../machines/protocol.ts';
import { isViewEvent, viewAfter, viewChanges } from '../../machines/view.ts';
import {
  hasContent,
  initialView,
  sessionMachine,
  stateName,
  toProtocolError,
  toView,
  upgradeSnapshot,
  type SessionActor,
  type SessionSnapshot,
} from '../../machines/session.ts';
import { adapterClient } from './adapter-client.ts';
import { sessionActors, type SessionOutput } from './actors.ts';
import { createFrameCoalescer } from './frames.ts';
import { createStreamLog, type StreamLog } from './streams.ts';
import { createVoicePlayer, type VoicePlayer } from './voice-player.ts';
import { getPreferences } from '../usecases/getPreferences.ts';
import { liveSessionOperations, openSessionOperation, type LiveSession } from '../usecases/liveSession.ts';
import { authenticate, bearerToken } from '../auth/authenticate.ts';
import type { Principal } from '../auth/policy.ts';
import { AppError, toAppError } from '../errors.ts';
import { handshakeIp } from '../limits/ip.ts';
import { invoke } from '../operations/invoke.ts';

interface SocketData {
  userId: string;
  requestedSessionId?: string;
  sessionId?: string;
  /** The client's address: events draw on the same per-address budget as REST and MCP. */
  ip: string;
  /** Who connected, and with what (checked again every AUTH_RECHECK_SECONDS). */
  principal: Principal;
  token?: string;
  /** The user the handshake named or authenticated (undefined: an anonymous id was made, and the address is the budget's subject). */
  actsFor?: string;
}

/** Between instances: a session was opened here; one whose step still runs elsewhere stops there. */
interface InterServerEvents {
  'session:taken': (sessionId: string) => void;
}

type CalmlySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A session's actor on this instance, and the connection that holds it (none for a moment after it went away). */
interface LiveEntry {
  actor: SessionActor;
  userId: string;
  socket: CalmlySocket | null;
  /** Where the actor's events go: the holding connection's, nothing while there is none. */
  tell: SessionOutput['emit'];
  /** What the actors write to (they keep it for their whole run, so it stays while connections change). */
  out: SessionOutput;
  /** What was sent of the running streams: a stop keeps it, a connection that takes over is shown it. */
  streams: StreamLog;
  /** The holding connection's observer. */
  subscription: Subscription | null;
  /** Stops the actor if no connection takes the session over in time. */
  grace: NodeJS.Timeout | null;
}

const nobody: SessionOutput['emit'] = () => {};

/** An entry for a new actor; its output goes wherever the entry's `tell` points, its stream text is logged on the way. */
function liveEntry(actor: SessionActor, userId: string): LiveEntry {
  const streams = createStreamLog();
  const e: LiveEntry = {
    actor,
    userId,
    socket: null,
    tell: nobody,
    streams,
    subscription: null,
    grace: null,
    out: undefined as unknown as SessionOutput,
  };
  const emit: SessionOutput['emit'] = (event, ...args) => {
    streams.record(event, args[0]);
    e.tell(event, ...args);
  };
  e.out = { emit, frames: createFrameCoalescer((frame) => emit('stream:frame', frame)) };
  return e;
}

const sessionRoom = (sessionId: string) => `session:${sessionId}`;
/** States whose work runs in an invoked actor that a resumed session starts again. */
const RUNNING_STATES: ReadonlySet<string> = new Set(['generating', 'refining']);
/** Which step a snapshot is at: its state in its generation. */
const stepOf = (snapshot: SessionSnapshot) => `${stateName(snapshot)}:${snapshot.context.generation}`;

/**
 * How long a running step (generating, refining) goes on after its connection went away: long enough
 * for a page reload to reconnect and find it where it was (its text so far shown at once), short
 * enough that a person who left does not keep a model writing for nobody.
 */
export const RESUME_GRACE_MS = 3_000;

/** How long an ended session's snapshot is kept (a reconnect with its id then starts afresh). */
const ENDED_SESSION_TTL_SECONDS = 600;

/** A takeover never waits longer than this for pending snapshot writes. */
const TAKEOVER_WAIT_MS = 2_000;

/** Waits for `work` at most `ms`; calls `late` if it had to stop waiting (the work goes on). */
async function withinTime(work: Promise<unknown>, ms: number, late: () => void): Promise<void> {
  const timeout = AbortSignal.timeout(ms);
  const expired = new Promise<'late'>((resolve) =>
    timeout.addEventListener('abort', () => resolve('late'), { once: true }),
  );
  const outcome = await Promise.race([
    work.then(
      () => 'done' as const,
      () => 'done' as const,
    ),
    expired,
  ]);
  if (outcome === 'late') late();
}

/** A refusal from the voice player, thrown back into the pipeline with its code and extras. */
function protocolFailure({ code, message, details, event: _event, ...extra }: ProtocolError): AppError {
  return new AppError(code, message, details, extra);
}

export interface Realtime {
  io: RealtimeServer;
  /** Sessions open on this instance, idle ones included (metrics, benchmarks). */
  liveSessions(): number;
  close(): Promise<void>;
}

export interface RealtimeOptions {
  /** Decides whether a handshake request (polling or the WebSocket upgrade) may go on: the Host and Origin checks. */
  allowRequest?: ServerOptions['allowRequest'];
}

export async function attachRealtime(server: HttpServer, deps: Ports, opts: RealtimeOptions = {}): Promise<Realtime> {
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
    // The same Host and Origin rules as REST and /mcp (server/http/host-origin.ts, passed in by the app),
    // on every polling request and the WebSocket upgrade.
    allowRequest: opts.allowRequest,
    // Inbound messages are small JSON; anything larger is not ours.
    maxHttpBufferSize: 64 * 1024,
    adapter: createAdapter(adapterClient(adapterRedis, log), {
      streamName: prefix,
      channelPrefix: prefix,
      sessionKeyPrefix: `${prefix}:session:`,
      onlyPlaintext: true,
      // Short blocking reads, so a closing instance lets go of its reader quickly.
      blockTimeInMs: 1_000,
    }),
  });
  const store = deps.sessions;
  const limiter = new RateLimiterMemory({ points: config.realtime.eventsPerSecond, duration: 1 });
  const live = new Map<string, LiveEntry>();
  /** Stops a session's actor here (it is no longer held, or another connection or instance has it). */
  const dropLive = (sessionId: string, e: LiveEntry): void => {
    if (e.grace) clearTimeout(e.grace);
    e.grace = null;
    if (live.get(sessionId) === e) live.delete(sessionId);
    e.actor.stop();
  };
  /** Its connection went away: a running step waits RESUME_GRACE_MS for a reload; anything else stops now. */
  const release = (sessionId: string, e: LiveEntry): void => {
    e.socket = null;
    e.tell = nobody;
    if (closed || !RUNNING_STATES.has(stateName(e.actor.getSnapshot()))) {
      dropLive(sessionId, e);
      return;
    }
    e.grace = setTimeout(() => dropLive(sessionId, e), RESUME_GRACE_MS);
    e.grace.unref();
  };
  // One machine for every session: its actors find the session's output by id when they start
  // (provide() per session rebuilt the whole machine, about 0.1 ms a session).
  const machine = sessionMachine.provide({ actors: sessionActors(deps, (id) => live.get(id)?.out) });
  /** Every socket of this instance is in this room: cluster-wide orders can leave them out. */
  const instanceRoom = `instance:${randomUUID()}`;
  // Connections whose session is open (session:ready sent), with or without an actor yet.
  const openSockets = new Set<string>();
  const players = new Map<string, VoicePlayer>();
  let closed = false;

  // The handshake is an operation too (session:open): the per-address budget, the credentials
  // (AUTH_MODE apikey/jwt: `auth.token` or the Authorization header), validation, the acting user (a
  // userId naming someone else is forbidden) and one point of the cheap budget. Refusals are connect
  // errors with data.code.
  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    let token: string | undefined;
    const credentials = (hs: Record<string, unknown>) =>
      (token = typeof hs.token === 'string' ? hs.token : bearerToken(socket.handshake.headers));
    const ip = handshakeIp(socket.handshake.address, socket.handshake.headers, config.http.trustProxy);
    invoke(
      deps,
      openSessionOperation,
      auth,
      { ip, token: credentials, inputName: 'handshake', inputRoot: '(handshake)' },
      undefined,
    ).then(
      ({ output, principal, userId }) => {
        socket.data.userId = output.userId;
        socket.data.requestedSessionId = output.sessionId;
        socket.data.ip = ip;
        socket.data.principal = principal;
        socket.data.token = token;
        socket.data.actsFor = userId;
        next();
      },
      (err: unknown) => {
        const e = toAppError(err);
        if (e.status >= 500) log.error({ err }, 'handshake failed');
        next(Object.assign(new Error(e.message), { data: { ...e.extra, code: e.code, message: e.message } }));
      },
    );
  });

  // Credentials are checked again while a connection is open: a revoked API key, an expired or
  // otherwise invalid token ends it (session:error unauthorized, then a disconnect). One check per
  // distinct token; an identity provider or database that cannot answer ends nothing.
  let rechecking = false;
  async function recheckCredentials(): Promise<void> {
    if (rechecking) return;
    rechecking = true;
    try {
      const byToken = new Map<string, CalmlySocket[]>();
      for (const socket of io.of('/').sockets.values()) {
        const { token, principal } = socket.data;
        if (token && principal?.kind === 'user') byToken.set(token, [...(byToken.get(token) ?? []), socket]);
      }
      for (const [token, sockets] of byToken) {
        const problem = await authenticate(deps, token).then(
          () => null,
          (err: unknown) => toAppError(err),
        );
        if (problem?.code !== 'unauthorized') continue;
        for (const socket of sockets) {
          socket.emit('session:error', {
            code: 'unauthorized',
            message: `${problem.message} This connection is closed.`,
          });
          socket.disconnect(true);
        }
      }
    } finally {
      rechecking = false;
    }
  }
  const recheck =
    config.auth.mode === 'none'
      ? undefined
      : setInterval(
          () =>
            void recheckCredentials().catch((err) =>
              log.warn({ err: (err as Error).message }, 'credential recheck failed'),
            ),
          config.auth.recheckMs,
        );
  recheck?.unref();

  // Opened on another instance: a step still running here for it would only cost model calls and
  // could store an older snapshot over the new one.
  io.on('session:taken', (sessionId) => {
    const e = live.get(sessionId);
    if (e) dropLive(sessionId, e);
  });

  io.on('connection', (socket) => {
    void open(socket).catch((err) => {
      log.error({ err }, 'could not open a session');
      socket.emit('session:error', {
        code: 'service_unavailable',
        message: 'The session could not be opened. Please reconnect.',
      });
      socket.disconnect(true);
    });
  });

  async function open(socket: CalmlySocket): Promise<void> {
    const { userId, requestedSessionId } = socket.data;
    await socket.join(instanceRoom);
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
        stored = upgradeSnapshot(found.snapshot);
      }
    }
    if (!socket.connected) return;
    if (stored) {
      io.serverSideEmit('session:taken', sessionId);
      // One connection per session: a session opened again (a new tab, a reconnect that reached
      // another instance) takes over; the adapter reaches the old connection wherever it is. The
      // snapshot is read again afterwards, in case the old connection's last step just landed.
      // Here, the old connection is dropped at once; the cluster-wide order is for the other
      // instances only. It reaches this instance too, once the adapter has published it, possibly
      // after a later connection joined: every socket of this instance is excepted (instanceRoom),
      // or a late order from an earlier connection would drop the connection that won.
      io.local.in(sessionRoom(sessionId)).except(socket.id).disconnectSockets(true);
      io.in(sessionRoom(sessionId)).except(instanceRoom).disconnectSockets(true);
      await withinTime(store.flush(), TAKEOVER_WAIT_MS, () =>
        log.warn({ sessionId }, 'session snapshot writes are slow; continuing'),
      );
      const again = await store.load(sessionId);
      if (again && again.userId === userId && (again.snapshot as Snapshot<unknown>).status === 'active')
        stored = upgradeSnapshot(again.snapshot);
    }
    socket.data.sessionId = sessionId;
    await socket.join(sessionRoom(sessionId));
    // A later connection may have taken the session over while this one waited: then it has lost.
    if (!socket.connected) return;
    // Connections racing for one session each dropped those that had joined before them; the last to
    // join drops the rest, so exactly one stays open.
    if (stored) {
      io.local.in(sessionRoom(sessionId)).except(socket.id).disconnectSockets(true);
      io.in(sessionRoom(sessionId)).except(instanceRoom).disconnectSockets(true);
    }

    // A session whose step still runs on this instance (its connection went away a moment ago: a
    // reload, or the takeover just above) is taken over as it is, so its stream goes on where it was
    // instead of starting again; anything else left here for it is stopped.
    const lingering = live.get(sessionId);
    const adopted =
      stored && lingering && lingering.userId === userId && lingering.actor.getSnapshot().status === 'active'
        ? lingering
        : null;
    if (lingering && !adopted) dropLive(sessionId, lingering);
    if (adopted) stored = adopted.actor.getSnapshot();

    // A connected session that has done nothing costs only its socket: the actor and the voice player
    // are made when first needed (a resumed session needs its actor at once: a step it was running
    // runs again, unless it was still running here).
    let player: VoicePlayer | null = null;
    const voice = (): VoicePlayer => {
      if (!player) {
        player = createVoicePlayer(deps, (event, ...args) => socket.emit(event, ...args), userId);
        players.set(socket.id, player);
      }
      return player;
    };

    let lastState = stored ? stateName(stored) : 'idle';
    let lastError: unknown = stored?.context.error ?? null;
    let lastSuggestions: unknown = null;
    let lastSelected: unknown = stored?.context.selected ?? null;
    // Only a session that holds something is stored (a connection that describes nothing leaves no
    // trace); an ended one is kept just long enough for a late reconnect to learn it has ended.
    let persisted = Boolean(stored);
    // In a running state the invoked actor's progress (the analysis, suggestions as they finish) is
    // not worth a write: a resumed session runs that actor again. Only entering it is stored, so a
    // flow writes its snapshot when the stored content changes (issue 19), not on every event.
    let lastStep = stored ? stepOf(stored) : '';

    // The view this client holds: the whole view from session:ready, then every session:state's
    // changes and every event that carries part of the view, applied as the client applies them
    // (machines/view.ts). session:state sends only what differs from it. Events on one connection
    // arrive in order and a new connection starts again from session:ready, so this is exact.
    const readyView = stored ? toView(stored) : initialView({ sessionId, userId });
    let known: SessionView = readyView;
    const tell: SessionOutput['emit'] = (event, ...args) => {
      if (isViewEvent(event)) known = viewAfter(known, event, args[0] as never);
      socket.emit(event, ...args);
    };

    /** This connection's view of the actor: it stores each step and tells the client what changed. */
    const observe = (a: SessionActor) => {
      const persist = (snapshot: SessionSnapshot): Promise<void> => {
        if (!persisted && !hasContent(snapshot)) return Promise.resolve();
        const step = stepOf(snapshot);
        if (step === lastStep && RUNNING_STATES.has(stateName(snapshot)) && snapshot.status === 'active')
          return Promise.resolve();
        lastStep = step;
        persisted = true;
        const ttlSeconds =
          snapshot.status === 'done'
            ? Math.min(ENDED_SESSION_TTL_SECONDS, config.realtime.sessionTtlSeconds)
            : undefined;
        return store.save(sessionId, userId, a.getPersistedSnapshot(), { ttlSeconds });
      };
      return a.subscribe({
        next: (snapshot) => {
          const saved = persist(snapshot);
          const state = stateName(snapshot);
          // Suggestions and the analysis have their own events; what changed of the view goes out
          // when the state or error changes, or when a suggestion changes while nothing runs ("Use
          // this version"): every key that differs from what this client holds, the state always.
          const restored = state === 'ready' && state === lastState && snapshot.context.suggestions !== lastSuggestions;
          lastSuggestions = snapshot.context.suggestions;
          if (state !== lastState || snapshot.context.error !== lastError || restored) {
            lastState = state;
            lastError = snapshot.context.error;
            if (snapshot.context.error && state !== 'failed') socket.emit('session:error', snapshot.context.error);
            const view = toView(snapshot);
            const changes = viewChanges(known, view);
            known = view;
            socket.emit('session:state', { changes, view: { state } });
          }
          if (state === 'selected' && snapshot.context.selected && snapshot.context.selected !== lastSelected) {
            lastSelected = snapshot.context.selected;
            void speakIfEnabled(voice(), userId, snapshot);
          }
          if (snapshot.status === 'done') {
            if (live.get(sessionId)?.actor === a) live.delete(sessionId);
            // Said only once the ended snapshot is stored: a reconnect right after must not resume it.
            void saved.then(() => tell('session:ended', { sessionId }));
          }
        },
        error: (err) => log.error({ err, sessionId }, 'session actor failed'),
      });
    };

    let entry: LiveEntry | null = null;
    const startActor = (): SessionActor => {
      const a = createActor(machine, { input: { sessionId, userId }, ...(stored ? { snapshot: stored } : {}) });
      const e = liveEntry(a, userId);
      const existing = live.get(sessionId);
      if (existing) dropLive(sessionId, existing);
      live.set(sessionId, e);
      hold(e);
      a.start();
      return a;
    };
    /** This connection holds the session: the actor's events come here and it stores the steps. */
    const hold = (e: LiveEntry): void => {
      if (e.grace) clearTimeout(e.grace);
      e.grace = null;
      e.subscription?.unsubscribe();
      e.socket = socket;
      e.tell = tell;
      e.subscription = observe(e.actor);
      entry = e;
    };
    let actor: SessionActor | null = adopted?.actor ?? null;
    const ensureActor = (): SessionActor => {
      actor ??= startActor();
      return actor;
    };

    const session: LiveSession = {
      snapshot: () => ensureActor().getSnapshot(),
      send: (event) => ensureActor().send(event),
      written: () => {
        if (!entry) return [];
        // What is gathered for the next frame goes out first: the stop keeps exactly what was shown.
        entry.out.frames.flush();
        return entry.streams.written(entry.actor.getSnapshot().context.generation);
      },
      play: async (index, text, tone) => {
        const error = await voice().play({ index, text, tone });
        if (error) throw protocolFailure(error);
      },
      stopVoice: () => player?.stop() ?? false,
    };

    openSockets.add(socket.id);
    socket.emit('session:ready', {
      sessionId,
      userId,
      resumed: Boolean(stored),
      protocolVersion: PROTOCOL_VERSION,
      view: readyView,
      billing: deps.entitlements.enabled,
    });
    if (adopted) {
      // Right behind session:ready, before anything else the step sends: the text streamed so far.
      adopted.streams.catchUp(readyView, tell);
      hold(adopted);
    } else if (stored) ensureActor();

    for (const name of CLIENT_EVENTS) {
      socket.on(name, (...args: unknown[]) => {
        void handle(socket, session, name, args).catch((err) =>
          log.error({ err, sessionId, event: name }, 'event handling failed'),
        );
      });
    }
    socket.on('disconnect', () => {
      // The client is gone. A step that is running goes on for RESUME_GRACE_MS without anyone to tell,
      // so a reload finds it where it was; then it stops (aborting upstream model calls). The last
      // transition is persisted, so the session resumes from there, here or on another instance.
      const e = live.get(sessionId);
      if (e?.socket === socket) release(sessionId, e);
      openSockets.delete(socket.id);
      (player as VoicePlayer | null)?.dispose();
      players.delete(socket.id);
      limiter.delete(socket.id).catch(() => undefined);
    });
  }

  /** One client event: the per-connection event budget, then the operation pipeline; the answer is an acknowledgement. */
  async function handle(
    socket: CalmlySocket,
    session: LiveSession,
    name: ClientEventName,
    args: unknown[],
  ): Promise<void> {
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
    const caller = {
      ip: socket.data.ip,
      principal: socket.data.principal,
      actsFor: socket.data.actsFor,
      inputName: `"${name}" payload`,
      inputRoot: '(payload)',
    };
    try {
      const { output } = await invoke(deps, liveSessionOperations[name], args[0] ?? {}, caller, session);
      ack?.({ ok: true, state: output.state });
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) log.error({ err, event: name }, 'event failed');
      reject({ ...toProtocolError(e), event: name });
    }
  }

  /** With voiceEnabled in the user's preferences, the selected response is spoken by itself. */
  async function speakIfEnabled(player: VoicePlayer, userId: string, snapshot: SessionSnapshot): Promise<void> {
    try {
      const prefs = await getPreferences(deps, userId);
      const selected = snapshot.context.selected;
      const suggestion = selected ? snapshot.context.suggestions[selected.index] : null;
      if (!prefs.voiceEnabled || !selected || !suggestion) return;
      const error = await player.play({
        index: selected.index,
        text: suggestion.text,
        tone: suggestion.tone,
        auto: true,
      });
      if (error) log.warn({ code: error.code, userId }, 'could not speak the selected response');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not read preferences for voice');
    }
  }

  return {
    io,
    liveSessions: () => openSockets.size,
    async close() {
      if (recheck) clearInterval(recheck);
      for (const [sessionId, e] of [...live]) dropLive(sessionId, e);
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
