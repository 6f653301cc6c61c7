// Public surface of the built-in coach (see README.md).
import type { Analysis, SafetyFlag, ScenarioMatch } from '../domain/types.ts';
import { understand } from './analyze.ts';

export { generate, type GenerateInput, type GenerateOutput } from './generate.ts';
export { refine, classifyAdjustment, SUPPORTED_ADJUSTMENTS, type RefineInput, type AdjustmentKind } from './refine.ts';

export function analyze(situation: string, opts: { scenarios?: ScenarioMatch[]; safety?: SafetyFlag } = {}): Analysis {
  return understand(situation, opts.scenarios, opts.safety).analysis;
}
