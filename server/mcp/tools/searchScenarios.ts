import { scenariosRoute } from '../../http/routes/scenarios.ts';
import { searchScenarios, searchScenariosInput } from '../../usecases/searchScenarios.ts';
import { clip, defineTool, objectSchema } from '../tool.ts';

export const searchScenariosTool = defineTool({
  name: 'search_scenarios',
  title: 'Search the scenario library',
  description:
    "Searches Calmly's library of common difficult situations (semantic + keyword), each with suggested approaches per tone and common refinements. " +
    'Filter by `context` (work, friendship, relationship); without `query`, lists the scenarios of a context by title. Paginated (pageSize ≤ 50).',
  input: searchScenariosInput,
  output: objectSchema(scenariosRoute.success.schema),
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: ({ deps, signal }, input) => searchScenarios(deps, input, signal),
  summarize: (r, input) => {
    const { total, page } = r.pagination;
    const what = [input.query ? `for "${clip(input.query, 60)}"` : '', input.context ? `in ${input.context}` : ''].filter(Boolean).join(' ');
    if (!r.scenarios.length) return `No scenarios${what ? ` ${what}` : ''} (page ${page}, ${total} in all).`;
    return [
      `${r.scenarios.length} of ${total} scenario${total === 1 ? '' : 's'}${what ? ` ${what}` : ''} (page ${page}):`,
      ...r.scenarios.map((s, i) => `${i + 1}. ${s.title} (${s.context}, relevance ${s.relevanceScore.toFixed(2)}, id ${s.id}): ${clip(s.description, 140)}`),
    ].join('\n');
  },
});
