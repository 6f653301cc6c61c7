// Speaking suggestions on a live connection: one clip at a time per connection, streamed in chunks
// as the voice produces them (playback starts before the clip is complete); a new clip or
// voice:stop ends the current one at once, aborting the voice upstream.
import { randomBytes } from 'node:crypto';
import type { Ports } from '../ports.ts';
import type { ProtocolError, ServerToClientEvents } from '../../machines/protocol.ts';
import { toProtocolError } from '../../machines/session.ts';
import { speak } from '../usecases/speak.ts';

type Emit = <E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>) => void;

export function createVoicePlayer(deps: Ports, emit: Emit, userId: string) {
  let current: { playId: string; ac: AbortController } | null = null;

  function stop(reason: 'stopped' | 'replaced' | 'error'): boolean {
    if (!current) return false;
    const { playId, ac } = current;
    current = null;
    ac.abort();
    emit('audio:stopped', { playId, reason });
    return true;
  }

  return {
    /** Starts speaking; resolves once audio is on its way (or with the error that prevents it). */
    async play(input: { index: number; text: string; tone: string; auto?: boolean }): Promise<ProtocolError | null> {
      stop('replaced');
      const playId = `play_${randomBytes(6).toString('base64url')}`;
      const ac = new AbortController();
      current = { playId, ac };
      let clip: Awaited<ReturnType<typeof speak>>;
      try {
        clip = await speak(deps, { text: input.text, tone: input.tone, userId }, ac.signal);
      } catch (err) {
        if (current?.playId === playId) current = null;
        return ac.signal.aborted ? null : toProtocolError(err);
      }
      if (ac.signal.aborted) return null;
      emit('audio:start', {
        playId,
        index: input.index,
        format: clip.format,
        contentType: clip.contentType,
        voice: clip.voice,
        auto: Boolean(input.auto),
      });
      void (async () => {
        let seq = 0;
        for await (const chunk of clip.chunks) {
          if (ac.signal.aborted) return;
          emit('audio:chunk', { playId, seq: seq++, data: chunk });
        }
        const { durationMs, bytes } = await clip.done;
        if (ac.signal.aborted) return;
        if (current?.playId === playId) current = null;
        emit('audio:end', { playId, durationMs, bytes });
      })().catch((err) => {
        if (ac.signal.aborted) return;
        if (current?.playId === playId) stop('error');
        emit('session:error', toProtocolError(err));
      });
      return null;
    },
    stop: () => stop('stopped'),
    /** The connection is gone: stop without telling anyone. */
    dispose(): void {
      current?.ac.abort();
      current = null;
    },
  };
}
export type VoicePlayer = ReturnType<typeof createVoicePlayer>;
