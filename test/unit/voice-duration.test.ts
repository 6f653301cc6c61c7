// Duration from the audio itself: WAV from its format chunk and the bytes of samples actually
// present; MP3 by walking the MPEG frame headers. Built from bytes whose duration is known.
import { describe, expect, it } from 'vitest';
import { measureDurationMs } from '../../server/voice/duration.ts';
import { parseFrameHeader, parseMp3 } from '../../server/voice/mp3.ts';
import { parseWav } from '../../machines/audio/wav.ts';
import { finalizeWav } from '../../server/voice/wav.ts';
import { FRAME_BYTES, framesDurationMs, mp3Frames } from '../support/elevenlabs-standin.ts';

/** A PCM WAV header (+ samples) the way espeak-ng writes it; `declared` overrides the data size. */
function wav({
  sampleRate = 22_050,
  channels = 1,
  bits = 16,
  dataBytes,
  declared,
}: {
  sampleRate?: number;
  channels?: number;
  bits?: number;
  dataBytes: number;
  declared?: number;
}): Buffer {
  const b = Buffer.alloc(44 + dataBytes);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(Math.min(0xffffffff, (declared ?? dataBytes) + 36), 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(sampleRate, 24);
  b.writeUInt32LE((sampleRate * channels * bits) / 8, 28);
  b.writeUInt16LE((channels * bits) / 8, 32);
  b.writeUInt16LE(bits, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(declared ?? dataBytes, 40);
  return b;
}

describe('WAV duration', () => {
  it('is the data size over the byte rate', () => {
    expect(measureDurationMs('wav', wav({ sampleRate: 16_000, dataBytes: 32_000 }))).toBe(1000);
    expect(measureDurationMs('wav', wav({ sampleRate: 44_100, channels: 2, dataBytes: 44_100 * 4 * 2.5 }))).toBe(2500);
  });

  it('counts the bytes really present when the header claims more (espeak-ng writing to a pipe)', () => {
    const b = wav({ sampleRate: 22_050, dataBytes: 22_050, declared: 0x7ffff000 });
    const info = parseWav(b)!;
    expect(info.dataBytes).toBe(22_050);
    expect(info.durationMs).toBe(500);
  });

  it('finalizeWav rewrites the RIFF and data sizes to the real ones', () => {
    const b = finalizeWav(wav({ dataBytes: 4410, declared: 0x7ffff000 }));
    const view = Buffer.from(b);
    expect(view.readUInt32LE(4)).toBe(b.length - 8);
    expect(view.readUInt32LE(40)).toBe(4410);
    expect(parseWav(b)!.durationMs).toBe(100);
  });

  it('skips chunks before "data" (LIST) and rejects what is not a WAV', () => {
    const plain = wav({ sampleRate: 8000, dataBytes: 16_000 });
    const list = Buffer.alloc(8 + 6);
    list.write('LIST', 0, 'ascii');
    list.writeUInt32LE(6, 4);
    const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    expect(parseWav(withList)!.durationMs).toBe(1000);
    expect(parseWav(Buffer.from('not a wav file at all'))).toBeNull();
    expect(measureDurationMs('wav', mp3Frames(3))).toBe(0);
  });
});

describe('MP3 duration', () => {
  it('reads an MPEG-1 Layer III header', () => {
    const h = parseFrameHeader(mp3Frames(1), 0)!;
    expect(h).toMatchObject({
      version: 1,
      layer: 3,
      bitrateKbps: 128,
      sampleRate: 44_100,
      samples: 1152,
      length: FRAME_BYTES,
    });
  });

  it('sums the frames: n × 1152 / 44100 s', () => {
    for (const n of [1, 38, 383]) {
      const info = parseMp3(mp3Frames(n))!;
      expect(info.frames).toBe(n);
      expect(info.durationMs).toBe(Math.round(framesDurationMs(n)));
    }
  });

  it('handles padding, other bitrates, MPEG-2 (576 samples) and VBR mixes', () => {
    // MPEG-1 L3 44.1 kHz 128 kbit/s with the padding bit: 418 bytes
    const padded = Buffer.alloc(418);
    padded.set([0xff, 0xfb, 0x92, 0x64]);
    expect(parseFrameHeader(padded, 0)!.length).toBe(418);
    // MPEG-2 L3 22.05 kHz 64 kbit/s: 72 × 64000 / 22050 = 208 bytes, 576 samples
    const v2 = Buffer.alloc(208);
    v2.set([0xff, 0xf3, 0x80, 0xc4]);
    expect(parseFrameHeader(v2, 0)).toMatchObject({
      version: 2,
      layer: 3,
      sampleRate: 22_050,
      samples: 576,
      length: 208,
    });
    // MPEG-1 L3 44.1 kHz 320 kbit/s: 1044 bytes
    const hi = Buffer.alloc(1044);
    hi.set([0xff, 0xfb, 0xe0, 0x64]);
    const mixed = Buffer.concat([mp3Frames(2), padded, hi, v2, v2]);
    const info = parseMp3(mixed)!;
    expect(info.frames).toBe(6);
    expect(info.durationMs).toBe(Math.round(((4 * 1152) / 44_100 + (2 * 576) / 22_050) * 1000));
  });

  it('skips an ID3v2 tag, junk between frames, and a truncated last frame', () => {
    const id3 = Buffer.alloc(10 + 300);
    id3.write('ID3', 0, 'ascii');
    id3.set([4, 0, 0, 0, 0, 2, 0x2c], 3); // version 2.4.0, no flags, syncsafe size 300
    const junk = Buffer.from([0x00, 0x12, 0xff, 0x00, 0x55]);
    const b = Buffer.concat([id3, mp3Frames(10), junk, mp3Frames(5), mp3Frames(1).subarray(0, 200)]);
    expect(parseMp3(b)!.frames).toBe(15);
  });

  it('does not count a Xing/Info frame as audio', () => {
    const info = mp3Frames(1);
    info.write('Info', 4 + 32, 'ascii'); // stereo MPEG-1: after 32 bytes of side information
    expect(parseMp3(Buffer.concat([info, mp3Frames(20)]))!.frames).toBe(20);
  });

  it('rejects invalid headers and bytes without frames', () => {
    expect(parseFrameHeader(Buffer.from([0xff, 0xfb, 0xf0, 0x64]), 0)).toBeNull(); // bitrate index 15
    expect(parseFrameHeader(Buffer.from([0xff, 0xfb, 0x9c, 0x64]), 0)).toBeNull(); // sample rate index 3
    expect(parseFrameHeader(Buffer.from([0xff, 0xeb, 0x90, 0x64]), 0)).toBeNull(); // reserved version
    expect(parseFrameHeader(Buffer.from([0xff, 0xf9, 0x90, 0x64]), 0)).toBeNull(); // reserved layer
    expect(parseMp3(Buffer.from('RIFF....WAVEfmt '))).toBeNull();
    expect(measureDurationMs('mp3', Buffer.alloc(0))).toBe(0);
  });
});
