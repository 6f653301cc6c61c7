import type { AppDeps } from '../app/deps.ts';
import type { Preferences } from '../../machines/domain/types.ts';

/** A user's preferences (through the Redis cache), or the defaults for a user who has none (nothing is created by reading). */
export async function getPreferences(deps: AppDeps, userId: string): Promise<Preferences> {
  return deps.preferences.get(userId);
}
