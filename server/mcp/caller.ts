// Who is calling a tool. Authentication and rate limits are a later issue: until then the caller is
// whoever the arguments say, exactly as on REST. This is the one place to change for that issue:
// derive the user from the request (an API key or OAuth bearer token in `http.headers`, checked
// against deps.repos.apiKeys), throw AppError('unauthorized') when there is none, AppError('forbidden')
// when `args.userId` names someone else, AppError('rate_limited') when over the limit. Whatever it
// throws comes back as a tool error with that code.
import type { IncomingMessage } from 'node:http';
import type { AppDeps } from '../app/deps.ts';

export interface Caller {
  /** The user the call acts for; it replaces the `userId` argument of tools that take one. Undefined: anonymous. */
  userId?: string;
}

export interface CallerRequest {
  deps: AppDeps;
  /** The tool being called, and its arguments after validation. */
  tool: string;
  args: Record<string, unknown>;
  /** The HTTP request (Streamable HTTP); undefined over stdio, where the caller is the local user who started the process. */
  http?: IncomingMessage;
}

export type CallerResolver = (call: CallerRequest) => Caller | Promise<Caller>;

/** The authentication hook. Today: the `userId` from the arguments (no authentication yet). */
export const resolveCaller: CallerResolver = ({ args }) => ({
  userId: typeof args.userId === 'string' ? args.userId : undefined,
});
