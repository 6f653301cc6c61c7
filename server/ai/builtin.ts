// The built-in coach (server/coach: deterministic, offline) as a ModelProvider. Its generate()
// streams each suggestion as word-sized tokens, so streaming clients behave the same with no keys.
import { analyze, generate, refine } from '../coach/index.ts';
import type { Analysis, Suggestion } from '../../machines/domain/types.ts';
import { cpuTurn } from '../cpu-turn.ts';
import {
  BUILTIN_MODEL,
  ZERO_USAGE,
  type AnalyzeRequest,
  type AnalyzeResult,
  type CoachEvent,
  type ModelProvider,
  type GenerateRequest,
  type RefineRequest,
} from './provider.ts';

/** The built-in coach's three suggestions + analysis + notes for a request (synchronous, ~1 ms). */
export function builtinGeneration(input: GenerateRequest): {
  analysis: Analysis;
  responses: Suggestion[];
  notes: string[];
} {
  return generate({
    situation: input.situation,
    context: input.context,
    analysis: input.analysis,
    preferences: input.preferences,
    patterns: input.patterns,
    scenarios: input.scenarios,
    notSafety: input.notSafety,
  });
}

/** One suggestion as the event sequence of a streamed variant (tokens, then the suggestion). */
export function* suggestionEvents(s: Suggestion, model = BUILTIN_MODEL): Generator<CoachEvent> {
  // The text is complete: it goes out as one token, not trickled word by word (each would be a frame
  // and a trip through every async generator between here and the socket).
  if (s.text) yield { type: 'token', responseId: s.id, text: s.text };
  yield { type: 'suggestion', suggestion: s, model };
}

export function createBuiltinProvider(): ModelProvider {
  let served = 0;
  return {
    name: 'builtin',
    async analyze(input: AnalyzeRequest, signal?: AbortSignal): Promise<AnalyzeResult> {
      signal?.throwIfAborted();
      served++;
      return {
        analysis: analyze(input.situation, { scenarios: input.scenarios }),
        model: BUILTIN_MODEL,
        source: 'builtin',
        usage: ZERO_USAGE,
      };
    },
    async *generate(input: GenerateRequest, signal?: AbortSignal): AsyncGenerator<CoachEvent> {
      await cpuTurn(); // the whole generation is synchronous (server/cpu-turn.ts)
      signal?.throwIfAborted();
      served++;
      const out = builtinGeneration(input);
      for (const s of out.responses) yield { type: 'start', responseId: s.id, tone: s.tone };
      yield {
        type: 'analysis',
        analysis: out.analysis,
        source: input.analysis ? 'input' : 'builtin',
        model: BUILTIN_MODEL,
      };
      for (const s of out.responses) {
        for (const e of suggestionEvents(s)) {
          signal?.throwIfAborted();
          yield e;
        }
      }
      yield { type: 'done', model: BUILTIN_MODEL, models: [BUILTIN_MODEL], usage: ZERO_USAGE, notes: out.notes };
    },
    async *refine(input: RefineRequest, signal?: AbortSignal): AsyncGenerator<CoachEvent> {
      signal?.throwIfAborted();
      served++;
      // Throws AppError('unsupported_adjustment') for wording the built-in coach does not understand.
      const refined = refine(input);
      yield { type: 'start', responseId: refined.id, tone: refined.tone };
      signal?.throwIfAborted();
      if (refined.text) yield { type: 'token', responseId: refined.id, text: refined.text };
      yield { type: 'refined', refined, model: BUILTIN_MODEL };
      yield { type: 'done', model: BUILTIN_MODEL, models: [BUILTIN_MODEL], usage: ZERO_USAGE, notes: [] };
    },
    stats() {
      return { provider: 'builtin', endpoints: [], builtinFallbacks: served };
    },
  };
}
