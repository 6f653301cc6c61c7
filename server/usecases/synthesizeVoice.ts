// POST /api/voice/synthesize: the whole clip is produced (or found in the audio cache), kept in
// Redis for VOICE_CACHE_SECONDS and served by Calmly itself at `audioUrl`; `duration` is measured
// from the audio. Live sessions stream the same clips through speak() instead.
import { z } from 'zod';
import { LIMITS, textField, toneField, userIdField } from '../../machines/domain/fields.ts';
import { AppError } from '../errors.ts';
import type { AudioFormat } from '../voice/voice.ts';
import { defineOperation } from '../operations/operation.ts';
import { speak, type SpeakDeps } from './speak.ts';

export const synthesizeVoiceInput = z.object({
  text: textField(LIMITS.voiceText),
  voiceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1 to 128 letters, digits, "_" or "-"')
    .optional(),
  userId: userIdField.optional(),
  tone: toneField
    .optional()
    .meta({ description: 'The tone to speak in (e.g. "Calm and Professional", "empathetic"); extension' }),
});
export type SynthesizeVoiceInput = z.infer<typeof synthesizeVoiceInput>;

export const synthesizeVoiceOutput = z.object({
  audioUrl: z.string().meta({ example: '/api/audio/3f9a0c2d4b6e8f1a2c3d4e5f60718293.mp3' }),
  /** Seconds, measured from the audio. */
  duration: z.number().meta({ example: 3.42 }),
  format: z.enum(['mp3', 'wav']),
});
export type SynthesizeVoiceResult = z.infer<typeof synthesizeVoiceOutput>;

export const audioPath = (audioId: string, format: AudioFormat) => `/api/audio/${audioId}.${format}`;

export async function synthesizeVoice(
  deps: SpeakDeps,
  input: SynthesizeVoiceInput,
  signal?: AbortSignal,
): Promise<SynthesizeVoiceResult> {
  const speech = await speak(deps, input, signal, { requireCache: true });
  try {
    for await (const _chunk of speech.chunks) {
      // collected and cached by speak(); nothing to do with the bytes here
    }
    const clip = await speech.done;
    return {
      audioUrl: `${(deps.config.publicUrl ?? '').replace(/\/+$/, '')}${audioPath(clip.audioId, speech.format)}`,
      duration: Math.round(clip.durationMs) / 1000,
      format: speech.format,
    };
  } catch (err) {
    if (err instanceof AppError || signal?.aborted) throw err;
    throw new AppError('voice_unavailable', 'The voice could not produce this audio.');
  }
}

export const synthesizeVoiceOperation = defineOperation({
  name: 'synthesize_voice',
  input: synthesizeVoiceInput,
  output: synthesizeVoiceOutput,
  cost: 'model',
  user: 'optional',
  run: (deps, input, { signal }) => synthesizeVoice(deps, input, signal),
});
