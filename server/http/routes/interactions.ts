import { z } from 'zod';
import { saveInteraction, saveInteractionInput } from '../../usecases/saveInteraction.ts';
import { defineRoute } from '../route.ts';

const saveInteractionResponse = z.object({
  interactionId: z.string().meta({ example: 'int_456' }),
  saved: z.literal(true),
  queuedForProcessing: z.literal(true),
});

export const saveInteractionRoute = defineRoute({
  method: 'post',
  path: '/api/interactions',
  summary: 'Save an interaction for personalization',
  tags: ['personalization'],
  body: saveInteractionInput,
  description:
    'Validates, assigns an int_ id and appends the interaction to a durable Redis Stream; answers once the stream holds it. The recorder then writes the row and updates memory (usually within milliseconds). `refinements` and `sessionId` are optional extensions to the seed contract.',
  success: { status: 200, description: 'Saved (queued durably for processing)', schema: saveInteractionResponse },
  errors: ['invalid_request', 'service_unavailable'],
  handle: async ({ deps, body }) => ({ body: await saveInteraction(deps, body) }),
});
