// Public surface of the built-in coach (see README.md).
import type { Analysis, SafetyFlag, ScenarioMatch } from '../../machines/domain/types.ts';
import { understand } from './analyze.ts';
import { locate } from './refine/locate.ts';

export { understand, type Understanding } from './analyze.ts';
export { briefOf, type SituationBrief } from './frame/brief.ts';
export { generate, type GenerateInput, type GenerateOutput } from './generate.ts';
export {
  refine,
  classifyAdjustment,
  parseAdjustment,
  type RefineInput,
  type AdjustmentRequest,
  type AdjustmentKind,
} from './refine/index.ts';

/**
 * Reads the reply library and builds the behaviour index, the context model and the index refinement
 * locates replies with now, so the first request does not pay for it (about a second); returns how
 * long it took.
 */
export function warmCoach(): number {
  const t0 = performance.now();
  understand('My coworker keeps taking credit for my ideas in team meetings.');
  locate('Could we talk about it?');
  return Math.round(performance.now() - t0);
}

export function analyze(situation: string, opts: { scenarios?: ScenarioMatch[]; safety?: SafetyFlag } = {}): Analysis {
  return understand(situation, opts.scenarios, opts.safety).analysis;
}
