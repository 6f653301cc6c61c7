import { z } from 'zod';
import { searchScenarios, searchScenariosInput } from '../../usecases/searchScenarios.ts';
import { defineRoute } from '../route.ts';
import { paginationResponse, scenarioResponse } from '../schemas.ts';

export const scenariosRoute = defineRoute({
  method: 'get',
  path: '/api/scenarios',
  summary: 'Search the scenario library',
  description: 'Hybrid semantic + keyword search. Without `query`, lists the scenarios of a context by title.',
  tags: ['scenarios'],
  query: searchScenariosInput,
  success: {
    status: 200,
    description: 'Matching scenarios, best first',
    schema: z.object({ scenarios: z.array(scenarioResponse), pagination: paginationResponse }),
  },
  errors: ['invalid_request'],
  handle: async ({ deps, query, signal }) => ({ body: await searchScenarios(deps, query, signal) }),
});
