import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { situationField, userIdField } from '../domain/fields.ts';
import type { Analysis } from '../domain/types.ts';
import { findRelatedScenarios } from './findRelatedScenarios.ts';

export const analyzeInput = z.object({
  situation: situationField,
  userId: userIdField.optional(),
});
export type AnalyzeInput = z.infer<typeof analyzeInput>;

export type AnalyzeResult = Analysis & { metadata: { model: string; source: 'ai' | 'builtin' } };

/** Context, emotional tone, key elements and safety for one situation; metadata says who answered. */
export async function analyzeSituation(deps: AppDeps, input: AnalyzeInput, signal?: AbortSignal): Promise<AnalyzeResult> {
  const scenarios = await findRelatedScenarios(deps, input.situation, undefined, signal);
  const { analysis, model, source } = await deps.coach.analyze({ situation: input.situation, scenarios }, signal);
  return { ...analysis, metadata: { model, source } };
}
