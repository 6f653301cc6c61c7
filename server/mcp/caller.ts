// Who is calling a tool, and whether they may: the authentication and rate-limit hook of the MCP
// edge (the same rules as REST and Socket.IO, server/auth and server/limits).
//  - Streamable HTTP: the HTTP request was authenticated by the /mcp router before MCP saw it (401
//    there); here the tool's `userId` argument is checked against the caller (403 forbidden when it
//    names someone else, the caller's own id when left out), and the call draws on the caller's
//    model (analyze_situation, generate_responses, refine_response) or cheap budget.
//  - stdio: the process acts for MCP_STDIO_USER when set (then like an authenticated caller);
//    without it, AUTH_MODE must be none and the arguments name the user, as on REST.
// Whatever it throws comes back as a tool error with that code.
import type { IncomingMessage } from 'node:http';
import type { AppDeps } from '../app/deps.ts';
import { authenticate, bearerToken } from '../auth/authenticate.ts';
import { actingUser, ANONYMOUS, type Principal } from '../auth/policy.ts';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { callerKey, limitsFor, type Cost } from '../limits/index.ts';

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

/** Tools that call the model draw on the model budget. */
export const MODEL_TOOLS: ReadonlySet<string> = new Set(['analyze_situation', 'generate_responses', 'refine_response']);
/** Tools that need a user: with AUTH_MODE=none their `userId` argument is required. */
export const USER_TOOLS: ReadonlySet<string> = new Set(['save_interaction', 'get_user_history']);

interface HttpCaller {
  caller: Principal;
  ip: string;
}

const httpCallers = new WeakMap<IncomingMessage, HttpCaller>();

/** Set by the /mcp router once it has authenticated the HTTP request. */
export function rememberHttpCaller(req: IncomingMessage, caller: Principal, ip: string): void {
  httpCallers.set(req, { caller, ip });
}

/** The caller over stdio: MCP_STDIO_USER, or anonymous with AUTH_MODE=none; otherwise there is none. */
export function stdioCaller(config: Config): Principal {
  if (config.auth.mcpStdioUser) return { kind: 'user', userId: config.auth.mcpStdioUser, via: 'stdio' };
  if (config.auth.mode === 'none') return ANONYMOUS;
  throw new AppError('unauthorized', `MCP over stdio with AUTH_MODE=${config.auth.mode} needs MCP_STDIO_USER (the user it acts for).`);
}

export const resolveCaller: CallerResolver = async ({ deps, tool, args, http }) => {
  let who: HttpCaller;
  if (http) {
    // The router authenticated it; a server built around a request some other way authenticates here.
    who = httpCallers.get(http) ?? {
      caller: await authenticate(deps, bearerToken(http.headers)),
      ip: http.socket?.remoteAddress ?? 'unknown',
    };
  } else {
    who = { caller: stdioCaller(deps.config), ip: 'stdio' };
  }
  const userId = actingUser(who.caller, typeof args.userId === 'string' ? args.userId : undefined);
  const cost: Cost = MODEL_TOOLS.has(tool) ? 'model' : 'cheap';
  await limitsFor(deps).rate.caller(cost, callerKey(userId, who.ip));
  return { userId };
};
