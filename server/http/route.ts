import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import type { Principal } from '../auth/policy.ts';
import type { ErrorCode } from '../errors.ts';
import type { Cost } from '../limits/index.ts';

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface HandlerContext<B, Q, P> {
  deps: AppDeps;
  body: B;
  query: Q;
  params: P;
  req: Request;
  res: Response;
  /** Aborted when the client goes away (and, for model-backed routes, at REQUEST_TIMEOUT_MS), so upstream work can stop. */
  signal: AbortSignal;
  /** Who is calling (anonymous with AUTH_MODE=none). A `userId` in the input is already checked against it and filled in. */
  caller: Principal;
}

export interface HandlerResult {
  status?: number;
  body: unknown;
}

/**
 * One REST route: its schemas drive both validation and the OpenAPI document, so the two cannot
 * drift apart. `errors` lists the error codes the route can answer with (400/404/500 style errors
 * shared by every route are added by the document builder).
 */
export interface RouteDef<B extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType> {
  method: Method;
  path: string; // Express syntax: /api/users/:userId
  summary: string;
  description?: string;
  tags: string[];
  body?: B;
  query?: Q;
  params?: P;
  success: { status: number; description: string; schema: z.ZodType; contentType?: string };
  errors: ErrorCode[];
  /** No credentials needed and no rate budget drawn (health, audio clips whose ids are unguessable hashes). */
  public?: boolean;
  /** Which per-caller budget a call draws on: model-backed (analyze, generate, refine, voice) or cheap (default). */
  cost?: Cost;
  handle(ctx: HandlerContext<z.infer<B>, z.infer<Q>, z.infer<P>>): Promise<HandlerResult>;
}

export function defineRoute<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(def: RouteDef<B, Q, P>): RouteDef<B, Q, P> {
  return def;
}
