import { analyzeSituationOperation } from '../../usecases/analyzeSituation.ts';
import { defineTool } from '../tool.ts';

export const analyzeSituationTool = defineTool({
  operation: analyzeSituationOperation,
  title: 'Analyze a difficult situation',
  description:
    'Reads a situation the user describes in their own words (at most 2,000 characters): its context (work, friendship or relationship) with a confidence, ' +
    'the emotional tone, the key elements, and a safety flag for violence, threats, stalking, abuse, self-harm or harassment (with where to get help). ' +
    'generate_responses does this analysis too; call this one to show or check how Calmly reads the situation first.',
  annotations: { readOnlyHint: true, openWorldHint: false },
  summarize: (a) =>
    [
      `Context: ${a.context} (confidence ${a.confidence.toFixed(2)})`,
      `Emotional tone: ${a.emotionalTone.replace(/_/g, ' ')}`,
      `Key elements: ${a.keyElements.length ? a.keyElements.join('; ') : '(none found)'}`,
      ...(a.safety.flag
        ? [
            `Safety concern (${a.safety.category ?? 'unspecified'}): ${a.safety.message ?? ''}`.trim(),
            ...(a.safety.resources ?? []).map((r) => `- ${r}`),
          ]
        : []),
    ].join('\n'),
});
