import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { pageField, pageSizeField, userIdField } from '../../machines/domain/fields.ts';
import type { LearnedPatterns } from '../../machines/domain/types.ts';
import type { Interaction } from '../../db/repositories/interactions.ts';
import { insightsFrom } from '../memory/index.ts';
import { requireUser } from '../auth/policy.ts';

export const historyInput = z.object({
  // Required with AUTH_MODE=none; with authentication it defaults to the caller.
  userId: userIdField.optional().meta({ description: 'The user (required without authentication; defaults to the authenticated caller).' }),
  page: pageField,
  pageSize: pageSizeField,
});
export type HistoryInput = z.infer<typeof historyInput>;

export interface History {
  userId: string;
  interactions: Interaction[];
  pagination: { total: number; page: number; pageSize: number };
  patterns: LearnedPatterns;
  insights: string[];
}

/** Recent interactions (newest first, from Postgres) and what has been learned from them (semantic memory). */
export async function getHistory(deps: AppDeps, input: HistoryInput): Promise<History> {
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
