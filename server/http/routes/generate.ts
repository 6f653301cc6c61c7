import { z } from 'zod';
import { generateInput, generateResponses } from '../../usecases/generateResponses.ts';
import { defineRoute } from '../route.ts';
import { analysisResponse, suggestionResponse } from '../schemas.ts';

const generateResponse = z.object({
  responses: z.array(suggestionResponse).min(1).max(3),
  metadata: z.object({
    generatedAt: z.iso.datetime(),
    model: z.string(),
    context: z.string(),
    scenarioIds: z.array(z.string()),
    notes: z.array(z.string()),
    usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }),
  }),
  analysis: analysisResponse,
});

export const generateRoute = defineRoute({
  method: 'post',
  path: '/api/generate',
  summary: 'Generate three contextual response suggestions',
  tags: ['coaching'],
  body: generateInput,
  success: { status: 200, description: 'Suggestions in three tones, each with why it works', schema: generateResponse },
  errors: ['invalid_request', 'ai_unavailable'],
  cost: 'model',
  handle: async ({ deps, body, signal }) => ({ body: await generateResponses(deps, body, signal) }),
});
