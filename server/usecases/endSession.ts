import { z } from 'zod';
import type { Ports } from '../ports.ts';
import { userIdField } from '../../machines/domain/fields.ts';
import type { Episode } from '../memory/index.ts';
import { assertOwner, requireUser } from '../auth/policy.ts';
import { defineOperation } from '../operations/operation.ts';
import { sessionIdField } from './saveInteraction.ts';

export const endSessionInput = z.object({
  sessionId: sessionIdField,
  userId: userIdField
    .optional()
    .meta({ description: 'The user (required without authentication; defaults to the authenticated caller).' }),
});
export type EndSessionInput = z.infer<typeof endSessionInput>;

export const endSessionOutput = z.object({
  sessionId: z.string(),
  episode: z.object({ episodeId: z.string(), summary: z.string() }).loose().nullable(),
});

/**
 * Ends a session: its interactions recorded so far are summarised into the user's episodic memory
 * (sessions also end by themselves after SESSION_IDLE_SECONDS without activity).
 */
export async function endSession(
  deps: Pick<Ports, 'memory'>,
  input: EndSessionInput,
): Promise<{ sessionId: string; episode: Episode | null }> {
  return {
    sessionId: input.sessionId,
    episode: await deps.memory.endSession(requireUser(input.userId), input.sessionId),
  };
}

export const endSessionOperation = defineOperation({
  name: 'end_session',
  input: endSessionInput,
  output: endSessionOutput,
  cost: 'cheap',
  user: 'required',
  // A live session (Socket.IO) records its owner; ending someone else's is forbidden.
  authorize: async (deps, input, userId) =>
    assertOwner(await deps.sessions.owner(input.sessionId), requireUser(userId)),
  run: async (deps, input) => {
    const { sessionId, episode } = await endSession(deps, input);
    return { sessionId, episode: episode && { ...episode } };
  },
});
