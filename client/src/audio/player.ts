// Streamed playback of one clip in the browser: playback begins with the first chunks, long before
// the clip is complete.
// - mp3: Media Source Extensions; one SourceBuffer('audio/mpeg'), chunks appended in order (one at a
//   time, the next on `updateend`), `endOfStream()` after the last. Where MSE cannot take mp3, the
//   chunks are gathered and played as one blob at the end.
// - wav: the RIFF header is read from the first bytes (wav.ts), then each run of whole PCM frames
//   becomes an AudioBuffer scheduled right after the previous one on a shared AudioContext.
// stop() silences at once.
import type { AudioFormat } from '../protocol.ts';
import { createWavStreamDecoder, type PcmBlock } from './wav.ts';

export interface PlayerCallbacks {
  /** Sound is (about to be) audible. */
  onPlaying(): void;
  /** The whole clip has been played. */
  onEnded(): void;
  /** The clip cannot be played (unsupported data, a blocked autoplay, a decoding error). */
  onError(message: string): void;
}

export interface StreamPlayer {
  push(bytes: Uint8Array<ArrayBuffer>): void;
  /** No more chunks will come. */
  end(): void;
  /** Stop now and let go of everything. */
  stop(): void;
}

let sharedContext: AudioContext | null = null;

function audioContextClass(): typeof AudioContext | null {
  const w = window as unknown as { AudioContext?: typeof AudioContext; webkitAudioContext?: typeof AudioContext };
  return w.AudioContext ?? w.webkitAudioContext ?? null;
}

/**
 * Creates or resumes the AudioContext. Call it from the click that asks for sound: browsers let a
 * page start audio only after a user gesture.
 */
export function unlockAudio(): void {
  try {
    const Ctor = audioContextClass();
    if (!Ctor) return;
    sharedContext ??= new Ctor();
    if (sharedContext.state === 'suspended') void sharedContext.resume().catch(() => undefined);
  } catch {
    /* no Web Audio: wav clips will report an error when they start */
  }
}

function mediaSourceClass(): typeof MediaSource | null {
  const w = window as unknown as { MediaSource?: typeof MediaSource; ManagedMediaSource?: typeof MediaSource };
  return w.MediaSource ?? w.ManagedMediaSource ?? null;
}

export function createStreamPlayer(format: AudioFormat, contentType: string, cb: PlayerCallbacks): StreamPlayer {
  return format === 'wav' ? createWavPlayer(cb) : createMp3Player(contentType, cb);
}

function createMp3Player(contentType: string, cb: PlayerCallbacks): StreamPlayer {
  const type = /mpeg|mp3/i.test(contentType) ? 'audio/mpeg' : contentType || 'audio/mpeg';
  const MS = mediaSourceClass();
  if (!MS?.isTypeSupported(type)) return createBlobPlayer(type, cb);

  const audio = new Audio();
  const source = new MS();
  const url = URL.createObjectURL(source);
  const queue: Uint8Array<ArrayBuffer>[] = [];
  let buffer: SourceBuffer | null = null;
  let ended = false;
  let stopped = false;
  let started = false;
  // ManagedMediaSource (Safari) streams only with remote playback disabled.
  (audio as HTMLAudioElement & { disableRemotePlayback?: boolean }).disableRemotePlayback = true;
  audio.preload = 'auto';
  audio.src = url;

  const fail = (message: string) => {
    if (stopped) return;
    stop();
    cb.onError(message);
  };

  function pump(): void {
    if (stopped || !buffer || buffer.updating || source.readyState !== 'open') return;
    const next = queue.shift();
    if (next) {
      try {
        buffer.appendBuffer(next);
      } catch (err) {
        fail(`The audio could not be buffered (${(err as Error).name}).`);
        return;
      }
      if (!started) {
        started = true;
        audio.play().catch((err: Error) => {
          if (!stopped && err.name !== 'AbortError')
            fail(
              err.name === 'NotAllowedError'
                ? 'The browser blocked playback; press Play.'
                : 'The audio could not be played.',
            );
        });
      }
    } else if (ended) {
      try {
        source.endOfStream();
      } catch {
        /* already ended */
      }
    }
  }

  source.addEventListener(
    'sourceopen',
    () => {
      if (stopped) return;
      try {
        buffer = source.addSourceBuffer(type);
        buffer.mode = 'sequence';
        buffer.addEventListener('updateend', pump);
        buffer.addEventListener('error', () => fail('The audio could not be decoded.'));
      } catch {
        fail('This browser cannot play this audio.');
        return;
      }
      pump();
    },
    { once: true },
  );
  audio.addEventListener('playing', () => !stopped && cb.onPlaying());
  audio.addEventListener('ended', () => {
    if (stopped) return;
    cleanup();
    cb.onEnded();
  });
  audio.addEventListener('error', () => fail('The audio could not be played.'));

  function cleanup(): void {
    stopped = true;
    queue.length = 0;
    audio.pause();
    audio.removeAttribute('src');
    audio.load();
    URL.revokeObjectURL(url);
  }
  function stop(): void {
    if (stopped) return;
    cleanup();
  }

  return {
    push(bytes) {
      if (stopped || bytes.length === 0) return;
      queue.push(bytes);
      pump();
    },
    end() {
      ended = true;
      pump();
    },
    stop,
  };
}

/** Where MSE cannot take the format: gather everything, play it when the clip is complete. */
function createBlobPlayer(type: string, cb: PlayerCallbacks): StreamPlayer {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let audio: HTMLAudioElement | null = null;
  let url: string | null = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    audio?.pause();
    if (url) URL.revokeObjectURL(url);
    audio = null;
    url = null;
  };
  return {
    push(bytes) {
      if (!stopped) parts.push(bytes);
    },
    end() {
      if (stopped) return;
      url = URL.createObjectURL(new Blob(parts, { type }));
      audio = new Audio(url);
      audio.addEventListener('playing', () => !stopped && cb.onPlaying());
      audio.addEventListener('ended', () => {
        if (stopped) return;
        stop();
        cb.onEnded();
      });
      audio.play().catch(() => {
        if (!stopped) {
          stop();
          cb.onError('The audio could not be played.');
        }
      });
    },
    stop,
  };
}

/** Seconds of audio scheduled ahead of the clock when playback (re)starts. */
const LEAD_SECONDS = 0.06;

function createWavPlayer(cb: PlayerCallbacks): StreamPlayer {
  unlockAudio();
  const ctx = sharedContext;
  // About 40 ms at 24 kHz per AudioBuffer: small enough to start at once, large enough not to stutter.
  const decoder = createWavStreamDecoder({ minFrames: 1024 });
  const sources = new Set<AudioBufferSourceNode>();
  const gain = ctx ? ctx.createGain() : null;
  gain?.connect(ctx!.destination);
  let nextTime = 0;
  let sampleRate = 0;
  let channels = 0;
  let ended = false;
  let stopped = false;
  let announced = false;

  const fail = (message: string) => {
    if (stopped) return;
    stop();
    cb.onError(message);
  };
  if (!ctx || !gain) {
    queueMicrotask(() => fail('This browser cannot play audio.'));
  }

  function finishIfDone(): void {
    if (ended && sources.size === 0 && !stopped) {
      stopped = true;
      gain?.disconnect();
      cb.onEnded();
    }
  }

  function schedule(block: PcmBlock): void {
    if (!ctx || !gain || stopped || block.frames === 0) return;
    const audioBuffer = ctx.createBuffer(channels, block.frames, sampleRate);
    for (let c = 0; c < channels; c++) audioBuffer.copyToChannel(block.channelData[c] as Float32Array<ArrayBuffer>, c);
    const node = ctx.createBufferSource();
    node.buffer = audioBuffer;
    node.connect(gain);
    // Back to back; after an underrun (the network was slower than the voice), start again just ahead of the clock.
    const at = Math.max(nextTime, ctx.currentTime + LEAD_SECONDS);
    node.start(at);
    nextTime = at + audioBuffer.duration;
    sources.add(node);
    node.onended = () => {
      sources.delete(node);
      finishIfDone();
    };
    if (!announced) {
      announced = true;
      if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
      cb.onPlaying();
    }
  }

  function handle(events: ReturnType<typeof decoder.push>): void {
    for (const e of events) {
      if (e.type === 'format') {
        sampleRate = e.format.sampleRate;
        channels = e.format.channels;
      } else schedule(e.block);
    }
  }

  function stop(): void {
    if (stopped && sources.size === 0) return;
    stopped = true;
    for (const node of sources) {
      node.onended = null;
      try {
        node.stop();
      } catch {
        /* not started yet */
      }
      node.disconnect();
    }
    sources.clear();
    gain?.disconnect();
  }

  return {
    push(bytes) {
      if (stopped) return;
      try {
        handle(decoder.push(bytes));
      } catch (err) {
        fail(`The audio could not be read (${(err as Error).message}).`);
      }
    },
    end() {
      if (stopped) return;
      ended = true;
      try {
        handle(decoder.flush());
      } catch {
        /* nothing left to play */
      }
      finishIfDone();
    },
    stop,
  };
}
