import { z } from 'zod';
import { refineInput, refineResponse } from '../../usecases/refineResponse.ts';
import { defineRoute } from '../route.ts';

const refineResponseSchema = z.object({
  refinedResponse: z.object({
    id: z.string(),
    tone: z.string(),
    text: z.string(),
    changes: z.array(z.string()).meta({ description: 'What changed, one line each; empty when the text did not change' }),
    notes: z.array(z.string()).optional().meta({ description: 'What was asked but could not be done, and what would work instead' }),
  }),
});

export const refineRoute = defineRoute({
  method: 'post',
  path: '/api/refine',
  summary: 'Adjust the tone or assertiveness of a response',
  description:
    'Understands free wording and combinations ("warmer but keep the deadline"): firmer, softer, warmer, cooler, shorter, longer, more formal, more casual, less like a robot, as an email, as a text, less or more apologetic, more specific, add a fact ("add that this has happened three times"), leave a part out, ask rather than tell, end with a question, use or drop their name. `changes` lists only what changed; `notes` says what could not be done. Wording with nothing to act on is a 400 `unsupported_adjustment` whose error lists what works (`supported`).',
  tags: ['coaching'],
  body: refineInput,
  success: { status: 200, description: 'The refined response and what changed', schema: refineResponseSchema },
  errors: ['invalid_request', 'unsupported_adjustment', 'ai_unavailable'],
  cost: 'model',
  handle: async ({ deps, body, signal }) => ({ body: await refineResponse(deps, body, signal) }),
});
