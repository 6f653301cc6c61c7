import { searchScenariosOperation } from '../../usecases/searchScenarios.ts';
import { defineRoute } from '../route.ts';

export const scenariosRoute = defineRoute(searchScenariosOperation, {
  method: 'get',
  path: '/api/scenarios',
  summary: 'Search the scenario library',
  description: 'Hybrid semantic + keyword search. Without `query`, lists the scenarios of a context by title.',
  tags: ['scenarios'],
  success: { description: 'Matching scenarios, best first' },
  errors: ['invalid_request'],
});
