import type { Ports } from '../ports.ts';
import type { CoachEvent } from '../ai/index.ts';
import type { Context, LearnedPatterns } from '../../machines/domain/types.ts';
import { beginModelCall } from '../limits/model.ts';
import { findRelatedScenarios } from './findRelatedScenarios.ts';
import { getPreferences } from './getPreferences.ts';

/** What a generation is asked for (POST /api/generate's input, or a live session's situation). */
export interface GenerationRequest {
  situation: string;
  context?: Context;
  userId?: string;
  notSafety?: boolean;
}

/** What a generation reads: preferences, learned patterns, the library, the model and the user's plan. */
export type GenerationDeps = Pick<
  Ports,
  'config' | 'redis' | 'log' | 'scenarios' | 'model' | 'memory' | 'preferences' | 'entitlements'
>;

export interface GenerationStream {
  /** The coach's events in arrival order (see server/ai/provider.ts for the protocol). */
  events: AsyncIterable<CoachEvent>;
  /** The scenarios offered to the coach, best first. */
  scenarioIds: string[];
}

/** Learned patterns shape suggestions, but memory being unreachable must not stop generation. */
async function learnedPatterns(
  deps: Pick<Ports, 'memory' | 'log'>,
  userId: string,
): Promise<LearnedPatterns | undefined> {
  try {
    return await deps.memory.getPatterns(userId);
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'learned patterns unavailable; generating without them');
    return undefined;
  }
}

/**
 * Starts a generation: three suggestions in distinct tones, shaped by the user's preferences, what
 * Calmly learned and the closest scenarios, as a stream of events. REST folds it
 * (generateResponses); a live session forwards it as it comes.
 *
 * A model-backed call (server/limits/model.ts): written by the coach the user's plan gives, refused
 * with rate_limited when the user's token budget is used up or they already have
 * MAX_CONCURRENT_GENERATIONS_PER_USER calls running; the slot is held until the stream ends, and
 * the stream ends at REQUEST_TIMEOUT_MS at the latest.
 */
export async function streamGeneration(
  deps: GenerationDeps,
  input: GenerationRequest,
  signal?: AbortSignal,
): Promise<GenerationStream> {
  const call = await beginModelCall(deps, input.userId, signal);
  try {
    const [scenarios, preferences, patterns] = await Promise.all([
      findRelatedScenarios(deps, input.situation, input.context, call.signal),
      input.userId ? getPreferences(deps, input.userId) : undefined,
      input.userId ? learnedPatterns(deps, input.userId) : undefined,
    ]);
    // Only a context the caller gave overrides detection (the coach then notes a disagreement).
    const events = call.model.generate(
      {
        situation: input.situation,
        context: input.context,
        preferences,
        patterns,
        scenarios,
        notSafety: input.notSafety,
      },
      call.signal,
    );
    return { events: call.track(events), scenarioIds: scenarios.map((s) => s.id) };
  } catch (err) {
    call.end();
    throw call.fail(err);
  }
}
