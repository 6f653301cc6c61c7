import { analyzeInput, analyzeSituation } from '../../usecases/analyzeSituation.ts';
import { defineRoute } from '../route.ts';
import { analyzeResponse } from '../schemas.ts';

export const analyzeRoute = defineRoute({
  method: 'post',
  path: '/api/analyze',
  summary: 'Analyze situation context and emotional tone',
  tags: ['coaching'],
  body: analyzeInput,
  success: { status: 200, description: 'The analysis', schema: analyzeResponse },
  errors: ['invalid_request'],
  cost: 'model',
  handle: async ({ deps, body, signal }) => ({ body: await analyzeSituation(deps, body, signal) }),
});
