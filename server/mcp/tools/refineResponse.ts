import { refineRoute } from '../../http/routes/refine.ts';
import { refineInput, refineResponse } from '../../usecases/refineResponse.ts';
import { defineTool, objectSchema } from '../tool.ts';

export const refineResponseTool = defineTool({
  name: 'refine_response',
  title: 'Refine a reply',
  description:
    'Adjusts one reply as the user asks, in their words (at most 200 characters): more assertive, softer or warmer, shorter, more formal, more casual, ' +
    'add specifics, less apologetic, more empathetic. Pass the reply as `originalText` with its `responseId` (and `tone`, `situation` for better results). ' +
    'The built-in coach answers an adjustment it cannot act on with the error unsupported_adjustment, listing what works (`supported`).',
  input: refineInput,
  output: objectSchema(refineRoute.success.schema),
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: ({ deps, signal }, input) => refineResponse(deps, input, signal),
  summarize: ({ refinedResponse: r }) =>
    [`Refined reply (${r.tone}, id ${r.id}):`, `"${r.text}"`, `Changes: ${r.changes.length ? r.changes.join('; ') : 'none'}`].join('\n'),
});
