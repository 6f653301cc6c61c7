// The one place the client talks Socket.IO: connects with the stored user and session ids (so a
// reload resumes), turns every server event into a reducer action, and sends the client events.
// Audio events are handed to the voice hook. Connection status is tracked here as well.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { AudioEvents } from '../audio/useVoice.ts';
import type {
  Ack,
  ClientPayload,
  ClientToServerEvents,
  Context,
  ProtocolError,
  ServerToClientEvents,
} from '../protocol.ts';
import { PROTOCOL_VERSION } from '../protocol.ts';
import { errorMessage } from './errors.ts';
import { initialState, reducer } from './reducer.ts';
import { storage } from './storage.ts';

type CalmlySocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type SendableEvent =
  | 'situation:submit'
  | 'suggestion:refine'
  | 'suggestion:select'
  | 'suggestion:restore'
  | 'generation:cancel'
  | 'session:retry'
  | 'session:end'
  | 'voice:play'
  | 'voice:stop';

const ACK_TIMEOUT_MS = 10_000;
/** Why a page went quiet when the same session was opened elsewhere (shown calmly, not as an outage). */
export const TAKEN_OVER = 'This session is open in another tab or window.';

export type SendResult = Ack | { ok: false; error: ProtocolError; local: true };

export function useSession(audio: AudioEvents) {
  const [state, dispatch] = useReducer(reducer, undefined, initialState);
  const socketRef = useRef<CalmlySocket | null>(null);
  const audioRef = useRef(audio);
  audioRef.current = audio;
  /** After `forbidden`, the next disconnect reconnects without the session id. */
  const freshAfterDisconnect = useRef(false);

  useEffect(() => {
    const socket: CalmlySocket = io(window.location.origin, {
      // A function, so every (re)connect sends the latest ids.
      auth: (cb) => {
        const userId = storage.userId();
        const sessionId = storage.sessionId();
        // With a credential the server knows the user; a stored userId could name someone else.
        const token = storage.apiKey();
        cb({ ...(token ? { token } : userId ? { userId } : {}), ...(sessionId ? { sessionId } : {}) });
      },
      // WebSocket first; where it fails (a proxy or network that blocks it) HTTP long-polling, on every
      // (re)connect. Several instances behind a load balancer need sticky sessions for polling (README).
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelayMax: 8_000,
    });
    socketRef.current = socket;
    let retriedHandshake = false;

    socket.on('connect', () => dispatch({ type: 'connection', status: 'connected' }));
    socket.on('disconnect', (reason) => {
      audioRef.current.disconnected();
      if (reason === 'io client disconnect') return dispatch({ type: 'connection', status: 'offline', reason: null });
      if (reason === 'io server disconnect') {
        if (freshAfterDisconnect.current) {
          freshAfterDisconnect.current = false;
          dispatch({ type: 'connection', status: 'connecting' });
          socket.connect();
          return;
        }
        // The server let go of this connection: the session was opened in another tab or window.
        return dispatch({ type: 'connection', status: 'offline', reason: TAKEN_OVER });
      }
      dispatch({
        type: 'connection',
        status: navigator.onLine === false ? 'offline' : 'reconnecting',
        reason: navigator.onLine === false ? 'You are offline.' : null,
      });
    });
    socket.io.on('reconnect_attempt', () =>
      dispatch({ type: 'connection', status: navigator.onLine === false ? 'offline' : 'reconnecting' }),
    );
    socket.on('connect_error', (err) => {
      const data = (err as Error & { data?: { code?: string } }).data;
      if (data?.code === 'invalid_request' && !retriedHandshake) {
        // A stored id the server does not accept: forget the session and try once more without it.
        retriedHandshake = true;
        storage.forgetSession();
        if (!socket.active) socket.connect();
        return;
      }
      if (!socket.active) dispatch({ type: 'connection', status: 'offline', reason: 'Calmly could not connect.' });
      else dispatch({ type: 'connection', status: 'reconnecting' });
    });

    socket.on('session:ready', ({ sessionId, userId, resumed, protocolVersion, view, billing }) => {
      if (protocolVersion !== PROTOCOL_VERSION) {
        // This page is older (or newer) than the server: its events would be misread. Load the
        // matching client once; if that does not help, say so rather than show a wrong session.
        socket.disconnect();
        if (storage.reloadOnceFor(protocolVersion)) return window.location.reload();
        return dispatch({
          type: 'connection',
          status: 'offline',
          reason: 'Calmly was updated while this page was open. Reload the page to continue.',
        });
      }
      storage.setIds({ userId, sessionId });
      dispatch({ type: 'session:ready', sessionId, userId, resumed, view, billing });
    });
    socket.on('session:state', ({ changes }) => dispatch({ type: 'session:state', changes }));
    socket.on('suggestion:start', (p) => dispatch({ type: 'suggestion:start', ...p }));
    socket.on('analysis', (p) => dispatch({ type: 'analysis', ...p }));
    socket.on('stream:frame', (p) => dispatch({ type: 'stream:frame', ...p }));
    socket.on('suggestion:done', (p) => dispatch({ type: 'suggestion:done', ...p }));
    socket.on('refinement:start', (p) => dispatch({ type: 'refinement:start', ...p }));
    socket.on('refinement:done', (p) => dispatch({ type: 'refinement:done', ...p }));
    socket.on('interaction:saved', ({ interactionId }) => dispatch({ type: 'interaction:saved', interactionId }));
    socket.on('session:error', (error) => {
      if (error.code === 'forbidden') {
        storage.forgetSession();
        freshAfterDisconnect.current = true;
      }
      if (error.event === 'voice:play') audioRef.current.refused(errorMessage(error));
      dispatch({ type: 'session:error', error });
    });
    socket.on('session:ended', ({ sessionId }) => {
      if (storage.sessionId() === sessionId) storage.forgetSession();
      dispatch({ type: 'session:ended', sessionId });
    });
    socket.on('audio:start', (p) => audioRef.current.start(p));
    socket.on('audio:chunk', (p) => audioRef.current.chunk(p));
    socket.on('audio:end', (p) => audioRef.current.end(p));
    socket.on('audio:stopped', (p) => audioRef.current.stopped(p));

    const offline = () => dispatch({ type: 'connection', status: 'offline', reason: 'You are offline.' });
    const online = () => {
      if (socket.connected) return;
      dispatch({ type: 'connection', status: 'reconnecting' });
      if (!socket.active) socket.connect();
    };
    // Leaving or reloading the page: let go of the session now, so the unloading page cannot
    // reconnect and take the session back from the page that replaces it.
    const pagehide = () => socket.disconnect();
    // Back from the back/forward cache: pick the session up again.
    const pageshow = (e: PageTransitionEvent) => {
      if (e.persisted && !socket.connected) socket.connect();
    };
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    window.addEventListener('pagehide', pagehide);
    window.addEventListener('pageshow', pageshow);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      window.removeEventListener('pagehide', pagehide);
      window.removeEventListener('pageshow', pageshow);
      socket.removeAllListeners();
      socket.io.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, []);

  /** Sends a client event; resolves with the acknowledgement (or a local error when offline or unanswered). */
  const send = useCallback(<E extends SendableEvent>(event: E, payload: ClientPayload<E>): Promise<SendResult> => {
    const socket = socketRef.current;
    if (!socket?.connected) {
      const error: ProtocolError = { code: 'service_unavailable', message: 'offline', event };
      return Promise.resolve({ ok: false, error, local: true });
    }
    return new Promise((resolve) => {
      const emitter = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
        emit(event: string, payload: unknown, ack: (err: Error | null, ack: Ack) => void): void;
      };
      emitter.emit(event, payload, (err, ack) => {
        if (err)
          resolve({ ok: false, error: { code: 'service_unavailable', message: 'no answer', event }, local: true });
        else resolve(ack);
      });
    });
  }, []);

  const actions = {
    submit: (situation: string, context: Context | null, options: { notSafety?: boolean } = {}) =>
      send('situation:submit', {
        situation,
        ...(context ? { context } : {}),
        ...(options.notSafety ? { notSafety: true } : {}),
      }),
    refine: (index: number, adjustment: string) => {
      dispatch({ type: 'refinement:requested', index, adjustment });
      return send('suggestion:refine', { index, adjustment });
    },
    select: (index: number) => send('suggestion:select', { index }),
    /** "Use this version": an earlier text of a suggestion becomes its text again. */
    restore: (index: number, version: number) => send('suggestion:restore', { index, version }),
    cancel: () => send('generation:cancel', {}),
    retry: () => send('session:retry', {}),
    end: () => send('session:end', {}),
    play: (index: number) => send('voice:play', { index }),
    stopVoice: () => send('voice:stop', {}),
    dismissError: () => dispatch({ type: 'error:dismiss' }),
    /** Connects again (after the session was taken over, or to start a new session once ended). */
    reconnect: (options: { fresh?: boolean } = {}) => {
      const socket = socketRef.current;
      if (!socket) return;
      if (options.fresh) storage.forgetSession();
      if (socket.connected) socket.disconnect();
      dispatch({ type: 'connection', status: 'connecting' });
      socket.connect();
    },
    /** An error that happened here (offline, no answer), shown like the server's. */
    localError: (error: ProtocolError) => dispatch({ type: 'session:error', error }),
  };

  return { state, actions };
}
