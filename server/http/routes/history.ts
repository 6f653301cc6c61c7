import { z } from 'zod';
import { CONTEXTS } from '../../../machines/domain/types.ts';
import { getHistory, historyInput } from '../../usecases/getHistory.ts';
import { defineRoute } from '../route.ts';

export const interactionResponse = z
  .object({
    id: z.string(),
    userId: z.string(),
    situationDescription: z.string(),
    detectedContext: z.enum(CONTEXTS).nullable(),
    selectedResponse: z.string(),
    selectedTone: z.string().nullable(),
    refinementCount: z.number().int(),
    refinements: z.array(z.string()).meta({ description: 'Adjustment kinds asked for before the choice, e.g. more_assertive' }),
    sessionId: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Interaction' });

const tonePattern = z.object({ tone: z.string(), count: z.number().int(), total: z.number().int(), share: z.number() });
export const patternsResponse = z
  .object({
    toneByContext: z.object(Object.fromEntries(CONTEXTS.map((c) => [c, tonePattern.optional()])) as Record<(typeof CONTEXTS)[number], z.ZodOptional<typeof tonePattern>>),
    refinementHabits: z.array(
      z.object({ context: z.enum(CONTEXTS), adjustment: z.string(), count: z.number().int(), total: z.number().int(), share: z.number() }),
    ),
  })
  .meta({ id: 'LearnedPatterns' });

export const historyRoute = defineRoute({
  method: 'get',
  path: '/api/history',
  summary: "A user's recent interactions and learned patterns",
  description: 'Interactions newest first (paginated), the learned patterns (tone per context, refinement habits) and the same as sentences.',
  tags: ['personalization'],
  query: historyInput,
  success: {
    status: 200,
    description: 'History and patterns',
    schema: z.object({
      userId: z.string(),
      interactions: z.array(interactionResponse),
      pagination: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
      patterns: patternsResponse,
      insights: z.array(z.string()).meta({ example: ['You usually choose Empathetic in relationship situations (8 of 10).'] }),
    }),
  },
  errors: ['invalid_request'],
  handle: async ({ deps, query }) => ({ body: await getHistory(deps, query) }),
});
