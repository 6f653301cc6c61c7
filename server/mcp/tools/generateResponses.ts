import { generateResponsesOperation } from '../../usecases/generateResponses.ts';
import { defineTool } from '../tool.ts';

export const generateResponsesTool = defineTool({
  operation: generateResponsesOperation,
  title: 'Suggest three replies',
  description:
    'Suggests three replies to a difficult situation (at most 2,000 characters), each in a different tone (by default Calm and Professional, Empathetic, ' +
    'Direct but Kind) with a short explanation of why it works. Give `context` (work, friendship, relationship) to override detection, and `userId` ' +
    "to shape the replies by the user's preferences and what Calmly has learned from their past choices. Each reply has an `id` and `tone` for refine_response; " +
    'when the user picks one, record it with save_interaction.',
  annotations: { readOnlyHint: true, openWorldHint: false },
  summarize: (r) =>
    [
      `${r.responses.length === 3 ? 'Three' : r.responses.length} repl${r.responses.length === 1 ? 'y' : 'ies'} for a ${r.metadata.context} situation:`,
      ...r.responses.map((s, i) => `\n${i + 1}. ${s.tone} (id ${s.id})\n"${s.text}"\nWhy it works: ${s.explanation}`),
      ...(r.analysis.safety.flag
        ? [`\nSafety first (${r.analysis.safety.category ?? 'concern'}): ${r.analysis.safety.message ?? ''}`.trimEnd()]
        : []),
    ].join('\n'),
});
