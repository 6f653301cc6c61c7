// The pure part of streamed WAV playback: the PCM that follows the header (read by
// machines/audio/wav.ts, shared with the server) split into whole sample frames as chunks arrive (an
// odd trailing byte, or half a stereo frame, waits for the next chunk). No Web Audio here: the player
// turns each block into an AudioBuffer.
import { parseWavHeader, type WavFormat } from '../../../machines/audio/wav.ts';

/** 16-bit little-endian interleaved PCM (whole frames) → one Float32Array per channel, in [-1, 1). */
export function pcm16ToFloat32(bytes: Uint8Array, channels: number): Float32Array[] {
  const frameBytes = channels * 2;
  const frames = Math.floor(bytes.length / frameBytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, frames * frameBytes);
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  out.forEach((channel, c) => {
    for (let f = 0; f < frames; f++) channel[f] = view.getInt16((f * channels + c) * 2, true) / 32768;
  });
  return out;
}

export interface PcmBlock {
  frames: number;
  /** One array per channel, `frames` samples each. */
  channelData: Float32Array[];
}

/**
 * Splits a PCM byte stream into whole frames: `push` returns the frames that are complete so far
 * (null when none are), keeping a partial frame for the next chunk. With `minFrames`, small pieces
 * are gathered until a block is at least that long (fewer, longer AudioBuffers play without gaps);
 * `flush` returns what is gathered at the end.
 */
export function createPcmSplitter(channels: number, options: { minFrames?: number } = {}) {
  const frameBytes = channels * 2;
  const minBytes = Math.max(1, options.minFrames ?? 1) * frameBytes;
  let pending = new Uint8Array(0);

  function take(all: boolean): PcmBlock | null {
    const usable = pending.length - (pending.length % frameBytes);
    if (usable === 0 || (!all && usable < minBytes)) return null;
    const block = pending.subarray(0, usable);
    const channelData = pcm16ToFloat32(block, channels);
    pending = pending.slice(usable);
    return { frames: usable / frameBytes, channelData };
  }

  return {
    push(bytes: Uint8Array): PcmBlock | null {
      if (bytes.length === 0) return take(false);
      const joined = new Uint8Array(pending.length + bytes.length);
      joined.set(pending, 0);
      joined.set(bytes, pending.length);
      pending = joined;
      return take(false);
    },
    /** The last whole frames (whatever their number); a trailing partial frame is dropped. */
    flush(): PcmBlock | null {
      const block = take(true);
      pending = new Uint8Array(0);
      return block;
    },
    /** Bytes waiting for the rest of their frame (or for minFrames). */
    pendingBytes: () => pending.length,
  };
}

export type WavStreamEvent = { type: 'format'; format: WavFormat } | { type: 'pcm'; block: PcmBlock };

/**
 * A whole WAV stream, chunk by chunk: the header is gathered until it can be read, then the PCM
 * is split into blocks; bytes past the data chunk's declared size (trailing chunks) are ignored.
 */
export function createWavStreamDecoder(options: { minFrames?: number } = {}) {
  let head = new Uint8Array(0);
  let format: WavFormat | null = null;
  let splitter: ReturnType<typeof createPcmSplitter> | null = null;
  let remaining = Infinity;

  function feedPcm(bytes: Uint8Array, out: WavStreamEvent[]): void {
    if (!splitter) return;
    const take = remaining === Infinity ? bytes : bytes.subarray(0, Math.max(0, Math.min(bytes.length, remaining)));
    remaining -= take.length;
    const block = splitter.push(take);
    if (block) out.push({ type: 'pcm', block });
  }

  return {
    push(bytes: Uint8Array): WavStreamEvent[] {
      const out: WavStreamEvent[] = [];
      if (format) {
        feedPcm(bytes, out);
        return out;
      }
      const joined = new Uint8Array(head.length + bytes.length);
      joined.set(head, 0);
      joined.set(bytes, head.length);
      head = joined;
      const parsed = parseWavHeader(head);
      if (!parsed) return out;
      format = parsed;
      splitter = createPcmSplitter(parsed.channels, options);
      remaining = parsed.dataBytes ?? Infinity;
      out.push({ type: 'format', format: parsed });
      const rest = head.subarray(parsed.dataOffset);
      head = new Uint8Array(0);
      feedPcm(rest, out);
      return out;
    },
    flush(): WavStreamEvent[] {
      const block = splitter?.flush();
      return block ? [{ type: 'pcm', block }] : [];
    },
    get format(): WavFormat | null {
      return format;
    },
  };
}

/** Puts chunks back in `seq` order (Socket.IO keeps order on one connection; this is a safety net). */
export function createSeqOrderer<T>() {
  let next = 0;
  const waiting = new Map<number, T>();
  return {
    /** The chunks that can be used now, in order (a duplicate or old seq is dropped). */
    push(seq: number, item: T): T[] {
      if (seq < next || waiting.has(seq)) return [];
      waiting.set(seq, item);
      const ready: T[] = [];
      while (waiting.has(next)) {
        ready.push(waiting.get(next)!);
        waiting.delete(next);
        next++;
      }
      return ready;
    },
    waiting: () => waiting.size,
  };
}

/** A chunk as it arrives from Socket.IO (ArrayBuffer in browsers, a Buffer/Uint8Array elsewhere) as its own bytes. */
export function toBytes(data: ArrayBuffer | ArrayBufferView | null | undefined): Uint8Array<ArrayBuffer> {
  if (!data) return new Uint8Array(0);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) {
    const copy = new Uint8Array(data.byteLength);
    copy.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return copy;
  }
  return new Uint8Array(0);
}
