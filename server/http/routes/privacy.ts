import { eraseUserDataOperation, exportUserDataOperation } from '../../usecases/userData.ts';
import { defineRoute } from '../route.ts';

export const exportUserRoute = defineRoute(exportUserDataOperation, {
  method: 'get',
  path: '/api/users/:userId/export',
  summary: 'Export everything held about a user (JSON)',
  description:
    'The user row, preferences, every interaction, memory (working memory of their sessions, episodic summaries, learned patterns), API key metadata (never hashes) and entries still queued or dead-lettered.',
  tags: ['privacy'],
  success: { description: 'Everything held about the user' },
  errors: ['invalid_request'],
});

export const eraseUserRoute = defineRoute(eraseUserDataOperation, {
  method: 'delete',
  path: '/api/users/:userId/data',
  summary: 'Erase everything held about a user',
  description:
    'Deletes the rows (user, preferences, interactions, API keys), all memory, the preference cache and queued or dead-lettered entries. A tombstone (a hash of the id, never the id) keeps interactions queued before the erasure from being written back. Idempotent.',
  tags: ['privacy'],
  success: { description: 'What was removed' },
  errors: ['invalid_request', 'service_unavailable'],
});
