import { endSessionOperation } from '../../usecases/endSession.ts';
import { getHistoryOperation } from '../../usecases/getHistory.ts';
import { getPreferencesOperation } from '../../usecases/getPreferences.ts';
import { saveInteractionOperation } from '../../usecases/saveInteraction.ts';
import { updatePreferencesOperation } from '../../usecases/updatePreferences.ts';
import { defineRoute } from '../route.ts';

export const saveInteractionRoute = defineRoute(saveInteractionOperation, {
  method: 'post',
  path: '/api/interactions',
  summary: 'Save an interaction for personalization',
  description:
    'Validates, assigns an int_ id and appends the interaction to a durable Redis Stream; answers once the stream holds it. The recorder then writes the row and updates memory (usually within milliseconds). `refinements` and `sessionId` are optional extensions to the seed contract.',
  tags: ['personalization'],
  success: { description: 'Saved (queued durably for processing)' },
  errors: ['invalid_request', 'service_unavailable'],
});

export const getPreferencesRoute = defineRoute(getPreferencesOperation, {
  method: 'get',
  path: '/api/preferences',
  summary: "Retrieve a user's preferences (defaults when none are stored)",
  tags: ['personalization'],
  success: { description: 'The preferences' },
  errors: ['invalid_request'],
});

export const putPreferencesRoute = defineRoute(updatePreferencesOperation, {
  method: 'put',
  path: '/api/preferences',
  summary: "Update a user's preferences (fields left out keep their value)",
  tags: ['personalization'],
  success: { description: 'The updated preferences' },
  errors: ['invalid_request'],
});

export const historyRoute = defineRoute(getHistoryOperation, {
  method: 'get',
  path: '/api/history',
  summary: "A user's recent interactions and learned patterns",
  description:
    'Interactions newest first (paginated), the learned patterns (tone per context, refinement habits) and the same as sentences.',
  tags: ['personalization'],
  success: { description: 'History and patterns' },
  errors: ['invalid_request'],
});

export const endSessionRoute = defineRoute(endSessionOperation, {
  method: 'post',
  path: '/api/sessions/:sessionId/end',
  summary: "End a session: summarise it into the user's episodic memory",
  description:
    'Interactions saved with this sessionId and already processed are summarised (what was asked, context, tones chosen, refinements). `episode` is null when there was nothing to summarise. A live session of another user is 403 forbidden.',
  tags: ['personalization'],
  success: { description: 'The episode written' },
  errors: ['invalid_request', 'forbidden'],
});
