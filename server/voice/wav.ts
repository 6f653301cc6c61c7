// WAV (RIFF) reading for the local voice. espeak-ng writing to a pipe cannot know the length up
// front, so its header claims ~2 GB of data; the real length is the bytes that actually follow.
// finalizeWav rewrites the sizes once the clip is complete, so the cached file is exact.

export interface WavInfo {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  byteRate: number;
  /** Offset of the first sample. */
  dataOffset: number;
  /** Bytes of samples actually present (never more than the buffer holds). */
  dataBytes: number;
  durationMs: number;
}

const ascii = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

/** The format and data chunk of a PCM WAV, or null when the bytes are not one. */
export function parseWav(bytes: Uint8Array): WavInfo | null {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: Pick<WavInfo, 'channels' | 'sampleRate' | 'bitsPerSample' | 'byteRate'> | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 24 <= bytes.length) {
      fmt = {
        channels: view.getUint16(at + 10, true),
        sampleRate: view.getUint32(at + 12, true),
        byteRate: view.getUint32(at + 16, true),
        bitsPerSample: view.getUint16(at + 22, true),
      };
    } else if (id === 'data') {
      if (!fmt || fmt.byteRate === 0) return null;
      const dataOffset = at + 8;
      const dataBytes = Math.min(size, bytes.length - dataOffset);
      return { ...fmt, dataOffset, dataBytes, durationMs: Math.round((dataBytes / fmt.byteRate) * 1000) };
    }
    at += 8 + size + (size % 2);
  }
  return null;
}

/** A copy whose RIFF and data sizes match the bytes present (unchanged when it is not a WAV). */
export function finalizeWav(bytes: Uint8Array): Uint8Array {
  const info = parseWav(bytes);
  if (!info) return bytes;
  const out = new Uint8Array(bytes.subarray(0, info.dataOffset + info.dataBytes));
  const view = new DataView(out.buffer);
  view.setUint32(4, out.length - 8, true);
  view.setUint32(info.dataOffset - 4, info.dataBytes, true);
  return out;
}
