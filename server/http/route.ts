// One REST route: an operation (server/usecases), where its input comes from, how its success is
// sent, and what the OpenAPI document says about it. Validation, credentials, budgets, the deadline
// and errors are the operation pipeline's (server/operations/invoke.ts).
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { ErrorCode } from '../errors.ts';
import type { AnyOperation } from '../operations/operation.ts';

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteDef {
  method: Method;
  path: string; // Express syntax: /api/users/:userId
  summary: string;
  description?: string;
  tags: string[];
  operation: AnyOperation;
  /** The operation's input split by where it is read from (derived from the path and `from`); documented and fuzzed as such. */
  body?: z.ZodObject;
  query?: z.ZodObject;
  params?: z.ZodObject;
  success: { status: number; description: string; schema: z.ZodType; contentType?: string };
  /** The error codes the route can answer with (the document adds those every route shares). */
  errors: ErrorCode[];
  /** No credentials and no budget (the operation's cost is `public`). */
  public: boolean;
  /** Sends the output itself (status, headers, bytes); by default it is JSON with `success.status`. */
  send?(output: unknown, req: Request, res: Response, config: Config): void;
  /** Reads the operation's input itself (Stripe's webhook: the raw body and a header); `body` then only documents it. */
  read?(req: Request): unknown;
}

export interface RouteOptions {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** Where the fields that are not path parameters come from; by default the body, or the query for GET. */
  from?: 'body' | 'query';
  success: { status?: number; description: string; schema?: z.ZodType; contentType?: string };
  errors: ErrorCode[];
  send?: RouteDef['send'];
  /** With `read`: what the OpenAPI document shows as the body (the operation's input is not JSON). */
  read?: RouteDef['read'];
  documentedBody?: z.ZodObject;
}

const pathParams = (path: string) => [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');

export function defineRoute(operation: AnyOperation, opts: RouteOptions): RouteDef {
  const input = operation.input as z.ZodObject;
  const inPath = pathParams(opts.path);
  const mask = Object.fromEntries(inPath.map((name) => [name, true as const])) as Record<string, true>;
  const params = inPath.length ? input.pick(mask as never) : undefined;
  const rest = inPath.length ? input.omit(mask as never) : input;
  const from = opts.from ?? (opts.method === 'get' ? 'query' : 'body');
  const hasRest = Object.keys(rest.shape).length > 0;
  return {
    method: opts.method,
    path: opts.path,
    summary: opts.summary,
    description: opts.description,
    tags: opts.tags,
    operation,
    params,
    ...(opts.read ? { body: opts.documentedBody } : hasRest ? { [from]: rest } : {}),
    success: {
      status: opts.success.status ?? 200,
      description: opts.success.description,
      schema: opts.success.schema ?? operation.output,
      contentType: opts.success.contentType,
    },
    errors: opts.errors,
    public: operation.cost === 'public',
    send: opts.send,
    read: opts.read,
  };
}
