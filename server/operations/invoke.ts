// The one pipeline every edge calls an operation through:
//   address budget → credentials → validation → acting user → ownership → the caller's budget (the
//   model budget is the acting user's plan's) → deadline → run → errors in our vocabulary.
// Edges say only how input arrives and how output and errors leave (status codes, acknowledgements,
// MCP tool errors); none of them repeats a step of this chain.
import type { z } from 'zod';
import type { Ports } from '../ports.ts';
import { authenticate } from '../auth/authenticate.ts';
import { actingUser, ANONYMOUS, requireUser, type Principal } from '../auth/policy.ts';
import { AppError } from '../errors.ts';
import { callerKey, limitsFor } from '../limits/index.ts';
import { planFor } from '../limits/plan.ts';
import type { Operation } from './operation.ts';
import { parseInput } from './validate.ts';

export interface Caller {
  /** The client's address: the per-address budget, and the subject of the caller budget when there is no user. */
  ip: string;
  /** A principal the edge already holds and keeps checking (a live socket); otherwise `token` is checked on this call. */
  principal?: Principal;
  /** The credentials; a function when they travel in the input itself (the handshake), which is then validated first. */
  token?: string | ((input: Record<string, unknown>) => string | undefined);
  /** The user an earlier step established for this caller (the user a live session was opened for), when credentials do not say. */
  actsFor?: string;
  /** The edge drew the address budget already (an MCP POST draws one point per message it carries). */
  addressCharged?: boolean;
  /** The caller going away. */
  signal?: AbortSignal;
  /** How the input is named in a validation error ("request body", "arguments", '"situation:submit" payload'), and its root field. */
  inputName?: string;
  inputRoot?: string;
}

/** The input as the edge received it, or a function reading it (called once the credentials are checked). */
export type RawInput = unknown | (() => unknown);

export interface Invoked<I, T> {
  output: T;
  /** The validated input, `userId` set to the acting user. */
  input: I;
  userId: string | undefined;
  /** Who called, as authenticated (anonymous with AUTH_MODE=none and for public operations). */
  principal: Principal;
}

const isTimeout = (err: unknown) => (err as { name?: string } | null)?.name === 'TimeoutError';

/** The steps before the run: who is calling, for whom, with what, and whether the budgets allow it. */
export async function admit<I extends z.ZodObject>(
  deps: Ports,
  op: Operation<I, z.ZodType, unknown>,
  raw: RawInput,
  caller: Caller,
): Promise<{ input: z.output<I>; userId: string | undefined; principal: Principal }> {
  // A route that is off answers the same to everyone, whatever the credentials or input.
  op.available?.(deps);
  const read = () => parseInput(op.input, typeof raw === 'function' ? raw() : raw, caller.inputName, caller.inputRoot);
  if (op.cost === 'public') return { input: read(), userId: undefined, principal: ANONYMOUS };
  const limits = limitsFor(deps);
  if (!caller.addressCharged) await limits.rate.ip(caller.ip);
  const { token } = caller;
  const early = typeof token === 'function' ? (read() as z.output<I> & { userId?: string }) : undefined;
  const principal =
    caller.principal ?? (await authenticate(deps, typeof token === 'function' ? token(early ?? {}) : token));
  const input = early ?? (read() as z.output<I> & { userId?: string });
  let userId = principal.kind === 'user' ? principal.userId : caller.actsFor;
  if (op.user !== 'none') {
    userId = actingUser(principal, input.userId);
    if (op.user === 'required') requireUser(userId);
    if ('userId' in op.input.shape) input.userId = userId;
  }
  await op.authorize?.(deps, input, userId);
  if (limits.rate.enabled) {
    // The model budget is the plan's, read now: a plan changed a moment ago counts on this call.
    const plan = op.cost === 'model' ? await planFor(deps, userId) : undefined;
    await limits.rate.caller(op.cost, callerKey(userId, caller.ip), plan);
  }
  return { input, userId, principal };
}

/** Runs an operation for a caller through the whole pipeline; throws AppError (or the caller's abort). */
export async function invoke<I extends z.ZodObject, O extends z.ZodType, X>(
  deps: Ports,
  op: Operation<I, O, X>,
  raw: RawInput,
  caller: Caller,
  edge: X,
): Promise<Invoked<z.output<I>, z.input<O>>> {
  const { input, userId, principal } = await admit(deps, op, raw, caller);
  const callerSignal = caller.signal ?? new AbortController().signal;
  // Model-backed operations end at REQUEST_TIMEOUT_MS (the model call itself maps it to ai_unavailable).
  const timeoutMs = deps.config.limits.requestTimeoutMs;
  const deadline = op.cost === 'model' ? AbortSignal.timeout(timeoutMs) : undefined;
  const signal = deadline ? AbortSignal.any([callerSignal, deadline]) : callerSignal;
  try {
    return { output: await op.run(deps, input, { userId, signal }, edge), input, userId, principal };
  } catch (err) {
    if (!(err instanceof AppError) && !callerSignal.aborted && (deadline?.aborted || isTimeout(err))) {
      throw new AppError(
        'service_unavailable',
        `No answer within ${Math.round(timeoutMs / 100) / 10} s (REQUEST_TIMEOUT_MS); please try again.`,
      );
    }
    throw err;
  }
}
