import { z } from 'zod';
import type { Ports } from '../ports.ts';
import { situationField, userIdField } from '../../machines/domain/fields.ts';
import type { Analysis } from '../../machines/domain/types.ts';
import { withModelCall } from '../limits/model.ts';
import { defineOperation } from '../operations/operation.ts';
import { findRelatedScenarios } from './findRelatedScenarios.ts';
import { analyzeResponse } from './schemas.ts';

export const analyzeInput = z.object({
  situation: situationField,
  userId: userIdField.optional(),
});
export type AnalyzeSituationInput = z.infer<typeof analyzeInput>;

export type AnalyzeSituationResult = Analysis & { metadata: { model: string; source: 'ai' | 'builtin' } };

/**
 * Context, emotional tone, key elements and safety for one situation; metadata says who answered.
 * A model-backed call: the user's plan (which coach answers, the token budget), calls in flight and
 * REQUEST_TIMEOUT_MS apply.
 */
export async function analyzeSituation(
  deps: Pick<Ports, 'config' | 'redis' | 'log' | 'scenarios' | 'model' | 'entitlements'>,
  input: AnalyzeSituationInput,
  signal?: AbortSignal,
): Promise<AnalyzeSituationResult> {
  return withModelCall(deps, input.userId, signal, async (call) => {
    const scenarios = await findRelatedScenarios(deps, input.situation, undefined, call.signal);
    const { analysis, model, source, usage } = await call.model.analyze(
      { situation: input.situation, scenarios },
      call.signal,
    );
    call.record(usage);
    return { ...analysis, metadata: { model, source } };
  });
}

export const analyzeSituationOperation = defineOperation({
  name: 'analyze_situation',
  input: analyzeInput,
  output: analyzeResponse,
  cost: 'model',
  user: 'optional',
  run: (deps, input, { signal }) => analyzeSituation(deps, input, signal),
});
