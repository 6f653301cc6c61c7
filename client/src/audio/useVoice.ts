// Voice playback as React state: which suggestion is playing, how far along it is, how many bytes
// have arrived. The session hook forwards the socket's audio:* events here; Play and Stop go out
// through the socket. One clip at a time (the server does the same).
import { useCallback, useMemo, useRef, useState } from 'react';
import type { AudioFormat } from '../protocol.ts';
import { createStreamPlayer, unlockAudio, type StreamPlayer } from './player.ts';
import { createSeqOrderer, toBytes } from './wav.ts';

export type VoiceStatus = 'idle' | 'requested' | 'buffering' | 'playing' | 'ended' | 'stopped' | 'error';

export interface VoiceState {
  index: number | null;
  status: VoiceStatus;
  /** Bytes of the current clip received so far. */
  bytes: number;
  format: AudioFormat | null;
  /** Whether the server started the clip by itself (voiceEnabled after a selection). */
  auto: boolean;
  message: string | null;
  /** When sound began (performance.now()), for the elapsed time shown while it plays. */
  startedAt: number | null;
  /** The clip's length, once the server has sent all of it. */
  durationMs: number | null;
}

const IDLE: VoiceState = {
  index: null,
  status: 'idle',
  bytes: 0,
  format: null,
  auto: false,
  message: null,
  startedAt: null,
  durationMs: null,
};

export interface AudioEvents {
  start(p: { playId: string; index: number; format: AudioFormat; contentType: string; auto: boolean }): void;
  chunk(p: { playId: string; seq: number; data: ArrayBuffer | ArrayBufferView }): void;
  end(p: { playId: string; durationMs: number; bytes: number }): void;
  stopped(p: { playId: string; reason: string }): void;
  /** A voice:play the server refused (voice_unavailable, invalid_state…). */
  refused(message: string): void;
  /** The connection went away: nothing more will arrive for this clip. */
  disconnected(): void;
}

export function useVoice() {
  const [state, setState] = useState<VoiceState>(IDLE);
  const current = useRef<{
    playId: string;
    player: StreamPlayer;
    orderer: ReturnType<typeof createSeqOrderer<Uint8Array<ArrayBuffer>>>;
  } | null>(null);
  /** Clips stopped here before the server confirmed: their late chunks are dropped. */
  const dropped = useRef(new Set<string>());

  const stopLocal = useCallback(() => {
    const c = current.current;
    if (c) {
      c.player.stop();
      dropped.current.add(c.playId);
      current.current = null;
    }
  }, []);

  const events = useMemo<AudioEvents>(
    () => ({
      start({ playId, index, format, contentType, auto }) {
        stopLocal();
        dropped.current.delete(playId);
        const player = createStreamPlayer(format, contentType, {
          onPlaying: () => {
            if (current.current?.playId === playId)
              setState((s) => ({ ...s, status: 'playing', startedAt: s.startedAt ?? performance.now() }));
          },
          onEnded: () => {
            if (current.current?.playId !== playId) return;
            current.current = null;
            setState((s) => ({ ...s, status: 'ended' }));
          },
          onError: (message) => {
            if (current.current?.playId !== playId) return;
            current.current = null;
            setState((s) => ({ ...s, status: 'error', message }));
          },
        });
        current.current = { playId, player, orderer: createSeqOrderer() };
        setState({ ...IDLE, index, status: 'buffering', format, auto });
      },
      chunk({ playId, seq, data }) {
        const c = current.current;
        if (!c || c.playId !== playId) return;
        const bytes = toBytes(data);
        for (const b of c.orderer.push(seq, bytes)) c.player.push(b);
        setState((s) => ({ ...s, bytes: s.bytes + bytes.length }));
      },
      end({ playId, durationMs }) {
        const c = current.current;
        if (!c || c.playId !== playId) return;
        c.player.end();
        if (durationMs > 0) setState((s) => ({ ...s, durationMs }));
      },
      stopped({ playId, reason }) {
        if (dropped.current.delete(playId)) return;
        const c = current.current;
        if (!c || c.playId !== playId) return;
        c.player.stop();
        current.current = null;
        setState((s) =>
          reason === 'error'
            ? { ...s, status: 'error', message: 'The voice stopped because of an error.' }
            : reason === 'replaced'
              ? s
              : { ...s, status: 'stopped' },
        );
      },
      refused(message) {
        setState((s) => (s.status === 'requested' ? { ...s, status: 'error', message } : s));
      },
      disconnected() {
        // Chunks already here keep playing; the rest will not come.
        const c = current.current;
        if (c) c.player.end();
        setState((s) => (s.status === 'requested' ? { ...s, status: 'idle' } : s));
      },
    }),
    [stopLocal],
  );

  /** Call from the Play click (it unlocks audio); then send voice:play. */
  const request = useCallback(
    (index: number) => {
      unlockAudio();
      stopLocal();
      setState({ ...IDLE, index, status: 'requested' });
    },
    [stopLocal],
  );

  /** Silences at once; then send voice:stop. */
  const stop = useCallback(() => {
    stopLocal();
    setState((s) => ({ ...s, status: 'stopped' }));
  }, [stopLocal]);

  /** Back to nothing (a new situation): stops what plays here. */
  const reset = useCallback(() => {
    stopLocal();
    setState(IDLE);
  }, [stopLocal]);

  return { state, events, request, stop, reset };
}

/** Whether a card's clip is on its way or audible (Stop is shown instead of Play). */
export const isActive = (s: VoiceState, index: number) =>
  s.index === index && (s.status === 'requested' || s.status === 'buffering' || s.status === 'playing');
