import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import { userIdField } from '../../machines/domain/fields.ts';
import type { Episode } from '../memory/index.ts';
import { sessionIdField } from './saveInteraction.ts';
import { requireUser } from '../auth/policy.ts';

export const endSessionInput = z.object({ userId: userIdField.optional(), sessionId: sessionIdField });
export type EndSessionInput = z.infer<typeof endSessionInput>;

/**
 * Ends a session: its interactions recorded so far are summarised into the user's episodic memory
 * (sessions also end by themselves after SESSION_IDLE_SECONDS without activity).
 */
export async function endSession(deps: AppDeps, input: EndSessionInput): Promise<{ sessionId: string; episode: Episode | null }> {
  return { sessionId: input.sessionId, episode: await deps.memory.endSession(requireUser(input.userId), input.sessionId) };
}
