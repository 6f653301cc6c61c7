// analyze(): the parts of understanding a situation that generate() also needs, computed once.
import type { Analysis, SafetyFlag, ScenarioMatch } from '../domain/types.ts';
import { readBehaviour, type Behaviour } from './behaviour.ts';
import { detectContext } from './context.ts';
import { detectEmotion, type EmotionResult } from './emotion.ts';
import { keyElements } from './elements.ts';
import { parse } from './nlp.ts';
import { screenSafety } from './safety.ts';

export interface Understanding {
  analysis: Analysis;
  emotion: EmotionResult;
  behaviour: Behaviour;
}

/** `safety`: the screen's verdict when the caller already has it (the screen is the costliest step). */
export function understand(situation: string, scenarios: readonly ScenarioMatch[] = [], safety?: SafetyFlag): Understanding {
  const parsed = parse(situation);
  const ctx = detectContext(parsed, scenarios);
  const emotion = detectEmotion(parsed, ctx.context);
  const behaviour = readBehaviour(parsed, ctx);
  const analysis: Analysis = {
    context: ctx.context,
    confidence: ctx.confidence,
    emotionalTone: emotion.tone,
    keyElements: keyElements(parsed, ctx.context, behaviour, ctx.people),
    safety: safety ?? screenSafety(situation),
  };
  return { analysis, emotion, behaviour };
}
