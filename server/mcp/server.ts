// The MCP edge: Calmly's coach as six tools, over Streamable HTTP (server/http/mcp.ts) and stdio
// (server/mcp/stdio.ts). Each tool is an operation (server/usecases) called through the same pipeline
// as REST and Socket.IO (server/operations/invoke.ts); errors use the same vocabulary.
//
// Why tools/list and tools/call are installed on the McpServer's low-level `server` (the SDK's
// documented escape hatch for custom request handlers) instead of McpServer.registerTool:
//  1. registerTool validates the arguments itself and answers a bad call with a bare text error
//     ("Input validation error: …") before our code runs, so the error could not carry our code
//     (invalid_request) and per-field details. Here the pipeline validates, and every failure
//     becomes a tool result with `isError: true` whose text and structuredContent carry
//     {error: {code, message, details?, requestId?}}.
//  2. The SDK's Client (1.32) validates structuredContent against the tool's outputSchema even on
//     results with isError (modelcontextprotocol/typescript-sdk#1943), so an error envelope in
//     structuredContent would make strict clients throw. Each outputSchema is therefore
//     "the operation's output OR our error envelope" (anyOf, type object at the root), which
//     registerTool (object schemas only) cannot declare.
// Schemas are converted with zod's own toJSONSchema (draft-07, as the SDK does), once per process.
import { performance } from 'node:perf_hooks';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { z } from 'zod';
import type { Ports } from '../ports.ts';
import { AppError, invalidRequest, toAppError } from '../errors.ts';
import { invoke, type Caller } from '../operations/invoke.ts';
import { errorResponse } from '../usecases/schemas.ts';
import type { AnyTool } from './tool.ts';
import { tools } from './tools/index.ts';

const INSTRUCTIONS = [
  'Calmly is a communication coach for difficult moments (work, friendship, relationship).',
  "Typical flow: generate_responses with the situation in the user's words (it analyses it too; analyze_situation shows the analysis alone),",
  'refine_response when the user wants a reply changed, save_interaction with the reply they chose so Calmly learns their preferences,',
  'get_user_history for what was learned, search_scenarios to browse the library. Pass a stable userId to personalise.',
  'Errors come back as tool results with isError and structuredContent {error: {code, message, details?}}; invalid_request lists the fields at fault.',
].join(' ');

const byName = new Map<string, AnyTool>(tools.map((t) => [t.operation.name, t]));

type JsonObjectSchema = Tool['inputSchema'];

/**
 * With authentication the tools act for the caller, so `userId` may be left out; with AUTH_MODE=none
 * the operations that need a user list it as required, as the seed's contract has it.
 */
function inputJsonSchema(tool: AnyTool, userRequired: boolean): JsonObjectSchema {
  const schema = z.toJSONSchema(tool.operation.input, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  const required = (schema.required as string[] | undefined) ?? [];
  if (userRequired && tool.operation.user === 'required' && !required.includes('userId'))
    schema.required = ['userId', ...required];
  return { ...schema, type: 'object' } as JsonObjectSchema;
}

/** The operation's output, or our error envelope (see the header comment, point 2). */
function outputJsonSchema(tool: AnyTool): NonNullable<Tool['outputSchema']> {
  const { $schema, ...rest } = z.toJSONSchema(z.union([tool.operation.output, errorResponse]), {
    target: 'draft-7',
    io: 'output',
  }) as Record<string, unknown>;
  return { $schema, type: 'object', ...rest } as NonNullable<Tool['outputSchema']>;
}

const listings = new Map<boolean, Tool[]>();
/** tools/list, computed once per kind (userId required or not): the schemas never change while the process runs. */
export function toolListing(userRequired = true): Tool[] {
  let listing = listings.get(userRequired);
  if (!listing) {
    listing = tools.map((tool) => ({
      name: tool.operation.name,
      title: tool.title,
      description: tool.description,
      inputSchema: inputJsonSchema(tool, userRequired),
      outputSchema: outputJsonSchema(tool),
      annotations: { title: tool.title, ...tool.annotations },
    }));
    listings.set(userRequired, listing);
  }
  return listing;
}

export interface CreateMcpServerOptions {
  /** Who calls: the authenticated HTTP request's principal and address, or the stdio user. */
  caller: Caller;
  /** Whether tools that need a user list `userId` as required (no authenticated user to fall back on). */
  userRequired: boolean;
  /** Our x-request-id, echoed in error bodies. */
  requestId?: string;
}

/** A tool error: the same body REST would answer with, as text and as structuredContent. */
export function toolError(err: unknown, requestId?: string): CallToolResult {
  const appErr = toAppError(err);
  const body = appErr.toBody(requestId);
  const supported = Array.isArray(appErr.extra?.supported)
    ? `\nSupported adjustments: ${appErr.extra.supported.join(', ')}`
    : '';
  return {
    isError: true,
    content: [{ type: 'text', text: `Error ${appErr.code}: ${appErr.message}${supported}` }],
    structuredContent: body as unknown as Record<string, unknown>,
  };
}

/** An McpServer with Calmly's six tools, for one connection (stdio) or one request (stateless HTTP). */
export function createMcpServer(deps: Ports, opts: CreateMcpServerOptions): McpServer {
  const log = deps.log.child({ component: 'mcp' });
  const mcp = new McpServer(
    { name: 'calmly', title: 'Calmly', version: deps.config.version },
    { instructions: INSTRUCTIONS },
  );
  const server = mcp.server;
  server.registerCapabilities({ tools: { listChanged: false } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolListing(opts.userRequired) }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    // An unknown tool is a protocol error (JSON-RPC -32602), as the MCP specification asks.
    if (!tool)
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool "${request.params.name}". Tools: ${[...byName.keys()].join(', ')}`,
      );
    const name = tool.operation.name;
    const started = performance.now();
    const args = request.params.arguments ?? {};
    try {
      const caller = { ...opts.caller, signal: extra.signal, inputName: 'arguments' };
      const { output, input } = await invoke(deps, tool.operation, args, caller, undefined);
      const structured = tool.operation.output.safeParse(output);
      if (!structured.success) {
        // The use-case answered something its own contract does not allow: our bug, not the caller's.
        log.error(
          { tool: name, issues: structured.error.issues.slice(0, 5) },
          'tool result does not match its output schema',
        );
        throw new AppError('internal_error', 'Something went wrong on our side. Please try again.');
      }
      log.info({ tool: name, ms: Math.round(performance.now() - started), requestId: opts.requestId }, 'mcp tool call');
      return {
        content: [{ type: 'text', text: tool.summarize(structured.data, input) }],
        structuredContent: structured.data as Record<string, unknown>,
      };
    } catch (err) {
      const appErr = toAppError(err);
      const ms = Math.round(performance.now() - started);
      if (extra.signal.aborted) log.info({ tool: name, ms }, 'mcp tool call cancelled');
      else if (appErr.status >= 500)
        log.error({ err, tool: name, code: appErr.code, ms, requestId: opts.requestId }, 'mcp tool call failed');
      else log.info({ tool: name, code: appErr.code, ms, requestId: opts.requestId }, 'mcp tool call rejected');
      return toolError(appErr, opts.requestId);
    }
  });

  return mcp;
}

const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`);

/**
 * Connects the server to its transport, answering a tools/call whose `arguments` is not an object
 * itself. The SDK checks every tools/call against its own schema before any handler runs and answers
 * a failure with zod's raw issue list as a JSON-RPC internal error; ours is the tool error every
 * other invalid input gets (invalid_request naming the field), so clients see one vocabulary.
 */
export async function connectMcp(mcp: McpServer, transport: Transport, requestId?: string): Promise<void> {
  await mcp.connect(transport);
  const inner = transport.onmessage;
  if (!inner) return;
  transport.onmessage = (message, extra) => {
    const m = message as { method?: unknown; id?: unknown; params?: { arguments?: unknown } };
    const args = m.params?.arguments;
    if (m.method === 'tools/call' && m.id !== undefined && args !== undefined && !isObject(args)) {
      const id = m.id as string | number;
      const err = invalidRequest(
        `Invalid arguments: a tool's arguments must be an object of named fields (e.g. {"situation": "…"}), not ${kindOf(args)}.`,
        [{ field: 'arguments', problem: `must be an object, not ${kindOf(args)}` }],
      );
      void transport
        .send({ jsonrpc: '2.0', id, result: toolError(err, requestId) }, { relatedRequestId: id })
        .catch((e: unknown) => transport.onerror?.(e as Error));
      return;
    }
    inner(message, extra);
  };
}
