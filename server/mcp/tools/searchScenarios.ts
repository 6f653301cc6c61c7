import { searchScenariosOperation } from '../../usecases/searchScenarios.ts';
import { clip, defineTool } from '../tool.ts';

export const searchScenariosTool = defineTool({
  operation: searchScenariosOperation,
  title: 'Search the scenario library',
  description:
    "Searches Calmly's library of common difficult situations (semantic + keyword), each with suggested approaches per tone and common refinements. " +
    'Filter by `context` (work, friendship, relationship); without `query`, lists the scenarios of a context by title. Paginated (pageSize ≤ 50).',
  annotations: { readOnlyHint: true, openWorldHint: false },
  summarize: (r, input) => {
    const { total, page } = r.pagination;
    const what = [input.query ? `for "${clip(input.query, 60)}"` : '', input.context ? `in ${input.context}` : '']
      .filter(Boolean)
      .join(' ');
    if (!r.scenarios.length) return `No scenarios${what ? ` ${what}` : ''} (page ${page}, ${total} in all).`;
    return [
      `${r.scenarios.length} of ${total} scenario${total === 1 ? '' : 's'}${what ? ` ${what}` : ''} (page ${page}):`,
      ...r.scenarios.map(
        (s, i) =>
          `${i + 1}. ${s.title} (${s.context}, relevance ${s.relevanceScore.toFixed(2)}, id ${s.id}): ${clip(s.description, 140)}`,
      ),
    ].join('\n');
  },
});
