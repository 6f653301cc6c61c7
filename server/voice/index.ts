// Which voice this process speaks with (VOICE_PROVIDER): ElevenLabs when it has a key, else the
// local espeak-ng when it is installed, else none (speech answers 503 voice_unavailable). A plan
// without the hosted voice speaks with the local one (createLocalVoice).
import { execFile } from 'node:child_process';
import { ElevenLabsClient } from '@elevenlabs/elevenlabs-js';
import type { Config } from '../config.ts';
import type { Logger } from '../log/logger.ts';
import { createElevenLabsVoice } from './elevenlabs.ts';
import { createEspeakVoice } from './espeak.ts';
import type { Voice } from './voice.ts';

export type { AudioFormat, Voice, VoiceOptions } from './voice.ts';
export { CONTENT_TYPES } from './voice.ts';

/** True when `path --version` runs (within 5 s). */
export function espeakAvailable(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: 5_000 }, (err) => resolve(!err));
  });
}

export async function createVoice(config: Config, { log }: { log: Logger }): Promise<Voice | null> {
  const v = config.voice;
  if (v.provider === 'none') return null;
  if (v.elevenLabsApiKey && (v.provider === 'auto' || v.provider === 'elevenlabs')) {
    const client = new ElevenLabsClient({
      apiKey: v.elevenLabsApiKey,
      ...(v.elevenLabs.baseUrl ? { baseUrl: v.elevenLabs.baseUrl } : {}),
    });
    return createElevenLabsVoice({
      client,
      modelId: v.elevenLabs.modelId,
      defaultVoiceId: v.elevenLabs.voiceId,
      outputFormat: v.elevenLabs.outputFormat,
    });
  }
  if (await espeakAvailable(v.espeakPath)) return createEspeakVoice({ path: v.espeakPath });
  log.warn(
    { espeakPath: v.espeakPath },
    'no voice: set ELEVENLABS_API_KEY or install espeak-ng; speech answers 503 voice_unavailable',
  );
  return null;
}

/**
 * The voice for plans without the hosted voice: `voice` itself when it is already local, espeak-ng
 * beside ElevenLabs when it is installed and VOICE_PROVIDER is auto (forcing elevenlabs means no
 * other voice), else none (those plans then get 503 voice_unavailable).
 */
export async function createLocalVoice(config: Config, voice: Voice | null): Promise<Voice | null> {
  if (!voice || voice.name === 'espeak-ng') return voice;
  const v = config.voice;
  if (v.provider !== 'auto' || !(await espeakAvailable(v.espeakPath))) return null;
  return createEspeakVoice({ path: v.espeakPath });
}
