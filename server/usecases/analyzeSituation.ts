import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { analyze } from '../coach/index.ts';
import { situationField, userIdField } from '../domain/fields.ts';
import type { Analysis } from '../domain/types.ts';
import { findRelatedScenarios } from './findRelatedScenarios.ts';

export const analyzeInput = z.object({
  situation: situationField,
  userId: userIdField.optional(),
});
export type AnalyzeInput = z.infer<typeof analyzeInput>;

/** Context, emotional tone, key elements and safety for one situation. */
export async function analyzeSituation(deps: AppDeps, input: AnalyzeInput, signal?: AbortSignal): Promise<Analysis> {
  const scenarios = await findRelatedScenarios(deps, input.situation, undefined, signal);
  return analyze(input.situation, { scenarios });
}
