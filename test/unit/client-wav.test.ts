// The pure part of the client's streamed WAV playback: header parsing and PCM chunk splitting.
import { assert, describe, expect, it } from 'vitest';
import { parseWavHeader, WavFormatError } from '../../machines/audio/wav.ts';
import {
  createPcmSplitter,
  createSeqOrderer,
  createWavStreamDecoder,
  pcm16ToFloat32,
  toBytes,
  type PcmBlock,
} from '../../client/src/audio/wav.ts';

/** A canonical 44-byte header followed by 16-bit PCM samples (interleaved). */
function wav(
  samples: number[],
  opts: { sampleRate?: number; channels?: number; dataBytes?: number; extraChunk?: boolean } = {},
): Uint8Array {
  const sampleRate = opts.sampleRate ?? 22050;
  const channels = opts.channels ?? 1;
  const extra = opts.extraChunk ? 8 + 6 : 0;
  const data = samples.length * 2;
  const buf = new Uint8Array(44 + extra + data);
  const v = new DataView(buf.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => v.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, 36 + extra + data, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  let at = 36;
  if (opts.extraChunk) {
    text(at, 'LIST');
    v.setUint32(at + 4, 6, true);
    text(at + 8, 'INFOab');
    at += 14;
  }
  text(at, 'data');
  v.setUint32(at + 4, opts.dataBytes ?? data, true);
  samples.forEach((s, i) => v.setInt16(at + 8 + i * 2, s, true));
  return buf;
}

const all = (blocks: PcmBlock[], channel = 0) =>
  blocks.flatMap((b) => {
    const data = b.channelData[channel];
    assert.isDefined(data, `channel ${channel}`);
    return [...data];
  });

describe('parseWavHeader', () => {
  it('reads the canonical 44-byte header', () => {
    expect(parseWavHeader(wav([1, 2, 3], { sampleRate: 24000 }))).toEqual({
      sampleRate: 24000,
      channels: 1,
      bitsPerSample: 16,
      blockAlign: 2,
      dataOffset: 44,
      dataBytes: 6,
    });
  });

  it('needs more bytes (null) until the data chunk header is there', () => {
    const bytes = wav([1, 2]);
    for (const n of [0, 3, 11, 12, 20, 36, 43]) expect(parseWavHeader(bytes.subarray(0, n))).toBeNull();
    expect(parseWavHeader(bytes.subarray(0, 44))?.dataOffset).toBe(44);
  });

  it('walks extra chunks before data, and treats a streaming size (0 or 0xFFFFFFFF) as unknown', () => {
    expect(parseWavHeader(wav([1], { extraChunk: true }))?.dataOffset).toBe(58);
    expect(parseWavHeader(wav([1], { dataBytes: 0xffffffff }))?.dataBytes).toBeNull();
    expect(parseWavHeader(wav([1], { dataBytes: 0 }))?.dataBytes).toBeNull();
  });

  it('rejects what is not 16-bit PCM WAV', () => {
    expect(() => parseWavHeader(new TextEncoder().encode('ID3\u0004 mp3 data here...'))).toThrow(WavFormatError);
    expect(() => parseWavHeader(new TextEncoder().encode('ID'))).toThrow(WavFormatError);
    const eight = wav([1, 2]);
    new DataView(eight.buffer).setUint16(34, 8, true);
    expect(() => parseWavHeader(eight)).toThrow(/16-bit/);
    const float = wav([1, 2]);
    new DataView(float.buffer).setUint16(20, 3, true);
    expect(() => parseWavHeader(float)).toThrow(/encoding/);
  });
});

describe('PCM splitting', () => {
  it('converts 16-bit little-endian samples to floats per channel', () => {
    const bytes = wav([0, 16384, -32768, 32767], { channels: 2 }).subarray(44);
    const [left, right] = pcm16ToFloat32(bytes, 2);
    assert.isDefined(left);
    assert.isDefined(right);
    expect([...left]).toEqual([0, -1]);
    expect(right[0]).toBe(0.5);
    expect(right[1]).toBeCloseTo(32767 / 32768, 6);
  });

  it('keeps an odd trailing byte for the next chunk', () => {
    const pcm = wav([100, -200, 300], {}).subarray(44); // 6 bytes
    const split = createPcmSplitter(1);
    const a = split.push(pcm.subarray(0, 3));
    expect(a?.frames).toBe(1);
    expect(split.pendingBytes()).toBe(1);
    const b = split.push(pcm.subarray(3, 6));
    expect(b?.frames).toBe(2);
    expect(split.pendingBytes()).toBe(0);
    expect(all([a!, b!]).map((x) => Math.round(x * 32768))).toEqual([100, -200, 300]);
  });

  it('keeps half a stereo frame, and gathers small pieces up to minFrames', () => {
    const samples = Array.from({ length: 20 }, (_, i) => i * 10);
    const pcm = wav(samples, { channels: 2 }).subarray(44); // 10 frames of 4 bytes
    const split = createPcmSplitter(2, { minFrames: 4 });
    const blocks: PcmBlock[] = [];
    for (let i = 0; i < pcm.length; i += 3) {
      const b = split.push(pcm.subarray(i, i + 3));
      if (b) blocks.push(b);
    }
    const last = split.flush();
    if (last) blocks.push(last);
    expect(blocks.every((b, i) => i === blocks.length - 1 || b.frames >= 4)).toBe(true);
    expect(blocks.reduce((n, b) => n + b.frames, 0)).toBe(10);
    expect(all(blocks, 0).map((x) => Math.round(x * 32768))).toEqual(samples.filter((_, i) => i % 2 === 0));
    expect(all(blocks, 1).map((x) => Math.round(x * 32768))).toEqual(samples.filter((_, i) => i % 2 === 1));
  });
});

describe('a WAV stream in arbitrary chunks', () => {
  const samples = Array.from({ length: 501 }, (_, i) => Math.round(Math.sin(i / 7) * 12000));

  for (const size of [1, 5, 43, 44, 45, 1000]) {
    it(`decodes the same samples with ${size}-byte chunks`, () => {
      const bytes = wav(samples, { sampleRate: 16000 });
      const decoder = createWavStreamDecoder();
      const events = [];
      for (let i = 0; i < bytes.length; i += size) events.push(...decoder.push(bytes.subarray(i, i + size)));
      events.push(...decoder.flush());
      const formats = events.filter((e) => e.type === 'format');
      expect(formats).toHaveLength(1);
      expect(decoder.format?.sampleRate).toBe(16000);
      const blocks = events.flatMap((e) => (e.type === 'pcm' ? [e.block] : []));
      expect(all(blocks).map((x) => Math.round(x * 32768))).toEqual(samples);
    });
  }

  it('ignores bytes after the declared data size (trailing chunks)', () => {
    const bytes = wav([1, 2, 3]);
    const withTrailer = new Uint8Array(bytes.length + 12);
    withTrailer.set(bytes);
    withTrailer.set(new TextEncoder().encode('LIST\u0004\u0000\u0000\u0000abcd'), bytes.length);
    const decoder = createWavStreamDecoder();
    const blocks = [...decoder.push(withTrailer), ...decoder.flush()].flatMap((e) =>
      e.type === 'pcm' ? [e.block] : [],
    );
    expect(all(blocks).map((x) => Math.round(x * 32768))).toEqual([1, 2, 3]);
  });
});

describe('chunk order and bytes', () => {
  it('puts chunks back in seq order and drops duplicates', () => {
    const o = createSeqOrderer<string>();
    expect(o.push(1, 'b')).toEqual([]);
    expect(o.push(0, 'a')).toEqual(['a', 'b']);
    expect(o.push(0, 'a again')).toEqual([]);
    expect(o.push(3, 'd')).toEqual([]);
    expect(o.push(2, 'c')).toEqual(['c', 'd']);
    expect(o.waiting()).toBe(0);
  });

  it('copies whatever Socket.IO delivers into its own bytes', () => {
    const backing = new Uint8Array([9, 1, 2, 3, 9]);
    expect([...toBytes(backing.subarray(1, 4))]).toEqual([1, 2, 3]);
    expect(toBytes(backing.subarray(1, 4)).byteOffset).toBe(0);
    expect([...toBytes(new Uint8Array([4, 5]).buffer)]).toEqual([4, 5]);
    expect(toBytes(null).length).toBe(0);
  });
});
