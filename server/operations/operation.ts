// One operation of Calmly, declared once next to its use-case: what it takes and answers (zod), what
// it costs, how the acting user is found, and what runs it. REST routes, Socket.IO events and MCP
// tools are adapters around these declarations; invoke() (./invoke.ts) applies everything an
// operation needs before and around its run, the same way for every edge.
import type { z } from 'zod';
import type { Ports } from '../ports.ts';
import type { Cost } from '../limits/index.ts';

/**
 * How the acting user is found:
 *  - `none`: the operation acts for nobody in particular (scenario search);
 *  - `optional`: the input's `userId` (the caller's when authenticated; naming another user is 403);
 *  - `required`: the same, and a user there must be (400 on `userId` with AUTH_MODE=none).
 */
export type UserRule = 'none' | 'optional' | 'required';

export interface RunContext {
  /** The user the call acts for (authenticated, or named with AUTH_MODE=none); undefined: nobody. */
  userId: string | undefined;
  /** Aborted when the caller goes away, or at REQUEST_TIMEOUT_MS for model-backed operations. */
  signal: AbortSignal;
}

export interface Operation<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType, X = unknown> {
  /** snake_case; the MCP tool name when the operation is offered as one. */
  name: string;
  input: I;
  output: O;
  /** The per-caller budget a call draws on. `public`: no credentials and no budget (health, audio clips). */
  cost: Cost | 'public';
  user: UserRule;
  /** Throws when the operation is switched off by configuration (billing without a Stripe key): before anything else. */
  available?(deps: Ports): void;
  /** Checks beyond "is it your userId", such as owning a live session; throws forbidden. */
  authorize?(deps: Ports, input: z.output<I>, userId: string | undefined): Promise<void>;
  /** `edge` is what only the edge can give (the live session of a socket event); most operations need none. */
  run(deps: Ports, input: z.output<I>, ctx: RunContext, edge: X): Promise<z.input<O>>;
}

export function defineOperation<I extends z.ZodObject, O extends z.ZodType, X = undefined>(
  op: Operation<I, O, X>,
): Operation<I, O, X> {
  return op;
}

/** Any operation, for lists and adapters that do not care about its types. */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of operations.
export type AnyOperation = Operation<any, any, any>;
