// WAV (RIFF) headers, read one way for both sides: the browser reads the header of a clip as it
// streams in (playback), the server reads whole clips (their duration, and the real data size
// where espeak-ng writing to a pipe claimed ~2 GB). Pure: Uint8Array and DataView only.

/** What streamed playback needs: 16-bit PCM only. */
export interface WavFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: 16;
  /** Bytes per sample frame (channels × 2). */
  blockAlign: number;
  /** Where the PCM data starts (44 for the canonical header). */
  dataOffset: number;
  /** Size of the PCM data, or null when the header does not know it (a streamed clip writes 0 or 0xFFFFFFFF). */
  dataBytes: number | null;
}

/** A complete clip, whatever its encoding. */
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

export class WavFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WavFormatError';
  }
}

interface Header {
  audioFormat: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  bitsPerSample: number;
  dataOffset: number;
  /** The data chunk's size as declared. */
  dataSize: number;
}

const ascii = (b: Uint8Array, at: number) => String.fromCharCode(...b.subarray(at, at + 4));

/** Bytes a streamed header can take before we give up looking for its data chunk. */
const MAX_HEADER_BYTES = 64 * 1024;

/**
 * Walks the chunks up to `data` (so headers with LIST or fact chunks work as well as the canonical
 * 44 bytes). Null while more bytes are needed; WavFormatError when they cannot become a WAV header.
 */
function readHeader(bytes: Uint8Array, maxHeaderBytes: number): Header | null {
  if (bytes.length < 12) {
    // Reject early what cannot become a WAV.
    const riff = 'RIFF'.slice(0, Math.min(4, bytes.length));
    for (let i = 0; i < riff.length; i++)
      if (bytes[i] !== riff.charCodeAt(i)) throw new WavFormatError('not a RIFF file');
    return null;
  }
  if (ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') throw new WavFormatError('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: Omit<Header, 'dataOffset' | 'dataSize'> | null = null;
  for (let offset = 12; ; ) {
    if (offset + 8 > bytes.length) {
      if (offset > maxHeaderBytes) throw new WavFormatError('no data chunk in the header');
      return null;
    }
    const id = ascii(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16) throw new WavFormatError('fmt chunk too short');
      if (body + 16 > bytes.length) return null;
      fmt = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        byteRate: view.getUint32(body + 8, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new WavFormatError('data chunk before fmt chunk');
      return { ...fmt, dataOffset: body, dataSize: size };
    }
    // Chunks are word-aligned: an odd size has a pad byte.
    offset = body + size + (size % 2);
    if (offset > maxHeaderBytes) throw new WavFormatError('no data chunk in the header');
  }
}

/**
 * Reads the header of a streamed 16-bit PCM WAV. Returns null while more bytes are needed (the
 * header is split across chunks); throws WavFormatError when the bytes are not 16-bit PCM WAV.
 */
export function parseWavHeader(bytes: Uint8Array): WavFormat | null {
  const h = readHeader(bytes, MAX_HEADER_BYTES);
  if (!h) return null;
  // 1 = PCM; 0xFFFE = WAVE_FORMAT_EXTENSIBLE (also PCM when 16-bit, as written by some encoders).
  if (h.audioFormat !== 1 && h.audioFormat !== 0xfffe)
    throw new WavFormatError(`unsupported WAV encoding ${h.audioFormat} (16-bit PCM only)`);
  if (h.bitsPerSample !== 16)
    throw new WavFormatError(`unsupported sample size ${h.bitsPerSample} bits (16-bit PCM only)`);
  if (h.channels < 1 || h.channels > 8) throw new WavFormatError(`unsupported channel count ${h.channels}`);
  if (h.sampleRate < 3000 || h.sampleRate > 384000) throw new WavFormatError(`unsupported sample rate ${h.sampleRate}`);
  return {
    sampleRate: h.sampleRate,
    channels: h.channels,
    bitsPerSample: 16,
    blockAlign: h.channels * 2,
    dataOffset: h.dataOffset,
    dataBytes: h.dataSize === 0 || h.dataSize === 0xffffffff ? null : h.dataSize,
  };
}

/** The format and data of a complete WAV clip, or null when the bytes are not one. */
export function parseWav(bytes: Uint8Array): WavInfo | null {
  let h: Header | null;
  try {
    h = readHeader(bytes, Infinity);
  } catch {
    return null;
  }
  if (!h || h.byteRate === 0) return null;
  const dataBytes = Math.min(h.dataSize, bytes.length - h.dataOffset);
  const { channels, sampleRate, bitsPerSample, byteRate, dataOffset } = h;
  return {
    channels,
    sampleRate,
    bitsPerSample,
    byteRate,
    dataOffset,
    dataBytes,
    durationMs: Math.round((dataBytes / byteRate) * 1000),
  };
}
