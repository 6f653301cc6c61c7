// Duration measured from the audio itself (never estimated from the text).
import { parseMp3 } from './mp3.ts';
import type { AudioFormat } from './voice.ts';
import { parseWav } from '../../machines/audio/wav.ts';

/** Milliseconds of audio in a complete clip; 0 when the bytes hold no audio of that format. */
export function measureDurationMs(format: AudioFormat, bytes: Uint8Array): number {
  return (format === 'mp3' ? parseMp3(bytes)?.durationMs : parseWav(bytes)?.durationMs) ?? 0;
}
