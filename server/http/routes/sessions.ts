import { z } from 'zod';
import { userIdField } from '../../domain/fields.ts';
import { endSession } from '../../usecases/endSession.ts';
import { sessionIdField } from '../../usecases/saveInteraction.ts';
import { defineRoute } from '../route.ts';

export const endSessionRoute = defineRoute({
  method: 'post',
  path: '/api/sessions/:sessionId/end',
  summary: "End a session: summarise it into the user's episodic memory",
  description: 'Interactions saved with this sessionId and already processed are summarised (what was asked, context, tones chosen, refinements). `episode` is null when there was nothing to summarise.',
  tags: ['personalization'],
  params: z.object({ sessionId: sessionIdField }),
  body: z.object({ userId: userIdField }),
  success: {
    status: 200,
    description: 'The episode written',
    schema: z.object({ sessionId: z.string(), episode: z.object({ episodeId: z.string(), summary: z.string() }).loose().nullable() }),
  },
  errors: ['invalid_request'],
  handle: async ({ deps, params, body }) => ({ body: await endSession(deps, { userId: body.userId, sessionId: params.sessionId }) }),
});
