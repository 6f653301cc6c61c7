// espeak-ng writing to a pipe cannot know the length up front, so its WAV header claims ~2 GB of
// data; finalizeWav rewrites the sizes once the clip is complete, so the cached file is exact.
import { parseWav } from '../../machines/audio/wav.ts';

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
