import type { AppDeps } from '../app/deps.ts';
import { DEFAULT_PREFERENCES, type Preferences } from '../domain/types.ts';

/** A user's preferences, or the defaults for a user who has none (nothing is created by reading). */
export async function getPreferences(deps: AppDeps, userId: string): Promise<Preferences> {
  const stored = await deps.repos.preferences.get(userId);
  if (!stored) return { userId, ...DEFAULT_PREFERENCES };
  const { userId: id, preferredTone, defaultAssertiveness, voiceEnabled, elevenLabsVoiceId } = stored;
  return { userId: id, preferredTone, defaultAssertiveness, voiceEnabled, elevenLabsVoiceId };
}
