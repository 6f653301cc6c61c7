import { z } from 'zod';
import type { Ports } from '../ports.ts';
import type { ScenarioSearchResult } from '../scenarios/index.ts';
import { orientScenarios } from '../coach/orient.ts';
import { contextField, LIMITS, pageField, pageSizeField, storableText } from '../../machines/domain/fields.ts';
import { defineOperation } from '../operations/operation.ts';
import { paginationResponse, scenarioResponse } from './schemas.ts';

export const searchScenariosInput = z.object({
  context: contextField.optional(),
  query: storableText(z.string().trim().max(LIMITS.query, `must be at most ${LIMITS.query} characters`))
    .optional()
    .meta({ example: 'team conflict' }),
  page: pageField,
  pageSize: pageSizeField,
});
export type SearchScenariosInput = z.infer<typeof searchScenariosInput>;

/** Results among which direction (who is at fault) may reorder: the first ORIENT_WINDOW of a query. */
const ORIENT_WINDOW = 50;

/**
 * Hybrid search over the scenario library; with no query, the context's scenarios by title. A
 * query's first ORIENT_WINDOW results are turned to face the right way (coach/orient.ts: "my friend
 * owes me" before "I owe my friend"); pages beyond them come from the index as ranked.
 */
export async function searchScenarios(
  deps: Pick<Ports, 'scenarios'>,
  input: SearchScenariosInput,
  signal?: AbortSignal,
): Promise<ScenarioSearchResult> {
  const query = input.query || undefined;
  if (!query || input.page * input.pageSize > ORIENT_WINDOW) {
    return deps.scenarios.search({ query, context: input.context, page: input.page, pageSize: input.pageSize }, signal);
  }
  const window = await deps.scenarios.search(
    { query, context: input.context, page: 1, pageSize: ORIENT_WINDOW },
    signal,
  );
  const from = (input.page - 1) * input.pageSize;
  return {
    scenarios: orientScenarios(query, window.scenarios).slice(from, from + input.pageSize),
    pagination: { ...window.pagination, page: input.page, pageSize: input.pageSize },
  };
}

export const searchScenariosOperation = defineOperation({
  name: 'search_scenarios',
  input: searchScenariosInput,
  output: z.object({ scenarios: z.array(scenarioResponse), pagination: paginationResponse }),
  cost: 'cheap',
  user: 'none',
  run: (deps, input, { signal }) => searchScenarios(deps, input, signal),
});
