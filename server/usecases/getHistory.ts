import { z } from 'zod';
import type { Ports } from '../ports.ts';
import { pageField, pageSizeField, userIdField } from '../../machines/domain/fields.ts';
import { CONTEXTS, type LearnedPatterns } from '../../machines/domain/types.ts';
import type { Interaction } from '../../db/repositories/interactions.ts';
import { insightsFrom } from '../memory/index.ts';
import { requireUser } from '../auth/policy.ts';
import { defineOperation } from '../operations/operation.ts';

export const historyInput = z.object({
  // Required with AUTH_MODE=none; with authentication it defaults to the caller.
  userId: userIdField
    .optional()
    .meta({ description: 'The user (required without authentication; defaults to the authenticated caller).' }),
  page: pageField,
  pageSize: pageSizeField,
});
export type HistoryInput = z.infer<typeof historyInput>;

export const interactionResponse = z
  .object({
    id: z.string(),
    userId: z.string(),
    situationDescription: z.string(),
    detectedContext: z.enum(CONTEXTS).nullable(),
    selectedResponse: z.string(),
    selectedTone: z.string().nullable(),
    refinementCount: z.number().int(),
    refinements: z
      .array(z.string())
      .meta({ description: 'Adjustment kinds asked for before the choice, e.g. more_assertive' }),
    sessionId: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Interaction' });

const tonePattern = z.object({ tone: z.string(), count: z.number().int(), total: z.number().int(), share: z.number() });
export const patternsResponse = z
  .object({
    toneByContext: z.object(
      Object.fromEntries(CONTEXTS.map((c) => [c, tonePattern.optional()])) as Record<
        (typeof CONTEXTS)[number],
        z.ZodOptional<typeof tonePattern>
      >,
    ),
    refinementHabits: z.array(
      z.object({
        context: z.enum(CONTEXTS),
        adjustment: z.string(),
        count: z.number().int(),
        total: z.number().int(),
        share: z.number(),
      }),
    ),
  })
  .meta({ id: 'LearnedPatterns' });

export const historyOutput = z.object({
  userId: z.string(),
  interactions: z.array(interactionResponse),
  pagination: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }),
  patterns: patternsResponse,
  insights: z
    .array(z.string())
    .meta({ example: ['You usually choose Empathetic in relationship situations (8 of 10).'] }),
});

export interface History {
  userId: string;
  interactions: Interaction[];
  pagination: { total: number; page: number; pageSize: number };
  patterns: LearnedPatterns;
  insights: string[];
}

/** Recent interactions (newest first, from Postgres) and what has been learned from them (semantic memory). */
export async function getHistory(deps: Pick<Ports, 'repos' | 'memory'>, input: HistoryInput): Promise<History> {
  const userId = requireUser(input.userId);
  const [{ items, total }, patterns] = await Promise.all([
    deps.repos.interactions.listByUser(userId, input.page, input.pageSize),
    deps.memory.getPatterns(userId),
  ]);
  return {
    userId,
    interactions: items,
    pagination: { total, page: input.page, pageSize: input.pageSize },
    patterns,
    insights: insightsFrom(patterns),
  };
}

export const getHistoryOperation = defineOperation({
  name: 'get_user_history',
  input: historyInput,
  output: historyOutput,
  cost: 'cheap',
  user: 'required',
  run: (deps, input) => getHistory(deps, input),
});
