// generate(): analysis (reused or computed) → tone plan → three replies, plus notes that say
// which user preferences or habits shaped them.
import type { Analysis, Context, LearnedPatterns, Preferences, ScenarioMatch, Suggestion } from '../domain/types.ts';
import { understand } from './analyze.ts';
import { compose } from './compose.ts';
import { composeSafe } from './safe-compose.ts';
import { planTones } from './tones.ts';

export interface GenerateInput {
  situation: string;
  context?: Context;
  analysis?: Analysis;
  preferences?: Omit<Preferences, 'userId'>;
  patterns?: LearnedPatterns;
  scenarios?: ScenarioMatch[];
}

export interface GenerateOutput {
  analysis: Analysis;
  responses: Suggestion[];
  notes: string[];
}

/** Scenario approaches are only borrowed from a match that is clearly about this situation. */
const MIN_SCENARIO_RELEVANCE = 0.5;

export function generate(input: GenerateInput): GenerateOutput {
  const u = understand(input.situation, input.scenarios);
  const analysis: Analysis = { ...(input.analysis ?? u.analysis) };
  const notes: string[] = [];
  if (input.context && input.context !== analysis.context) {
    notes.push(`Using the ${input.context} context you chose (detected: ${analysis.context}).`);
  }
  if (input.context) {
    analysis.context = input.context;
    analysis.confidence = 1;
  }

  if (analysis.safety.flag) {
    notes.push(`Safety concern detected (${analysis.safety.category}): these suggestions focus on your safety and where to get help.`);
    return { analysis, responses: composeSafe(analysis.safety, u.behaviour.counterpart), notes };
  }

  const plan = planTones(analysis.context, input.preferences, input.patterns);
  notes.push(...plan.notes);
  const scenario = input.scenarios?.find(
    (s) => s.relevanceScore >= MIN_SCENARIO_RELEVANCE && s.context === analysis.context,
  );
  if (scenario) notes.push(`Drew on the '${scenario.title}' scenario.`);
  const responses = compose(plan.tones, {
    context: analysis.context,
    behaviour: u.behaviour,
    emotion: u.emotion,
    assertiveness: plan.assertiveness,
  }, scenario);
  return { analysis, responses, notes };
}
