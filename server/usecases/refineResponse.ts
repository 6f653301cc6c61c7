import { z } from 'zod';
import type { Ports } from '../ports.ts';
import { collectRefinement, type CoachEvent } from '../ai/index.ts';
import {
  adjustmentField,
  originalTextField,
  responseIdField,
  situationField,
  toneField,
  userIdField,
} from '../../machines/domain/fields.ts';
import type { RefinedResponse } from '../../machines/domain/types.ts';
import { beginModelCall } from '../limits/model.ts';
import { defineOperation } from '../operations/operation.ts';

export const refineInput = z.object({
  responseId: responseIdField,
  originalText: originalTextField,
  adjustment: adjustmentField,
  userId: userIdField.optional(),
  tone: toneField.optional().meta({ description: 'The tone of the response being refined (optional).' }),
  situation: situationField
    .optional()
    .meta({ description: 'The original situation, for better refinements (optional).' }),
});
export type RefineResponseInput = z.infer<typeof refineInput>;

export const refineResponseOutput = z.object({
  refinedResponse: z.object({
    id: z.string(),
    tone: z.string(),
    text: z.string(),
    changes: z
      .array(z.string())
      .meta({ description: 'What changed, one line each; empty when the text did not change' }),
    notes: z
      .array(z.string())
      .optional()
      .meta({ description: 'What was asked but could not be done, and what would work instead' }),
  }),
});

type RefineDeps = Pick<Ports, 'config' | 'redis' | 'log' | 'model' | 'entitlements'>;

/**
 * Adjusts one response as asked ("make it more assertive"). A model endpoint accepts any wording; the
 * built-in coach answers wording it cannot act on with 400 unsupported_adjustment listing what works.
 */
export async function refineResponse(
  deps: RefineDeps,
  input: RefineResponseInput,
  signal?: AbortSignal,
): Promise<{ refinedResponse: RefinedResponse }> {
  const { refined } = await collectRefinement(streamRefinement(deps, input, signal));
  return { refinedResponse: refined };
}

/**
 * The refinement as a stream of events (start, token…, refined, done), for live sessions. A
 * model-backed call (server/limits/model.ts), started when the stream is first read.
 */
export async function* streamRefinement(
  deps: RefineDeps,
  input: RefineResponseInput,
  signal?: AbortSignal,
): AsyncGenerator<CoachEvent> {
  const call = await beginModelCall(deps, input.userId, signal);
  yield* call.track(
    call.model.refine(
      {
        responseId: input.responseId,
        originalText: input.originalText,
        adjustment: input.adjustment,
        tone: input.tone,
        situation: input.situation,
      },
      call.signal,
    ),
  );
}

export const refineResponseOperation = defineOperation({
  name: 'refine_response',
  input: refineInput,
  output: refineResponseOutput,
  cost: 'model',
  user: 'optional',
  run: (deps, input, { signal }) => refineResponse(deps, input, signal),
});
