// The port every coach implementation fulfils (the built-in coach, a routed set of OpenAI-compatible
// endpoints). Streaming first: generate() and refine() are async iterables of CoachEvents; a caller
// that wants the whole result folds the events (collectGeneration / collectRefinement below).
//
// Event protocol of one generation, in order of arrival (variants interleave):
//   start × 3        one per variant, immediately: responseId + tone (clients can lay out columns)
//   analysis         once, whenever the analysis is ready (in parallel with the variants)
//   token …          chunks of a variant's reply text, as the model produces them
//   reset            discard every token received so far for that responseId (the upstream failed
//                    mid-stream or produced invalid output); tokens that follow start over
//   suggestion       a variant is complete: final text + explanation + the model that wrote it
//   done             last event: models, token usage, notes
// Per responseId, the concatenated tokens since the last reset equal the suggestion's text.
// refine() emits start, token…, (reset…), refined, done.
import type {
  Analysis,
  Context,
  LearnedPatterns,
  Preferences,
  RefinedResponse,
  ScenarioMatch,
  Suggestion,
} from '../../machines/domain/types.ts';

export const BUILTIN_MODEL = 'calmly-builtin-coach';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
}

export type AnalysisSource = 'ai' | 'builtin' | 'input';

export type CoachEvent =
  | { type: 'start'; responseId: string; tone: string }
  | { type: 'analysis'; analysis: Analysis; source: AnalysisSource; model: string }
  | { type: 'token'; responseId: string; text: string }
  | { type: 'reset'; responseId: string; reason: string }
  | { type: 'suggestion'; suggestion: Suggestion; model: string }
  | { type: 'refined'; refined: RefinedResponse; model: string }
  | { type: 'done'; model: string; models: string[]; usage: Usage; notes: string[] };

export interface AnalyzeRequest {
  situation: string;
  scenarios?: ScenarioMatch[];
}

export interface AnalyzeResult {
  analysis: Analysis;
  /** The model that produced the analysis (BUILTIN_MODEL when the built-in analyzer answered). */
  model: string;
  source: 'ai' | 'builtin';
  usage: Usage;
}

export interface GenerateRequest {
  situation: string;
  /** Chosen by the user; when absent, context detection runs in parallel with the variants. */
  context?: Context;
  preferences?: Omit<Preferences, 'userId'>;
  patterns?: LearnedPatterns;
  /** Closest scenarios, best first; their approaches are offered to the model. */
  scenarios?: ScenarioMatch[];
  /** An analysis already computed by the caller (skips context detection). */
  analysis?: Analysis;
  /** The writer said a flagged situation is not about their safety: coach it as usual. */
  notSafety?: boolean;
}

export interface RefineRequest {
  responseId: string;
  originalText: string;
  /** Any wording ("make it warmer but keep the deadline"). */
  adjustment: string;
  tone?: string;
  situation?: string;
}

export interface EndpointStats {
  name: string;
  model: string;
  inFlight: number;
  requests: number;
  failures: number;
  promptTokens: number;
  completionTokens: number;
  breaker: 'closed' | 'open' | 'half_open';
}

export interface ProviderStats {
  provider: string;
  endpoints: EndpointStats[];
  /** Answers served by the built-in coach because no endpoint could answer or output was invalid. */
  builtinFallbacks: number;
}

export interface ModelProvider {
  /** For /health: "builtin" or "openai-compatible". */
  readonly name: string;
  analyze(input: AnalyzeRequest, signal?: AbortSignal): Promise<AnalyzeResult>;
  generate(input: GenerateRequest, signal?: AbortSignal): AsyncIterable<CoachEvent>;
  refine(input: RefineRequest, signal?: AbortSignal): AsyncIterable<CoachEvent>;
  stats(): ProviderStats;
  close?(): Promise<void>;
}

export interface GenerationResult {
  analysis: Analysis;
  analysisSource: AnalysisSource;
  responses: Suggestion[];
  model: string;
  models: string[];
  usage: Usage;
  notes: string[];
}

/** Folds a generation's events into the non-streaming result (REST, MCP). */
export async function collectGeneration(events: AsyncIterable<CoachEvent>): Promise<GenerationResult> {
  const order: string[] = [];
  const byId = new Map<string, Suggestion>();
  let analysis: Analysis | undefined;
  let analysisSource: AnalysisSource = 'builtin';
  let done: Extract<CoachEvent, { type: 'done' }> | undefined;
  for await (const e of events) {
    if (e.type === 'start') order.push(e.responseId);
    else if (e.type === 'analysis') {
      analysis = e.analysis;
      analysisSource = e.source;
    } else if (e.type === 'suggestion') byId.set(e.suggestion.id, e.suggestion);
    else if (e.type === 'done') done = e;
  }
  if (!analysis || !done) throw new Error('generation ended without analysis or done event');
  const responses = order.map((id) => byId.get(id)).filter((s): s is Suggestion => Boolean(s));
  return {
    analysis,
    analysisSource,
    responses,
    model: done.model,
    models: done.models,
    usage: done.usage,
    notes: done.notes,
  };
}

/** Folds a refinement's events into the non-streaming result. */
export async function collectRefinement(
  events: AsyncIterable<CoachEvent>,
): Promise<{ refined: RefinedResponse; model: string; usage: Usage }> {
  let refined: RefinedResponse | undefined;
  let done: Extract<CoachEvent, { type: 'done' }> | undefined;
  for await (const e of events) {
    if (e.type === 'refined') refined = e.refined;
    else if (e.type === 'done') done = e;
  }
  if (!refined || !done) throw new Error('refinement ended without refined or done event');
  return { refined, model: done.model, usage: done.usage };
}

export const ZERO_USAGE: Usage = { promptTokens: 0, completionTokens: 0 };
export const addUsage = (a: Usage, b: Usage): Usage => ({
  promptTokens: a.promptTokens + b.promptTokens,
  completionTokens: a.completionTokens + b.completionTokens,
});

/** "m1" when one model answered everything, "m1+m2" (in order of first use) otherwise. */
export function modelLabel(models: string[]): string {
  return [...new Set(models)].join('+') || BUILTIN_MODEL;
}
