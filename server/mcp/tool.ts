// One MCP tool: the use-case's zod input schema, the REST response schema of the same use-case as
// its output schema, the call, and a short summary a person (or a model) can read. Tools are thin:
// validation, the caller hook, errors and structured content are handled once, in server.ts.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { AppDeps } from '../app/deps.ts';
import type { Caller } from './caller.ts';

export interface ToolContext {
  deps: AppDeps;
  caller: Caller;
  /** Aborted when the client cancels the call or goes away, so upstream model calls stop. */
  signal: AbortSignal;
}

export interface McpTool<I extends z.ZodObject = z.ZodObject, R = unknown> {
  name: string;
  title: string;
  description: string;
  /** The use-case's input schema, as is: the same limits as REST (situation ≤ 2,000 characters, …). */
  input: I;
  /** The REST response schema of the same use-case. structuredContent is the result parsed with it (unknown keys dropped). */
  output: z.ZodObject;
  annotations: ToolAnnotations;
  run(ctx: ToolContext, input: z.output<I>): Promise<R>;
  /** The text content: a short, readable summary of the result. */
  summarize(result: R, input: z.output<I>): string;
}

export function defineTool<I extends z.ZodObject, R>(tool: McpTool<I, R>): McpTool<I, R> {
  return tool;
}

/** A route's success schema, which is an object for every route the tools share with REST. */
export function objectSchema(schema: z.ZodType): z.ZodObject {
  if ((schema as { _zod?: { def?: { type?: string } } })._zod?.def?.type !== 'object') {
    throw new Error('An MCP output schema must be a zod object');
  }
  return schema as z.ZodObject;
}

/** One line of text, cut to `max` characters. */
export function clip(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
