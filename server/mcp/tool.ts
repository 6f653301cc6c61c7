// One MCP tool: an operation (server/usecases) offered to agents, with the words an agent reads and a
// short summary of the result. Input and output schemas are the operation's; validation, the caller,
// budgets and errors are the operation pipeline's (server/operations/invoke.ts).
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Operation } from '../operations/operation.ts';

export interface McpTool<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  operation: Operation<I, O, undefined>;
  title: string;
  description: string;
  annotations: ToolAnnotations;
  /** The text content: a short, readable summary of the result. */
  summarize(result: z.output<O>, input: z.output<I>): string;
}

export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(tool: McpTool<I, O>): McpTool<I, O> {
  return tool;
}

/** One line of text, cut to `max` characters. */
export function clip(text: string, max = 160): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Any tool, for the list. */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of tools.
export type AnyTool = McpTool<any, any>;
