import { getHistoryOperation } from '../../usecases/getHistory.ts';
import { clip, defineTool } from '../tool.ts';

export const getUserHistoryTool = defineTool({
  operation: getHistoryOperation,
  title: "A user's history and learned patterns",
  description:
    "A user's recorded interactions, newest first (page, pageSize ≤ 50), what Calmly has learned from them (the tone they choose per context, " +
    'their refinement habits) and the same as readable insights.',
  annotations: { readOnlyHint: true, openWorldHint: false },
  summarize: (h) => {
    const { total, page, pageSize } = h.pagination;
    if (total === 0) return `No interactions recorded for ${h.userId} yet.`;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    return [
      `${h.userId}: ${total} interaction${total === 1 ? '' : 's'} (page ${page} of ${pages}).`,
      ...(h.insights.length ? ['Insights:', ...h.insights.map((i) => `- ${i}`)] : []),
      ...(h.interactions.length
        ? [
            'Interactions:',
            ...h.interactions.map(
              (i) =>
                `- ${i.createdAt.slice(0, 10)} ${i.detectedContext ?? 'unknown context'}${i.selectedTone ? ` · ${i.selectedTone}` : ''}: "${clip(i.selectedResponse, 120)}"`,
            ),
          ]
        : []),
    ].join('\n');
  },
});
