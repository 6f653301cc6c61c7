// analyze(): the situation frame (frame/index.ts) and what the analysis response shows of it,
// computed once; generate() reuses both.
import type { Analysis, Context, SafetyCategory, SafetyFlag, ScenarioMatch } from '../../machines/domain/types.ts';
import { detectContext } from './context.ts';
import { detectEmotion, type EmotionResult } from './emotion.ts';
import { keyElements } from './elements.ts';
import { readFrame, type Frame } from './frame/index.ts';
import { DOMAIN_CONTEXT } from './library/load.ts';
import { ROLE_DOMAIN } from './frame/roles.ts';
import { screenSafety } from './safety.ts';
import { placeSafety, safetySetting } from './safety-setting.ts';
import { recentlyComputed } from '../recent.ts';

export interface Understanding {
  analysis: Analysis;
  emotion: EmotionResult;
  frame: Frame;
}

/**
 * Context and how sure we are. A named role settles it. Otherwise the cue lexicons and the learned
 * model (context.ts) weigh the words, and a recognised behaviour adds its own context in proportion
 * to how clearly it was recognised.
 */
function contextOf(frame: Frame, scenarios: readonly ScenarioMatch[]): { context: Context; confidence: number } {
  const { counterpart, behaviour } = frame;
  const round = (x: number) => Math.round(Math.min(0.98, x) * 100) / 100;
  if (counterpart.role && !counterpart.inferred && !counterpart.indirect) {
    const fromRole =
      behaviour && behaviour.roles.includes(counterpart.role)
        ? behaviour.context
        : DOMAIN_CONTEXT[ROLE_DOMAIN[counterpart.role]];
    // "My husband and my boss both want…": another close tie from another part of life makes it a toss-up.
    const rival = frame.others.some(
      (o) => o.own && DOMAIN_CONTEXT[ROLE_DOMAIN[o.role]] !== fromRole && o.score >= frame.counterpartScore - 1.5,
    );
    return { context: fromRole, confidence: rival ? 0.5 : round(0.72 + 0.22 * counterpart.certainty) };
  }
  const cues = detectContext(frame.parsed, scenarios);
  if (!behaviour) return { context: cues.context, confidence: Math.min(cues.confidence, 0.55) };
  const points = { ...cues.scores };
  points[behaviour.context] += BEHAVIOUR_POINTS * frame.behaviourConfidence;
  const [context = cues.context] = (Object.keys(points) as Context[]).sort((a, b) => points[b] - points[a]);
  const agree = context === cues.context && context === behaviour.context;
  return {
    context,
    confidence: round(
      agree
        ? Math.max(cues.confidence, 0.5 + 0.35 * frame.behaviourConfidence)
        : Math.min(0.6, 0.4 + 0.2 * frame.behaviourConfidence),
    ),
  };
}

/** A clearly recognised behaviour counts like one strong role cue (context.ts weights). */
const BEHAVIOUR_POINTS = 3;

const SAFETY_TONE: Record<SafetyCategory, string> = {
  violence: 'frightened_and_hurt',
  threats: 'frightened',
  stalking: 'frightened',
  abuse: 'frightened_and_trapped',
  self_harm: 'in_distress',
  harassment: 'distressed_and_uncomfortable',
};

/** The writer's tone, kept consistent with the frame: guilt only when they are at fault, fear when they are in danger. */
function toneOf(emotion: EmotionResult, frame: Frame, safety: SafetyFlag): string {
  if (safety.flag && safety.category) return SAFETY_TONE[safety.category];
  if (frame.fault === 'self')
    return emotion.emotions.includes('guilt') || !emotion.emotions.length
      ? 'guilty_and_apologetic'
      : `${emotion.tone}_and_remorseful`.replace(/^calm_and_/, '');
  if (emotion.emotions[0] === 'guilt')
    return emotion.emotions[1] ? emotion.tone.replace(/guilty_and_|_and_guilty/, '') : 'uneasy';
  return emotion.tone;
}

/**
 * The frame and the safety screen depend on the text alone, and a situation is usually read more
 * than once in a row (analysis, then generation, then a refinement): the last few are kept.
 */
const readOnce = recentlyComputed(64, (situation: string): { frame: Frame; screened: SafetyFlag } => ({
  frame: readFrame(situation),
  screened: screenSafety(situation),
}));

/** The frame of a situation, from the same cache (a refinement reads the situation its suggestions came from). */
export function frameOf(situation: string): Frame {
  return readOnce(situation).frame;
}

/** The safety screen's verdict on a situation, from the same cache (a refinement asks whether its reply goes to someone who can help). */
export function screenedOf(situation: string): SafetyFlag {
  return readOnce(situation).screened;
}

/** `safety`: the screen's verdict when the caller already has it (the screen is the costliest step). */
export function understand(
  situation: string,
  scenarios: readonly ScenarioMatch[] = [],
  safety?: SafetyFlag,
): Understanding {
  const { frame, screened } = readOnce(situation);
  const { context, confidence } = contextOf(frame, scenarios);
  const emotion = detectEmotion(frame.parsed, context);
  const flag = placeSafety(safety ?? screened, safetySetting(frame, situation), situation);
  const analysis: Analysis = {
    context,
    confidence,
    emotionalTone: toneOf(emotion, frame, flag),
    keyElements: keyElements(frame),
    safety: flag,
    counterpart: { role: frame.counterpart.role, name: frame.counterpart.name },
    behaviour: frame.behaviour?.label ?? null,
    goal: frame.goal,
    fault: frame.fault,
    clarifyingQuestion: frame.clarifyingQuestion,
    quickAnswers: frame.quickAnswers,
  };
  return { analysis, emotion, frame };
}
