import { z } from 'zod';
import { assertOwner, requireUser } from '../../auth/policy.ts';
import { userIdField } from '../../../machines/domain/fields.ts';
import { sessionStoreKeys } from '../../realtime/store.ts';
import { endSession } from '../../usecases/endSession.ts';
import { sessionIdField } from '../../usecases/saveInteraction.ts';
import { defineRoute } from '../route.ts';

function ownerOf(stored: string): string | undefined {
  try {
    return (JSON.parse(stored) as { userId?: string }).userId;
  } catch {
    return undefined;
  }
}

export const endSessionRoute = defineRoute({
  method: 'post',
  path: '/api/sessions/:sessionId/end',
  summary: "End a session: summarise it into the user's episodic memory",
  description:
    'Interactions saved with this sessionId and already processed are summarised (what was asked, context, tones chosen, refinements). `episode` is null when there was nothing to summarise. A live session of another user is 403 forbidden.',
  tags: ['personalization'],
  params: z.object({ sessionId: sessionIdField }),
  body: z.object({
    userId: userIdField.optional().meta({ description: 'The user (required without authentication; defaults to the authenticated caller).' }),
  }),
  success: {
    status: 200,
    description: 'The episode written',
    schema: z.object({ sessionId: z.string(), episode: z.object({ episodeId: z.string(), summary: z.string() }).loose().nullable() }),
  },
  errors: ['invalid_request', 'forbidden'],
  handle: async ({ deps, params, body }) => {
    const userId = requireUser(body.userId);
    // A live session (Socket.IO) records its owner; ending someone else's is forbidden.
    const stored = await deps.redis.get(sessionStoreKeys(deps.config.redis.prefix).session(params.sessionId));
    if (stored) assertOwner(ownerOf(stored), userId);
    return { body: await endSession(deps, { userId, sessionId: params.sessionId }) };
  },
});
