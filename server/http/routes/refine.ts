import { z } from 'zod';
import { refineInput, refineResponse } from '../../usecases/refineResponse.ts';
import { defineRoute } from '../route.ts';

const refineResponseSchema = z.object({
  refinedResponse: z.object({ id: z.string(), tone: z.string(), text: z.string(), changes: z.array(z.string()) }),
});

export const refineRoute = defineRoute({
  method: 'post',
  path: '/api/refine',
  summary: 'Adjust the tone or assertiveness of a response',
  description:
    'Understands more assertive, softer/warmer, shorter, more formal, more casual, add specifics and less apologetic, in free wording. Anything else is a 400 `unsupported_adjustment` whose error lists what works (`supported`).',
  tags: ['coaching'],
  body: refineInput,
  success: { status: 200, description: 'The refined response and what changed', schema: refineResponseSchema },
  errors: ['invalid_request', 'unsupported_adjustment', 'ai_unavailable'],
  cost: 'model',
  handle: async ({ deps, body, signal }) => ({ body: await refineResponse(deps, body, signal) }),
});
