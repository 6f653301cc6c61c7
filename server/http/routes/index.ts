import type { RouteDef } from '../route.ts';
import { checkoutRoute, portalRoute, subscriptionRoute, webhookRoute } from './billing.ts';
import { analyzeRoute, generateRoute, refineRoute } from './coaching.ts';
import { healthRoute } from './health.ts';
import {
  endSessionRoute,
  getPreferencesRoute,
  historyRoute,
  putPreferencesRoute,
  saveInteractionRoute,
} from './personalization.ts';
import { eraseUserRoute, exportUserRoute } from './privacy.ts';
import { scenariosRoute } from './scenarios.ts';
import { audioRoute, synthesizeRoute } from './voice.ts';

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
  checkoutRoute,
  portalRoute,
  subscriptionRoute,
  webhookRoute,
  healthRoute,
];
