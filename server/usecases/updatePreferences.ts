import { z } from 'zod';
import type { Ports } from '../ports.ts';
import { assertivenessField, preferredToneField, userIdField } from '../../machines/domain/fields.ts';
import type { Preferences } from '../../machines/domain/types.ts';
import { requireUser } from '../auth/policy.ts';
import { defineOperation } from '../operations/operation.ts';
import { preferencesResponse } from './schemas.ts';

export const updatePreferencesInput = z.object({
  // Required with AUTH_MODE=none; with authentication it defaults to the caller.
  userId: userIdField
    .optional()
    .meta({ description: 'The user (required without authentication; defaults to the authenticated caller).' }),
  preferredTone: preferredToneField.optional(),
  defaultAssertiveness: assertivenessField.optional(),
  voiceEnabled: z.boolean().optional(),
  elevenLabsVoiceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1 to 128 letters, digits, "_" or "-"')
    .nullable()
    .optional(),
});
export type UpdatePreferencesInput = z.infer<typeof updatePreferencesInput>;

/** Partial update: fields left out keep their value. Creates the user on first write; drops the cached copy. */
export async function updatePreferences(
  deps: Pick<Ports, 'preferences'>,
  input: UpdatePreferencesInput,
): Promise<{ updated: true; preferences: Preferences }> {
  const { userId, ...patch } = input;
  const preferences = await deps.preferences.update(requireUser(userId), patch);
  return { updated: true, preferences };
}

export const updatePreferencesOperation = defineOperation({
  name: 'update_preferences',
  input: updatePreferencesInput,
  output: z.object({ updated: z.literal(true), preferences: preferencesResponse }),
  cost: 'cheap',
  user: 'required',
  run: (deps, input) => updatePreferences(deps, input),
});
