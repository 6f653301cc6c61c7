import { saveInteractionOperation } from '../../usecases/saveInteraction.ts';
import { defineTool } from '../tool.ts';

export const saveInteractionTool = defineTool({
  operation: saveInteractionOperation,
  title: 'Record the reply the user chose',
  description:
    'Records the reply the user chose for a situation, so Calmly learns their preferences (the tone they pick per context, the refinements they ask for). ' +
    'Answers once the interaction is durably queued; it appears in get_user_history moments later. Each call records a new interaction.',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  summarize: (r, input) =>
    `Saved interaction ${r.interactionId} for ${input.userId}; it is queued and will show in get_user_history shortly.`,
});
