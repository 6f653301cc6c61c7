import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { collectGeneration, type Usage } from '../ai/index.ts';
import { contextField, situationField, userIdField } from '../../machines/domain/fields.ts';
import type { Analysis, Suggestion } from '../../machines/domain/types.ts';
import { streamGeneration } from './streamGeneration.ts';

export const generateInput = z.object({
  situation: situationField,
  context: contextField.optional(),
  userId: userIdField.optional(),
  notSafety: z.boolean().optional().meta({
    description: 'Set when the writer says a situation flagged as a safety concern is not about their safety: ordinary replies are written instead of safety-first ones (an extension of the seed contract).',
  }),
});
export type GenerateInput = z.infer<typeof generateInput>;

export interface GenerateResult {
  responses: Suggestion[];
  metadata: { generatedAt: string; model: string; context: Analysis['context']; scenarioIds: string[]; notes: string[]; usage: Usage };
  analysis: Analysis;
}

/** Three suggestions in distinct tones, shaped by the user's preferences, what Calmly learned and the closest scenarios. */
export async function generateResponses(deps: AppDeps, input: GenerateInput, signal?: AbortSignal): Promise<GenerateResult> {
  const { events, scenarioIds } = await streamGeneration(deps, input, signal);
  const r = await collectGeneration(events);
  return {
    responses: r.responses,
    metadata: {
      generatedAt: new Date().toISOString(),
      model: r.model,
      context: input.context ?? r.analysis.context,
      scenarioIds,
      notes: r.notes,
      usage: r.usage,
    },
    analysis: r.analysis,
  };
}
