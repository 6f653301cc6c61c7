import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { collectRefinement, type CoachEvent } from '../ai/index.ts';
import { adjustmentField, originalTextField, responseIdField, situationField, toneField, userIdField } from '../../machines/domain/fields.ts';
import type { RefinedResponse } from '../../machines/domain/types.ts';
import { beginModelCall } from '../limits/model.ts';

export const refineInput = z.object({
  responseId: responseIdField,
  originalText: originalTextField,
  adjustment: adjustmentField,
  userId: userIdField.optional(),
  tone: toneField.optional().meta({ description: 'The tone of the response being refined (optional).' }),
  situation: situationField.optional().meta({ description: 'The original situation, for better refinements (optional).' }),
});
export type RefineInput = z.infer<typeof refineInput>;

/**
 * Adjusts one response as asked ("make it more assertive"). A model endpoint accepts any wording; the
 * built-in coach answers wording it cannot act on with 400 unsupported_adjustment listing what works.
 */
export async function refineResponse(deps: AppDeps, input: RefineInput, signal?: AbortSignal): Promise<{ refinedResponse: RefinedResponse }> {
  const { refined } = await collectRefinement(streamRefinement(deps, input, signal));
  return { refinedResponse: refined };
}

/**
 * The refinement as a stream of events (start, token…, refined, done), for live sessions. A
 * model-backed call (server/limits/model.ts), started when the stream is first read.
 */
export async function* streamRefinement(deps: AppDeps, input: RefineInput, signal?: AbortSignal): AsyncGenerator<CoachEvent> {
  const call = await beginModelCall(deps, input.userId, signal);
  yield* call.track(
    deps.coach.refine(
      { responseId: input.responseId, originalText: input.originalText, adjustment: input.adjustment, tone: input.tone, situation: input.situation },
      call.signal,
    ),
  );
}
