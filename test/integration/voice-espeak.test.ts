// The local voice with the real espeak-ng: a valid WAV streamed while it speaks, a duration that
// grows with the text, tone settings on the command line, abort killing the process, failures
// becoming voice_unavailable.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/errors.ts';
import { espeakAvailable } from '../../server/voice/index.ts';
import { createEspeakVoice, type Spawn } from '../../server/voice/espeak.ts';
import { TONE_SETTINGS } from '../../server/voice/tones.ts';
import { parseWav } from '../../machines/audio/wav.ts';
import { finalizeWav } from '../../server/voice/wav.ts';
import { waitFor } from '../support/wait.ts';

const ESPEAK = process.env.ESPEAK_PATH ?? 'espeak-ng';

/** The real spawn, remembering every child and its arguments. */
function recordingSpawn() {
  const children: Array<{ child: ChildProcessWithoutNullStreams; args: string[] }> = [];
  const fn: Spawn = (command, args) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    children.push({ child, args });
    return child;
  };
  return { fn, children };
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of it) out.push(Buffer.from(c));
  return out;
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  // espeak-ng is part of the test machine's setup; say so plainly when it is missing.
  expect(await espeakAvailable(ESPEAK), `${ESPEAK} must be installed for these tests`).toBe(true);
});

describe('espeak-ng voice', () => {
  it('streams a valid WAV whose duration grows with the text', async () => {
    const voice = createEspeakVoice({ path: ESPEAK });
    expect(voice).toMatchObject({ name: 'espeak-ng', format: 'wav', contentType: 'audio/wav' });
    const short = Buffer.concat(await collect(voice.stream('I hear you.', {})));
    const longText =
      'I hear you, and I want to understand what happened in the meeting yesterday. Could we talk about it this afternoon, just the two of us, and agree on what we do next time?';
    const longChunks = await collect(voice.stream(longText, {}));
    const long = Buffer.concat(longChunks);
    expect(longChunks.length).toBeGreaterThan(1);
    for (const b of [short, long]) {
      expect(b.subarray(0, 4).toString('ascii')).toBe('RIFF');
      expect(b.subarray(8, 12).toString('ascii')).toBe('WAVE');
      const info = parseWav(b)!;
      expect(info).toMatchObject({ channels: 1, bitsPerSample: 16 });
      expect(info.sampleRate).toBeGreaterThanOrEqual(16_000);
      expect(info.dataOffset + info.dataBytes).toBe(b.length);
    }
    const s = parseWav(short)!.durationMs;
    const l = parseWav(long)!.durationMs;
    expect(s).toBeGreaterThan(300);
    const ratio = l / s;
    const textRatio = longText.length / 'I hear you.'.length; // ~15
    expect(ratio).toBeGreaterThan(textRatio / 3);
    expect(ratio).toBeLessThan(textRatio * 1.5);
    // the cached copy gets exact sizes
    const fixed = finalizeWav(long);
    expect(Buffer.from(fixed).readUInt32LE(4)).toBe(fixed.length - 8);
  });

  it('speaks slower and warmer for empathetic than for assertive (speed and pitch on the command line)', async () => {
    const { fn, children } = recordingSpawn();
    const voice = createEspeakVoice({ path: ESPEAK, spawn: fn });
    const text = 'I need you to tell me before you change the plan.';
    const warm = parseWav(Buffer.concat(await collect(voice.stream(text, { tone: 'Empathetic' }))))!.durationMs;
    const firm = parseWav(Buffer.concat(await collect(voice.stream(text, { tone: 'Assertive' }))))!.durationMs;
    const arg = (i: number, flag: string) => Number(children[i]!.args[children[i]!.args.indexOf(flag) + 1]);
    expect(arg(0, '-s')).toBe(TONE_SETTINGS.acknowledge.espeak.speed);
    expect(arg(0, '-p')).toBe(TONE_SETTINGS.acknowledge.espeak.pitch);
    expect(arg(1, '-s')).toBe(TONE_SETTINGS.assertive.espeak.speed);
    expect(warm).toBeGreaterThan(firm);
    // text goes in on stdin, never as an argument
    expect(children[0]!.args).not.toContain(text);
  });

  it('text that looks like an option is spoken, not interpreted', async () => {
    const voice = createEspeakVoice({ path: ESPEAK });
    const b = Buffer.concat(await collect(voice.stream('--help -v xx', {})));
    expect(parseWav(b)!.durationMs).toBeGreaterThan(200);
  });

  it('aborting kills the process at once', async () => {
    const { fn, children } = recordingSpawn();
    const voice = createEspeakVoice({ path: ESPEAK, spawn: fn });
    const ac = new AbortController();
    const text = 'This is a long answer that keeps going. '.repeat(120);
    const err = await errorOf(
      (async () => {
        for await (const _ of voice.stream(text, {}, ac.signal)) ac.abort();
      })(),
    );
    expect((err as Error).name).toBe('AbortError');
    const { child } = children[0]!;
    await waitFor(() => child.signalCode !== null || child.exitCode !== null, {
      timeoutMs: 2_000,
      intervalMs: 5,
      what: 'espeak-ng to exit',
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(alive(child.pid!)).toBe(false);
  });

  it('a consumer that stops reading ends the process (killed, or by the closed pipe)', async () => {
    const { fn, children } = recordingSpawn();
    const voice = createEspeakVoice({ path: ESPEAK, spawn: fn });
    for await (const _ of voice.stream('A long answer. '.repeat(200), {})) break;
    const { child } = children[0]!;
    await waitFor(() => child.signalCode !== null || child.exitCode !== null, {
      timeoutMs: 2_000,
      intervalMs: 5,
      what: 'espeak-ng to exit',
    });
    expect(['SIGKILL', 'SIGPIPE']).toContain(child.signalCode);
    expect(alive(child.pid!)).toBe(false);
  });

  it('a missing binary or a failing one becomes voice_unavailable', async () => {
    const missing = createEspeakVoice({ path: '/nonexistent/espeak-ng' });
    const e1 = await errorOf(collect(missing.stream('Hello.', {})));
    expect(e1).toBeInstanceOf(AppError);
    expect((e1 as AppError).code).toBe('voice_unavailable');
    expect(await espeakAvailable('/nonexistent/espeak-ng')).toBe(false);
    // an unknown language makes espeak-ng exit with an error
    const failing = createEspeakVoice({ path: ESPEAK, language: 'zz-nonexistent' });
    const e2 = await errorOf(collect(failing.stream('Hello.', {})));
    expect((e2 as AppError).code).toBe('voice_unavailable');
  });
});
