import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { contextField, LIMITS, toneField, userIdField } from '../domain/fields.ts';
import { newId } from '../domain/ids.ts';

export const saveInteractionInput = z.object({
  userId: userIdField,
  situationDescription: z.string().trim().min(1, 'must not be empty').max(LIMITS.situation, `must be at most ${LIMITS.situation} characters`),
  detectedContext: contextField.optional(),
  selectedResponse: z.string().trim().min(1, 'must not be empty').max(LIMITS.selectedResponse, `must be at most ${LIMITS.selectedResponse} characters`),
  selectedTone: toneField.optional(),
  refinementCount: z.number().int('must be a whole number').min(0).max(1000).default(0),
});
export type SaveInteractionInput = z.infer<typeof saveInteractionInput>;

export interface SaveInteractionResult {
  interactionId: string;
  saved: true;
  queuedForProcessing: boolean;
}

/** Records a chosen response. The row exists (and the user with it) before this answers. */
export async function saveInteraction(deps: AppDeps, input: SaveInteractionInput): Promise<SaveInteractionResult> {
  const interactionId = newId('int');
  await deps.repos.interactions.insertMany([
    {
      id: interactionId,
      userId: input.userId,
      situationDescription: input.situationDescription,
      detectedContext: input.detectedContext ?? null,
      selectedResponse: input.selectedResponse,
      selectedTone: input.selectedTone ?? null,
      refinementCount: input.refinementCount,
      createdAt: new Date().toISOString(),
    },
  ]);
  return { interactionId, saved: true, queuedForProcessing: false };
}
