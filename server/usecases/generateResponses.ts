import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { collectGeneration, type Usage } from '../ai/index.ts';
import { contextField, situationField, userIdField } from '../domain/fields.ts';
import type { Analysis, LearnedPatterns, Suggestion } from '../domain/types.ts';
import { findRelatedScenarios } from './findRelatedScenarios.ts';
import { getPreferences } from './getPreferences.ts';

export const generateInput = z.object({
  situation: situationField,
  context: contextField.optional(),
  userId: userIdField.optional(),
});
export type GenerateInput = z.infer<typeof generateInput>;

export interface GenerateResult {
  responses: Suggestion[];
  metadata: { generatedAt: string; model: string; context: Analysis['context']; scenarioIds: string[]; notes: string[]; usage: Usage };
  analysis: Analysis;
}

/** Learned patterns shape suggestions, but memory being unreachable must not stop generation. */
async function learnedPatterns(deps: AppDeps, userId: string): Promise<LearnedPatterns | undefined> {
  try {
    return await deps.memory.getPatterns(userId);
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'learned patterns unavailable; generating without them');
    return undefined;
  }
}

/** Three suggestions in distinct tones, shaped by the user's preferences, what Calmly learned and the closest scenarios. */
export async function generateResponses(deps: AppDeps, input: GenerateInput, signal?: AbortSignal): Promise<GenerateResult> {
  const [scenarios, preferences, patterns] = await Promise.all([
    findRelatedScenarios(deps, input.situation, input.context, signal),
    input.userId ? getPreferences(deps, input.userId) : undefined,
    input.userId ? learnedPatterns(deps, input.userId) : undefined,
  ]);
  // Only a context the caller gave overrides detection (the coach then notes a disagreement).
  const r = await collectGeneration(
    deps.coach.generate({ situation: input.situation, context: input.context, preferences, patterns, scenarios }, signal),
  );
  return {
    responses: r.responses,
    metadata: {
      generatedAt: new Date().toISOString(),
      model: r.model,
      context: input.context ?? r.analysis.context,
      scenarioIds: scenarios.map((s) => s.id),
      notes: r.notes,
      usage: r.usage,
    },
    analysis: r.analysis,
  };
}
