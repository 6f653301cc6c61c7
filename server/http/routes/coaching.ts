import { analyzeSituationOperation } from '../../usecases/analyzeSituation.ts';
import { generateResponsesOperation } from '../../usecases/generateResponses.ts';
import { refineResponseOperation } from '../../usecases/refineResponse.ts';
import { defineRoute } from '../route.ts';

export const analyzeRoute = defineRoute(analyzeSituationOperation, {
  method: 'post',
  path: '/api/analyze',
  summary: 'Analyze situation context and emotional tone',
  tags: ['coaching'],
  success: { description: 'The analysis' },
  errors: ['invalid_request'],
});

export const generateRoute = defineRoute(generateResponsesOperation, {
  method: 'post',
  path: '/api/generate',
  summary: 'Generate three contextual response suggestions',
  tags: ['coaching'],
  success: { description: 'Suggestions in three tones, each with why it works' },
  errors: ['invalid_request', 'ai_unavailable'],
});

export const refineRoute = defineRoute(refineResponseOperation, {
  method: 'post',
  path: '/api/refine',
  summary: 'Adjust the tone or assertiveness of a response',
  description:
    'Understands free wording and combinations ("warmer but keep the deadline"): firmer, softer, warmer, cooler, shorter, longer, more formal, more casual, less like a robot, as an email, as a text, less or more apologetic, more specific, add a fact ("add that this has happened three times"), leave a part out, ask rather than tell, end with a question, use or drop their name. `changes` lists only what changed; `notes` says what could not be done. Wording with nothing to act on is a 400 `unsupported_adjustment` whose error lists what works (`supported`).',
  tags: ['coaching'],
  success: { description: 'The refined response and what changed' },
  errors: ['invalid_request', 'unsupported_adjustment', 'ai_unavailable'],
});
