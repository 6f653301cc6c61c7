import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { refine } from '../coach/index.ts';
import { adjustmentField, originalTextField, responseIdField, situationField, toneField, userIdField } from '../domain/fields.ts';
import type { RefinedResponse } from '../domain/types.ts';

export const refineInput = z.object({
  responseId: responseIdField,
  originalText: originalTextField,
  adjustment: adjustmentField,
  userId: userIdField.optional(),
  tone: toneField.optional().meta({ description: 'The tone of the response being refined (optional).' }),
  situation: situationField.optional().meta({ description: 'The original situation, for better refinements (optional).' }),
});
export type RefineInput = z.infer<typeof refineInput>;

/** Adjusts one response as asked ("make it more assertive"); unsupported wording is a 400 listing what works. */
export async function refineResponse(_deps: AppDeps, input: RefineInput): Promise<{ refinedResponse: RefinedResponse }> {
  const refinedResponse = refine({
    responseId: input.responseId,
    originalText: input.originalText,
    adjustment: input.adjustment,
    tone: input.tone,
    situation: input.situation,
  });
  return { refinedResponse };
}
