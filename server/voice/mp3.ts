// MP3 duration from the MPEG audio frame headers: each frame carries a fixed number of samples at
// a known sample rate, so the duration is the sum over frames; the frame length (from bitrate,
// sample rate and padding) says where the next header is. Handles an ID3v2 tag in front, a
// Xing/Info frame (metadata, not audio), junk between frames, CBR and VBR. No decoding.

const BITRATES_KBPS: Record<string, number[]> = {
  'v1-l1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  'v1-l2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  'v1-l3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  'v2-l1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  'v2-l2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

export interface FrameHeader {
  /** 1 (MPEG-1) or 2 (MPEG-2 and 2.5). */
  version: 1 | 2;
  layer: 1 | 2 | 3;
  bitrateKbps: number;
  sampleRate: number;
  samples: number;
  /** Bytes of the whole frame, header included. */
  length: number;
  mono: boolean;
}

/** The frame header at `at`, or null when the four bytes there are not a valid one. */
export function parseFrameHeader(b: Uint8Array, at: number): FrameHeader | null {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return null;
  const versionBits = (b[at + 1]! >> 3) & 3; // 0: 2.5, 1: reserved, 2: 2, 3: 1
  const layerBits = (b[at + 1]! >> 1) & 3; // 0: reserved, 1: III, 2: II, 3: I
  const bitrateIndex = b[at + 2]! >> 4;
  const rateIndex = (b[at + 2]! >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const version = versionBits === 3 ? 1 : 2;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const table = version === 1 ? `v1-l${layer}` : layer === 1 ? 'v2-l1' : 'v2-l2';
  const bitrateKbps = BITRATES_KBPS[table]![bitrateIndex]!;
  const sampleRate = SAMPLE_RATES[versionBits]![rateIndex]!;
  const padding = (b[at + 2]! >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 2 || version === 1 ? 1152 : 576;
  const length =
    layer === 1
      ? (Math.floor((12 * bitrateKbps * 1000) / sampleRate) + padding) * 4
      : Math.floor(((samples / 8) * bitrateKbps * 1000) / sampleRate) + padding;
  return { version, layer, bitrateKbps, sampleRate, samples, length, mono: b[at + 3]! >> 6 === 3 };
}

function id3v2Length(b: Uint8Array): number {
  if (b.length < 10 || b[0] !== 0x49 || b[1] !== 0x44 || b[2] !== 0x33) return 0; // "ID3"
  const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f);
  return 10 + size + (b[5]! & 0x10 ? 10 : 0);
}

/** A Xing/Info frame describes the file; it holds no audio. */
function isInfoFrame(b: Uint8Array, at: number, h: FrameHeader): boolean {
  if (h.layer !== 3) return false;
  const side = h.version === 1 ? (h.mono ? 17 : 32) : h.mono ? 9 : 17;
  const tag = String.fromCharCode(...b.subarray(at + 4 + side, at + 8 + side));
  return tag === 'Xing' || tag === 'Info';
}

export interface Mp3Info {
  frames: number;
  sampleRate: number;
  durationMs: number;
}

/** Duration of the complete frames in `bytes`; null when there is no MPEG audio frame at all. */
export function parseMp3(bytes: Uint8Array): Mp3Info | null {
  let seconds = 0;
  let frames = 0;
  let sampleRate = 0;
  for (let at = id3v2Length(bytes); at + 4 <= bytes.length; ) {
    const h = parseFrameHeader(bytes, at);
    if (!h || at + h.length > bytes.length) {
      at++; // not a header (junk, or a truncated last frame): look further
      continue;
    }
    if (!(frames === 0 && isInfoFrame(bytes, at, h))) {
      seconds += h.samples / h.sampleRate;
      frames++;
      sampleRate ||= h.sampleRate;
    }
    at += h.length;
  }
  return frames ? { frames, sampleRate, durationMs: Math.round(seconds * 1000) } : null;
}
