// The domain vocabulary shared by every edge (REST, socket, MCP) and every adapter.
// Field names follow the seed's data models (section 5) exactly.
import { z } from 'zod';

export const CONTEXTS = ['work', 'friendship', 'relationship'] as const;
export const contextSchema = z.enum(CONTEXTS);
export type Context = z.infer<typeof contextSchema>;

/** Tones a user may prefer (PUT /api/preferences). "balanced" keeps the default trio. */
export const PREFERRED_TONES = ['balanced', 'professional', 'empathetic', 'direct', 'assertive', 'gentle', 'casual'] as const;
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
}

/** The seed's POST /api/analyze response, plus the safety flag. */
export interface Analysis {
  context: Context;
  confidence: number; // [0,1]
  emotionalTone: string; // e.g. "frustrated_but_professional"
  keyElements: string[];
  safety: SafetyFlag;
}

/** The seed's Response model (one suggestion). */
export interface Suggestion {
  id: string;
  tone: string;
  text: string;
  explanation: string;
}

export interface RefinedResponse {
  id: string; // "<responseId>_refined"
  tone: string;
  text: string;
  changes: string[];
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
    aliases: z.array(z.string().min(3).max(200)).max(20).default([]),
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
export const EMPTY_PATTERNS: LearnedPatterns = { toneByContext: {}, refinementHabits: [] };
