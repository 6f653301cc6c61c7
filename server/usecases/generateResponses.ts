import { z } from 'zod';
import { collectGeneration, type Usage } from '../ai/index.ts';
import { contextField, situationField, userIdField } from '../../machines/domain/fields.ts';
import type { Analysis, Suggestion } from '../../machines/domain/types.ts';
import { defineOperation } from '../operations/operation.ts';
import { analysisResponse, suggestionResponse } from './schemas.ts';
import { streamGeneration, type GenerationDeps } from './streamGeneration.ts';

export const generateInput = z.object({
  situation: situationField,
  context: contextField.optional(),
  userId: userIdField.optional(),
  notSafety: z.boolean().optional().meta({
    description:
      'Set when the writer says a situation flagged as a safety concern is not about their safety: ordinary replies are written instead of safety-first ones (an extension of the seed contract).',
  }),
});
export type GenerateResponsesInput = z.infer<typeof generateInput>;

export const generateResponsesOutput = z.object({
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

export interface GenerateResponsesResult {
  responses: Suggestion[];
  metadata: {
    generatedAt: string;
    model: string;
    context: Analysis['context'];
    scenarioIds: string[];
    notes: string[];
    usage: Usage;
  };
  analysis: Analysis;
}

/** Three suggestions in distinct tones, shaped by the user's preferences, what Calmly learned and the closest scenarios. */
export async function generateResponses(
  deps: GenerationDeps,
  input: GenerateResponsesInput,
  signal?: AbortSignal,
): Promise<GenerateResponsesResult> {
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

export const generateResponsesOperation = defineOperation({
  name: 'generate_responses',
  input: generateInput,
  output: generateResponsesOutput,
  cost: 'model',
  user: 'optional',
  run: (deps, input, { signal }) => generateResponses(deps, input, signal),
});
