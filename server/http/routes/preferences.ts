import { z } from 'zod';
import { userIdField } from '../../../machines/domain/fields.ts';
import { requireUser } from '../../auth/policy.ts';
import { getPreferences } from '../../usecases/getPreferences.ts';
import { updatePreferences, updatePreferencesInput } from '../../usecases/updatePreferences.ts';
import { defineRoute } from '../route.ts';
import { preferencesResponse } from '../schemas.ts';

export const getPreferencesRoute = defineRoute({
  method: 'get',
  path: '/api/preferences',
  summary: "Retrieve a user's preferences (defaults when none are stored)",
  tags: ['personalization'],
  query: z.object({
    userId: userIdField.optional().meta({ description: 'The user (required without authentication; defaults to the authenticated caller).' }),
  }),
  success: { status: 200, description: 'The preferences', schema: preferencesResponse },
  errors: ['invalid_request'],
  handle: async ({ deps, query }) => ({ body: await getPreferences(deps, requireUser(query.userId)) }),
});

export const putPreferencesRoute = defineRoute({
  method: 'put',
  path: '/api/preferences',
  summary: "Update a user's preferences (fields left out keep their value)",
  tags: ['personalization'],
  body: updatePreferencesInput,
  success: {
    status: 200,
    description: 'The updated preferences',
    schema: z.object({ updated: z.literal(true), preferences: preferencesResponse }),
  },
  errors: ['invalid_request'],
  handle: async ({ deps, body }) => ({ body: await updatePreferences(deps, body) }),
});
