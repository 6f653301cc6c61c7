import { z } from 'zod';
import { userIdField } from '../../../machines/domain/fields.ts';
import { eraseUserData, exportUserData } from '../../usecases/userData.ts';
import { defineRoute } from '../route.ts';

const params = z.object({ userId: userIdField });

export const exportUserRoute = defineRoute({
  method: 'get',
  path: '/api/users/:userId/export',
  summary: 'Export everything held about a user (JSON)',
  description:
    'The user row, preferences, every interaction, memory (working memory of their sessions, episodic summaries, learned patterns), API key metadata (never hashes) and entries still queued or dead-lettered.',
  tags: ['privacy'],
  params,
  success: { status: 200, description: 'Everything held about the user', schema: z.object({ userId: z.string(), exportedAt: z.iso.datetime() }).loose() },
  errors: ['invalid_request'],
  handle: async ({ deps, params: p }) => ({ body: await exportUserData(deps, p.userId) }),
});

export const eraseUserRoute = defineRoute({
  method: 'delete',
  path: '/api/users/:userId/data',
  summary: 'Erase everything held about a user',
  description:
    'Deletes the rows (user, preferences, interactions, API keys), all memory, the preference cache and queued or dead-lettered entries. A tombstone (a hash of the id, never the id) keeps interactions queued before the erasure from being written back. Idempotent.',
  tags: ['privacy'],
  params,
  success: {
    status: 200,
    description: 'What was removed',
    schema: z.object({
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
  },
  errors: ['invalid_request', 'service_unavailable'],
  handle: async ({ deps, params: p }) => ({ body: await eraseUserData(deps, p.userId) }),
});
