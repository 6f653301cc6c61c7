import { z } from 'zod';
import type { Ports } from '../ports.ts';
import { contextField, LIMITS, textField, toneField, userIdField } from '../../machines/domain/fields.ts';
import { newId } from '../domain/ids.ts';
import { serviceUnavailable } from '../errors.ts';
import { requireUser } from '../auth/policy.ts';
import type { QueueMessage } from '../recorder/queue.ts';
import { defineOperation } from '../operations/operation.ts';

export const sessionIdField = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,80}$/, 'must be 1 to 80 letters, digits, "_" or "-"')
  .meta({ example: 'sess_abc123' });

export const saveInteractionInput = z.object({
  // Required with AUTH_MODE=none (the seed's contract); with authentication it defaults to the caller.
  userId: userIdField
    .optional()
    .meta({ description: 'The user (required without authentication; defaults to the authenticated caller).' }),
  situationDescription: textField(LIMITS.situation),
  detectedContext: contextField.optional(),
  selectedResponse: textField(LIMITS.selectedResponse),
  selectedTone: toneField.optional(),
  refinementCount: z.number().int('must be a whole number').min(0).max(1000).default(0),
  // Extensions to the seed's contract (optional): what the user asked to change before choosing,
  // in their words (learned as refinement habits), and the session it happened in.
  refinements: z
    .array(textField(LIMITS.adjustment))
    .max(10, 'at most 10 refinements')
    .optional()
    .meta({ example: ['Make it more assertive'] }),
  sessionId: sessionIdField.optional(),
});
export type SaveInteractionInput = z.infer<typeof saveInteractionInput>;

export const saveInteractionOutput = z.object({
  interactionId: z.string().meta({ example: 'int_456' }),
  saved: z.literal(true),
  queuedForProcessing: z.literal(true),
});
export type SaveInteractionResult = z.infer<typeof saveInteractionOutput>;

/**
 * Records a chosen response: assigns the id and appends it to the interaction stream. It answers
 * only once Redis holds the entry (fsynced where the server supports WAITAOF); the recorder then
 * writes the Postgres row and updates memory. If the stream cannot take it, nothing is claimed as
 * saved (503 service_unavailable).
 */
export async function saveInteraction(
  deps: Pick<Ports, 'queue' | 'log'>,
  input: SaveInteractionInput,
  /** A live session gives the id it chose up front, so a retried selection is recorded once (the recorder dedupes by id). */
  opts: { interactionId?: string } = {},
): Promise<SaveInteractionResult> {
  const userId = requireUser(input.userId);
  const interactionId = opts.interactionId ?? newId('int');
  const now = Date.now();
  const msg: QueueMessage = {
    messageId: newId('msg'),
    userId,
    interaction: {
      id: interactionId,
      situationDescription: input.situationDescription,
      detectedContext: input.detectedContext ?? null,
      selectedResponse: input.selectedResponse,
      selectedTone: input.selectedTone ?? null,
      refinementCount: input.refinementCount,
      refinements: input.refinements ?? [],
      sessionId: input.sessionId ?? null,
      createdAt: new Date(now).toISOString(),
    },
    timestamp: now,
    retryCount: 0,
  };
  try {
    await deps.queue.enqueue(msg);
  } catch (err) {
    deps.log.error({ err: (err as Error).message }, 'could not queue an interaction');
    throw serviceUnavailable('The interaction could not be saved right now. Please try again.');
  }
  return { interactionId, saved: true, queuedForProcessing: true };
}

export const saveInteractionOperation = defineOperation({
  name: 'save_interaction',
  input: saveInteractionInput,
  output: saveInteractionOutput,
  cost: 'cheap',
  user: 'required',
  run: (deps, input) => saveInteraction(deps, input),
});
