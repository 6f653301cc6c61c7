// The local voice: espeak-ng writing WAV to stdout, passed on chunk by chunk while it speaks. The
// text goes in on stdin (never as an argument, so text starting with "-" is not an option).
// Aborting kills the process at once. Speed and pitch follow the tone (tones.ts).
import { spawn as nodeSpawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { TONE_SETTINGS, toneStyle } from './tones.ts';
import { CONTENT_TYPES, voiceUnavailable, type Voice } from './voice.ts';

export type Spawn = (command: string, args: string[]) => ChildProcessWithoutNullStreams;

export interface EspeakVoiceOptions {
  /** The espeak-ng binary (a name on PATH or a path). */
  path: string;
  /** espeak-ng -v; default "en-us". */
  language?: string;
  /** How to start the process (tests pass one that records the child). */
  spawn?: Spawn;
}

const defaultSpawn: Spawn = (command, args) => nodeSpawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });

export function espeakArgs(tone: string | null | undefined, language: string): string[] {
  const { speed, pitch } = TONE_SETTINGS[toneStyle(tone)].espeak;
  return ['--stdout', '--stdin', '-b', '1', '-v', language, '-s', String(speed), '-p', String(pitch)];
}

export function createEspeakVoice(opts: EspeakVoiceOptions): Voice {
  const spawn = opts.spawn ?? defaultSpawn;
  const language = opts.language ?? 'en-us';
  return {
    name: 'espeak-ng',
    format: 'wav',
    contentType: CONTENT_TYPES.wav,
    variant: (o) => {
      const { speed, pitch } = TONE_SETTINGS[toneStyle(o.tone)].espeak;
      return [language, speed, pitch].join('|');
    },

    async *stream(text, o, signal) {
      signal?.throwIfAborted();
      const child = spawn(opts.path, espeakArgs(o.tone, language));
      const kill = () => child.kill('SIGKILL');
      signal?.addEventListener('abort', kill, { once: true });
      const stderr: Buffer[] = [];
      child.stderr.on('data', (d: Buffer) => stderr.push(d));
      // Rejects if the process could not start ('error' before 'close').
      const exited = once(child, 'close').then(([code]) => code as number | null);
      exited.catch(() => undefined); // observed below; this only keeps an early failure from being unhandled
      child.stdin.on('error', () => undefined); // EPIPE when the process died before reading
      child.stdin.end(text, 'utf8');
      const exitCode = () =>
        exited.catch((err: NodeJS.ErrnoException) => {
          throw voiceUnavailable(
            err.code === 'ENOENT'
              ? `espeak-ng is not installed (${opts.path}).`
              : `espeak-ng could not start: ${err.message}`,
          );
        });
      let complete = false;
      try {
        try {
          for await (const chunk of child.stdout) {
            if (signal?.aborted) break;
            yield chunk as Uint8Array;
          }
        } catch (err) {
          signal?.throwIfAborted();
          await exitCode();
          throw voiceUnavailable(`espeak-ng output failed: ${(err as Error).message}`);
        }
        const code = await exitCode();
        signal?.throwIfAborted();
        if (code !== 0)
          throw voiceUnavailable(
            `espeak-ng failed (exit ${code}): ${Buffer.concat(stderr).toString('utf8').trim().slice(0, 200)}`,
          );
        complete = true;
      } finally {
        signal?.removeEventListener('abort', kill);
        // The consumer stopped early (or something failed): the process must not linger.
        if (!complete && child.exitCode === null && child.signalCode === null) kill();
      }
    },
  };
}
