import { refineResponseOperation } from '../../usecases/refineResponse.ts';
import { defineTool } from '../tool.ts';

export const refineResponseTool = defineTool({
  operation: refineResponseOperation,
  title: 'Refine a reply',
  description:
    'Adjusts one reply as the user asks, in their words (at most 200 characters), requests combined freely: firmer, softer, warmer, shorter, longer, more formal, more casual, ' +
    'less like a robot, as an email or a text, less or more apologetic, more specific, add a fact ("add that this has happened three times"), leave a part out, ' +
    'ask rather than tell, end with a question, use or drop their name. Pass the reply as `originalText` with its `responseId` (and `tone`, `situation` for better results). ' +
    '`changes` lists only what changed; `notes` says what could not be done. Wording with nothing to act on is the error unsupported_adjustment, listing what works (`supported`).',
  annotations: { readOnlyHint: true, openWorldHint: false },
  summarize: ({ refinedResponse: r }) =>
    [
      `Refined reply (${r.tone}, id ${r.id}):`,
      `"${r.text}"`,
      `Changes: ${r.changes.length ? r.changes.join('; ') : 'none'}`,
      ...(r.notes?.length ? [`Not done: ${r.notes.join(' ')}`] : []),
    ].join('\n'),
});
