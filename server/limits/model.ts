// One model-backed call (analyze, generate, refine), whichever edge started it: the user's plan is
// read (server/limits/plan.ts) and decides which coach writes (the built-in one when the plan has no
// hosted model) and the daily token budget, which is checked; a slot among the user's calls in
// flight is taken, and the call gets a deadline (REQUEST_TIMEOUT_MS) on top of the caller's own
// signal. The slot is given back and the tokens the provider reports are counted when the call
// ends, however it ends. Calls without a user (AUTH_MODE=none and no userId) have only the deadline
// and the least a plan gives; the edges' per-address budget covers them.
import type { Ports } from '../ports.ts';
import { coachFor } from '../ai/index.ts';
import type { CoachEvent, ModelProvider, Usage } from '../ai/provider.ts';
import { AppError } from '../errors.ts';
import { limitsFor } from './index.ts';
import { planFor } from './plan.ts';

const isTimeout = (err: unknown) => (err as { name?: string } | null)?.name === 'TimeoutError';

/** What a model-backed call reads: the limits' settings and Redis, the user's plan, and the configured coach. */
export type ModelCallDeps = Pick<Ports, 'config' | 'redis' | 'log' | 'entitlements' | 'model'>;

export interface ModelCall {
  /** The coach to ask: the configured one, or the built-in coach when the user's plan has no hosted model. */
  model: ModelProvider;
  /** Pass this to the coach: it aborts with the caller's signal and at the deadline. */
  signal: AbortSignal;
  /** Counts tokens the provider reported against the user's daily budget. */
  record(usage: Usage | undefined): void;
  /** The error to surface: past the deadline, ai_unavailable instead of an abort. */
  fail(err: unknown): unknown;
  /** Gives the slot back (idempotent). */
  end(): void;
  /** Passes a coach event stream through: usage of its `done` event is recorded; the call ends with the stream. */
  track(events: AsyncIterable<CoachEvent>): AsyncGenerator<CoachEvent>;
}

export async function beginModelCall(
  deps: ModelCallDeps,
  userId: string | undefined,
  signal?: AbortSignal,
): Promise<ModelCall> {
  const limits = limitsFor(deps);
  const timeoutMs = deps.config.limits.requestTimeoutMs;
  const plan = await planFor(deps, userId);
  const model = coachFor(deps.model, plan.limits.hostedModel);
  // The built-in coach spends no tokens: a plan's budget only stands between a user and the hosted model.
  if (userId && model === deps.model) await limits.budget.check(userId, plan);
  const release = userId ? await limits.concurrency.acquire(userId) : () => {};
  // Node 20's AbortSignal.any holds its sources weakly, and a timeout signal nobody holds is
  // collected before it fires: `timer` stays reachable through timedOut (and so through every
  // closure returned below) for as long as the call is.
  const timer = AbortSignal.timeout(timeoutMs);
  const callSignal = signal ? AbortSignal.any([signal, timer]) : timer;
  // Our deadline passed, as opposed to the caller going away (whichever came first wins).
  const timedOut = () => timer.aborted && !signal?.aborted;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    release();
  };
  const record = (usage: Usage | undefined) => {
    if (userId) void limits.budget.record(userId, usage, plan);
  };
  // Past the deadline (this call's, or an enclosing one's such as the REST route's): ai_unavailable.
  const fail = (err: unknown) =>
    !(err instanceof AppError) && (timedOut() || isTimeout(err) || (callSignal.aborted && isTimeout(callSignal.reason)))
      ? new AppError(
          'ai_unavailable',
          `The coach did not answer within ${Math.round(timeoutMs / 100) / 10} s (REQUEST_TIMEOUT_MS); please try again.`,
        )
      : err;
  return {
    model,
    signal: callSignal,
    record,
    fail,
    end,
    async *track(events) {
      try {
        for await (const e of events) {
          if (e.type === 'done') record(e.usage);
          yield e;
        }
      } catch (err) {
        throw fail(err);
      } finally {
        end();
      }
    },
  };
}

/** A model-backed call that is one promise (analyze, and REST/MCP generate and refine through their streams). */
export async function withModelCall<T>(
  deps: ModelCallDeps,
  userId: string | undefined,
  signal: AbortSignal | undefined,
  run: (call: ModelCall) => Promise<T>,
): Promise<T> {
  const call = await beginModelCall(deps, userId, signal);
  try {
    return await run(call);
  } catch (err) {
    throw call.fail(err);
  } finally {
    call.end();
  }
}
