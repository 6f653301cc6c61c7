import { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import type { ScenarioSearchResult } from '../scenarios/index.ts';
import { contextField, LIMITS, pageField, pageSizeField } from '../domain/fields.ts';

export const searchScenariosInput = z.object({
  context: contextField.optional(),
  query: z.string().trim().max(LIMITS.query, `must be at most ${LIMITS.query} characters`).optional()
    .meta({ example: 'team conflict' }),
  page: pageField,
  pageSize: pageSizeField,
});
export type SearchScenariosInput = z.infer<typeof searchScenariosInput>;

/** Hybrid search over the scenario library; with no query, the context's scenarios by title. */
export async function searchScenarios(deps: AppDeps, input: SearchScenariosInput, signal?: AbortSignal): Promise<ScenarioSearchResult> {
  return deps.scenarios.search(
    { query: input.query || undefined, context: input.context, page: input.page, pageSize: input.pageSize },
    signal,
  );
}
