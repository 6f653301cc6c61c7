import { z } from 'zod';
import type { Ports } from '../ports.ts';
import { userIdField } from '../../machines/domain/fields.ts';
import type { Preferences } from '../../machines/domain/types.ts';
import { requireUser } from '../auth/policy.ts';
import { defineOperation } from '../operations/operation.ts';
import { preferencesResponse } from './schemas.ts';

/** A user's preferences (through the Redis cache), or the defaults for a user who has none (nothing is created by reading). */
export async function getPreferences(deps: Pick<Ports, 'preferences'>, userId: string): Promise<Preferences> {
  return deps.preferences.get(userId);
}

export const getPreferencesOperation = defineOperation({
  name: 'get_preferences',
  input: z.object({
    userId: userIdField
      .optional()
      .meta({ description: 'The user (required without authentication; defaults to the authenticated caller).' }),
  }),
  output: preferencesResponse,
  cost: 'cheap',
  user: 'required',
  run: (deps, input) => getPreferences(deps, requireUser(input.userId)),
});
