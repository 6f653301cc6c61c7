import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { analyze, generate } from '../coach/index.ts';
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
  metadata: { generatedAt: string; model: string; context: Analysis['context']; scenarioIds: string[]; notes: string[] };
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

export const BUILTIN_MODEL = 'calmly-builtin-coach';

/** Three suggestions in distinct tones, shaped by the user's preferences and the closest scenarios. */
export async function generateResponses(deps: AppDeps, input: GenerateInput, signal?: AbortSignal): Promise<GenerateResult> {
  const [scenarios, preferences, patterns] = await Promise.all([
    findRelatedScenarios(deps, input.situation, input.context, signal),
    input.userId ? getPreferences(deps, input.userId) : undefined,
    input.userId ? learnedPatterns(deps, input.userId) : undefined,
  ]);
  const analysis = analyze(input.situation, { scenarios });
  const context = input.context ?? analysis.context;
  // Only a context the caller gave overrides detection (the coach then notes a disagreement).
  const out = generate({
    situation: input.situation,
    context: input.context,
    analysis,
    preferences,
    patterns,
    scenarios,
  });
  return {
    responses: out.responses,
    metadata: {
      generatedAt: new Date().toISOString(),
      model: BUILTIN_MODEL,
      context,
      scenarioIds: scenarios.map((s) => s.id),
      notes: out.notes,
    },
    analysis: out.analysis,
  };
}
