// The domain vocabulary shared by every edge (REST, socket, MCP) and every adapter.
// Field names follow the seed's data models (section 5) exactly.
import { z } from 'zod';

export const CONTEXTS = ['work', 'friendship', 'relationship'] as const;
export const contextSchema = z.enum(CONTEXTS);
export type Context = z.infer<typeof contextSchema>;

/** Tones a user may prefer (PUT /api/preferences). "balanced" keeps the default trio. */
export const PREFERRED_TONES = [
  'balanced',
  'professional',
  'empathetic',
  'direct',
  'assertive',
  'gentle',
  'casual',
] as const;
export const preferredToneSchema = z.enum(PREFERRED_TONES);
export type PreferredTone = z.infer<typeof preferredToneSchema>;

export interface Preferences {
  userId: string;
  preferredTone: PreferredTone;
  defaultAssertiveness: number; // integer 1..10
  voiceEnabled: boolean;
  elevenLabsVoiceId: string | null;
}

export const DEFAULT_PREFERENCES: Omit<Preferences, 'userId'> = {
  preferredTone: 'balanced',
  defaultAssertiveness: 5,
  voiceEnabled: false,
  elevenLabsVoiceId: null,
};

export const SAFETY_CATEGORIES = ['violence', 'threats', 'stalking', 'abuse', 'self_harm', 'harassment'] as const;
export type SafetyCategory = (typeof SAFETY_CATEGORIES)[number];

export interface SafetyFlag {
  flag: boolean;
  category: SafetyCategory | null;
  /** Where to get help, in words a person can act on; present when flag is true. */
  message?: string;
  resources?: string[];
  /** Who is in danger: the writer, or someone they are worried about (a friend talking about hurting herself). */
  atRisk?: 'writer' | 'someone_else';
}

/** Who the situation is about: a role from the coach's list ("manager", "sibling", "ex") and a name only when the text gives one. */
export interface AnalysisCounterpart {
  role: string | null;
  name: string | null;
}

/** What the writer wants to happen. */
export const GOALS = [
  'stop',
  'change',
  'repay',
  'return',
  'apology',
  'boundary',
  'decline',
  'end',
  'repair',
  'ask',
  'inform',
  'understand',
] as const;
export type Goal = (typeof GOALS)[number];

/**
 * The seed's POST /api/analyze response, plus the safety flag and what the coach understood:
 * who it is about, what they did, what the writer wants, and a question when the text does not
 * say enough. The extensions are optional so a hosted model's analysis fits too; the built-in
 * coach always fills them.
 */
export interface Analysis {
  context: Context;
  confidence: number; // [0,1]
  emotionalTone: string; // e.g. "frustrated_but_professional"
  keyElements: string[];
  safety: SafetyFlag;
  counterpart?: AnalysisCounterpart;
  /** The behaviour recognised, in a few words ("weekend messages"); null when none was. */
  behaviour?: string | null;
  goal?: Goal;
  /** Who is at fault in what happened, as the writer tells it. */
  fault?: 'other' | 'self' | 'both' | 'none';
  /** Asked when the situation does not say enough to choose replies; the replies stay true to what is known. */
  clarifyingQuestion?: string | null;
  /** Answers to the question the writer can send with one tap. */
  quickAnswers?: string[];
}

/** The seed's Response model (one suggestion). */
export interface Suggestion {
  id: string;
  tone: string;
  text: string;
  explanation: string;
}

/**
 * A suggestion the person stopped while it was being written: the text so far, usable like a finished
 * one (selected, refined, played, copied). Its explanation was never written, so it has none.
 */
export interface StoppedSuggestion extends Omit<Suggestion, 'explanation'> {
  explanation?: string;
  stopped: true;
}

/** A suggestion as a live session holds it: finished, or stopped partway (only then may the explanation be missing). */
export type SessionSuggestion = (Suggestion & { stopped?: undefined }) | StoppedSuggestion;

export interface RefinedResponse {
  id: string; // "<responseId>_refined"
  tone: string;
  text: string;
  /** What changed, one line each; empty when the text did not change. */
  changes: string[];
  /** What was asked but could not be done, and what would work instead. */
  notes?: string[];
}

/** The seed's Scenario model; relevanceScore is added by search. */
export const suggestedApproachSchema = z.object({
  tone: z.string().min(1).max(60),
  template: z.string().min(10).max(600),
  effectiveness: z.number().min(0).max(1),
});

export const scenarioSchema = z
  .object({
    id: z.string().regex(/^scn_[a-z0-9_]{1,60}$/, 'must look like scn_lower_snake_case'),
    title: z.string().min(3).max(120),
    context: contextSchema,
    description: z.string().min(10).max(500),
    emotionalSignals: z.array(z.string().min(2).max(60)).min(1).max(12),
    suggestedApproaches: z.array(suggestedApproachSchema).min(2).max(6),
    commonRefinements: z.array(z.string().min(2).max(80)).min(1).max(10),
    keywords: z.array(z.string().min(2).max(60)).max(40).default([]),
    aliases: z.array(z.string().min(3).max(200)).max(40).default([]),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioMatch = Scenario & { relevanceScore: number };

/** Learned per-user patterns (semantic memory). Empty for a new user. */
export interface TonePattern {
  tone: string;
  count: number;
  total: number;
  share: number; // count / total
}
export interface RefinementHabit {
  context: Context;
  adjustment: string; // normalised kind, e.g. "more_assertive"
  count: number;
  total: number; // interactions in that context
  share: number;
}
export interface LearnedPatterns {
  toneByContext: Partial<Record<Context, TonePattern>>;
  refinementHabits: RefinementHabit[];
}
