import type { RouteDef } from '../route.ts';
import { analyzeRoute } from './analyze.ts';
import { audioRoute } from './audio.ts';
import { generateRoute } from './generate.ts';
import { healthRoute } from './health.ts';
import { historyRoute } from './history.ts';
import { saveInteractionRoute } from './interactions.ts';
import { getPreferencesRoute, putPreferencesRoute } from './preferences.ts';
import { refineRoute } from './refine.ts';
import { scenariosRoute } from './scenarios.ts';
import { endSessionRoute } from './sessions.ts';
import { eraseUserRoute, exportUserRoute } from './users.ts';
import { synthesizeRoute } from './voice.ts';

/** Every REST route; the same list is mounted and documented. */
export const routes: RouteDef[] = [
  analyzeRoute,
  generateRoute,
  refineRoute,
  saveInteractionRoute,
  getPreferencesRoute,
  putPreferencesRoute,
  historyRoute,
  endSessionRoute,
  exportUserRoute,
  eraseUserRoute,
  scenariosRoute,
  synthesizeRoute,
  audioRoute,
  healthRoute,
] as RouteDef[];
