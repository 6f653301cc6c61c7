import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { LIMITS, userIdField } from '../domain/fields.ts';
import { AppError } from '../errors.ts';

export const synthesizeVoiceInput = z.object({
  text: z.string().trim().min(1, 'must not be empty').max(LIMITS.voiceText, `must be at most ${LIMITS.voiceText} characters`),
  voiceId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1 to 128 letters, digits, "_" or "-"').optional(),
  userId: userIdField.optional(),
});
export type SynthesizeVoiceInput = z.infer<typeof synthesizeVoiceInput>;

export interface SynthesizeVoiceResult {
  audioUrl: string;
  duration: number;
  format: 'mp3' | 'wav';
}

/** Speech for a response. No voice engine is wired yet, so this says so honestly (503). */
export async function synthesizeVoice(_deps: AppDeps, _input: SynthesizeVoiceInput): Promise<SynthesizeVoiceResult> {
  throw new AppError('voice_unavailable', 'Voice synthesis is not available on this server yet.');
}
