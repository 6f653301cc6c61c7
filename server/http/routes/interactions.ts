import { z } from 'zod';
import { saveInteraction, saveInteractionInput } from '../../usecases/saveInteraction.ts';
import { defineRoute } from '../route.ts';

const saveInteractionResponse = z.object({
  interactionId: z.string().meta({ example: 'int_456' }),
  saved: z.literal(true),
  queuedForProcessing: z.boolean(),
});

export const saveInteractionRoute = defineRoute({
  method: 'post',
  path: '/api/interactions',
  summary: 'Save an interaction for personalization',
  tags: ['personalization'],
  body: saveInteractionInput,
  success: { status: 200, description: 'Saved', schema: saveInteractionResponse },
  errors: ['invalid_request', 'service_unavailable'],
  handle: async ({ deps, body }) => ({ body: await saveInteraction(deps, body) }),
});
