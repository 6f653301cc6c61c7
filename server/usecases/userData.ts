// Privacy: export everything held about a user, and erase it.
import { z } from 'zod';
import type { Ports } from '../ports.ts';
import type { Interaction } from '../../db/repositories/interactions.ts';
import type { User } from '../../db/repositories/users.ts';
import type { StoredSubscription } from '../../db/repositories/billing.ts';
import type { UserMemoryExport } from '../memory/index.ts';
import { userIdField } from '../../machines/domain/fields.ts';
import { requireUser } from '../auth/policy.ts';
import { defineOperation } from '../operations/operation.ts';

const userInput = z.object({ userId: userIdField });

export interface UserExport {
  userId: string;
  exportedAt: string;
  user: User | null;
  /** The stored row's values; null when the user never set any (defaults apply). */
  preferences: Record<string, unknown> | null;
  interactions: Interaction[];
  memory: UserMemoryExport;
  /** Metadata only: the key hashes are never exported. */
  apiKeys: Array<{
    id: string;
    name: string | null;
    prefix: string;
    createdAt: string;
    lastUsedAt: string | null;
    revokedAt: string | null;
  }>;
  /** Interactions accepted but not yet written (or dead-lettered), straight from the queue. */
  queue: { queued: unknown[]; deadLettered: unknown[] };
  /** The Stripe customer and subscriptions Calmly links to the user (empty while billing is off). */
  billing: { customerId: string | null; subscriptions: StoredSubscription[] };
}

export async function exportUserData(
  deps: Pick<Ports, 'repos' | 'memory' | 'queue'>,
  userId: string,
): Promise<UserExport> {
  const interactions: Interaction[] = [];
  for await (const chunk of deps.repos.interactions.iterateByUser(userId)) interactions.push(...chunk);
  const [user, prefs, keys, memory, queue, customerId, subscriptions] = await Promise.all([
    deps.repos.users.get(userId),
    deps.repos.preferences.get(userId),
    deps.repos.apiKeys.listByUser(userId),
    deps.memory.exportUser(userId),
    deps.queue.listUserEntries(userId),
    deps.repos.billing.customerOf(userId),
    deps.repos.billing.subscriptionsOf(userId),
  ]);
  return {
    userId,
    exportedAt: new Date().toISOString(),
    user,
    preferences: prefs ? { ...prefs } : null,
    interactions,
    memory,
    apiKeys: keys.map(({ id, name, prefix, createdAt, lastUsedAt, revokedAt }) => ({
      id,
      name,
      prefix,
      createdAt,
      lastUsedAt,
      revokedAt,
    })),
    queue,
    billing: { customerId, subscriptions },
  };
}

export interface EraseResult {
  erased: true;
  userId: string;
  removed: {
    users: number;
    interactions: number;
    preferences: number;
    apiKeys: number;
    memoryKeys: number;
    queuedEntries: number;
  };
}

/**
 * Erases everything of a user. Order matters: the memory tombstone first (in-flight recorder work
 * for this user can no longer write memory), then the user's queued/pending/dead-lettered entries,
 * then the Postgres rows with their own tombstone (a redelivered entry is not re-inserted), then
 * every memory key of the user (working, episodic, semantic, preference cache). Billing rows go with
 * the user row (cascade); Stripe keeps its own records. Tombstones hold a
 * SHA-256 of the id and the time, never the id; interactions made after the erasure are accepted.
 */
export async function eraseUserData(
  deps: Pick<Ports, 'repos' | 'memory' | 'queue' | 'log'>,
  userId: string,
): Promise<EraseResult> {
  await deps.memory.markErased(userId);
  const queuedEntries = await deps.queue.removeUserEntries(userId);
  const rows = await deps.repos.users.erase(userId);
  const memoryKeys = await deps.memory.eraseUser(userId);
  deps.log.info({ removed: { ...rows, memoryKeys, queuedEntries } }, 'user data erased');
  return {
    erased: true,
    userId,
    removed: {
      users: rows.users ?? 0,
      interactions: rows.interactions ?? 0,
      preferences: rows.user_preferences ?? 0,
      apiKeys: rows.api_keys ?? 0,
      memoryKeys,
      queuedEntries,
    },
  };
}

export const exportUserDataOperation = defineOperation({
  name: 'export_user_data',
  input: userInput,
  output: z.object({ userId: z.string(), exportedAt: z.iso.datetime() }).loose(),
  cost: 'cheap',
  user: 'required',
  run: async (deps, input) => ({ ...(await exportUserData(deps, requireUser(input.userId))) }),
});

export const eraseUserDataOperation = defineOperation({
  name: 'erase_user_data',
  input: userInput,
  output: z.object({
    erased: z.literal(true),
    userId: z.string(),
    removed: z.object({
      users: z.number().int(),
      interactions: z.number().int(),
      preferences: z.number().int(),
      apiKeys: z.number().int(),
      memoryKeys: z.number().int(),
      queuedEntries: z.number().int(),
    }),
  }),
  cost: 'cheap',
  user: 'required',
  run: (deps, input) => eraseUserData(deps, requireUser(input.userId)),
});
