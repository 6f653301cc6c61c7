// A stand-in OpenAI-compatible server for tests and benchmarks: real HTTP on a loopback port,
// POST /v1/chat/completions streamed as server-sent events in OpenAI's wire format
// (chat.completion.chunk objects, usage in a last chunk when stream_options.include_usage, then
// `data: [DONE]`) or as one chat.completion JSON; POST /v1/embeddings for completeness.
// Scriptable per request: delays, HTTP errors, dropped connections, malformed chunks, content.
// Every request is recorded (body, kind, timestamps, whether the client closed it early).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ANALYSIS_SYSTEM_PROMPT } from '../../server/ai/prompts.ts';

export interface StandinReply {
  /** Answer with this HTTP status and an OpenAI-style error body instead of a completion. */
  status?: number;
  errorMessage?: string;
  /** Wait before sending the response headers. */
  headersDelayMs?: number;
  /** Wait after the headers before the first content token. */
  firstTokenDelayMs?: number;
  /** Wait between content tokens. */
  tokenDelayMs?: number;
  /** The content, as tokens (default: a sensible answer for the request's kind). */
  tokens?: string[];
  /** The content as one string (split into word-sized tokens). */
  content?: string;
  /**
   * Echo the prompt, as a model that was talked into it would: 'system' its system message, 'all'
   * every message; after `content` when both are given.
   */
  echo?: 'system' | 'all';
  /** Destroy the connection after this many content tokens (0: before any response). */
  dropAfterTokens?: number;
  /** Send a chunk that is not JSON after this many content tokens. */
  malformedAfterTokens?: number;
  /** Accept the request and never answer. */
  hang?: boolean;
  /** The model name reported in responses (default: the one requested). */
  model?: string;
}

export type RequestKind = 'analysis' | 'variant' | 'refine' | 'embeddings' | 'other';

export interface RecordedRequest {
  n: number;
  kind: RequestKind;
  /** For variants: the tone asked for. */
  tone?: string;
  body: any;
  stream: boolean;
  receivedAt: number;
  headersAt?: number;
  firstTokenAt?: number;
  /** Streamed: when each content token was written (the first is `firstTokenAt`). */
  tokenAt: number[];
  endedAt?: number;
  status?: number;
  /** The client closed the connection before the response was complete. */
  closedEarly: boolean;
  closedAt?: number;
}

export type Script = (req: RecordedRequest) => StandinReply | undefined;

export interface StandinOptions {
  /** Reject response_format json_schema with a 400, as many local servers do. Default true (supported). */
  jsonSchemaSupported?: boolean;
  /** Per-request behaviour; undefined falls back to `defaults`. */
  script?: Script;
  /** Applied under every scripted reply. */
  defaults?: StandinReply;
}

export interface Standin {
  /** Base URL for the SDK, ending in /v1. */
  baseURL: string;
  requests: RecordedRequest[];
  options: StandinOptions;
  /** Replaces the script (and keeps the other options). */
  script(fn: Script | undefined): void;
  byKind(kind: RequestKind): RecordedRequest[];
  /** Requests currently open (accepted, response not finished, connection not closed). */
  openRequests(): number;
  /** TCP connections accepted so far (keep-alive reuse keeps this low). */
  connections(): number;
  reset(): void;
  close(): Promise<void>;
}

export const now = () => performance.now();

export const DEFAULT_ANALYSIS = {
  context: 'work',
  confidence: 0.9,
  emotionalTone: 'frustrated_but_professional',
  keyElements: ['credit_taking', 'recurring_behavior'],
  safety: { flag: false, category: null },
};

export function defaultContent(req: RecordedRequest): string {
  if (req.kind === 'analysis') return JSON.stringify(DEFAULT_ANALYSIS);
  if (req.kind === 'refine') {
    return 'I need us to settle who presents which ideas before Friday, and I expect my name on the slides I wrote.\nCHANGES:\n- Made the request firmer\n- Added a deadline';
  }
  const tone = req.tone ?? 'calm';
  return `I want to raise something in a ${tone.toLowerCase()} way: my ideas were presented as someone else's in the last two meetings. Could we agree that whoever drafts a proposal presents it from now on?\nEXPLANATION: It names the issue without blame and proposes one clear next step.`;
}

/** Word-sized tokens, each carrying its leading space, like a real tokenizer's output. */
export function toTokens(content: string): string[] {
  return content.match(/\s*\S+/g) ?? [];
}

function classify(body: any): { kind: RequestKind; tone?: string } {
  const messages: Array<{ role: string; content: string }> = Array.isArray(body?.messages) ? body.messages : [];
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const user = messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  if (system === ANALYSIS_SYSTEM_PROMPT) return { kind: 'analysis' };
  if (user.includes('<<<USER_REPLY')) return { kind: 'refine' };
  if (user.includes('<<<USER_SITUATION')) return { kind: 'variant', tone: /in this tone: (.+?) \(/.exec(user)?.[1] };
  return { kind: 'other' };
}

function echoed(req: RecordedRequest, reply: StandinReply): string {
  const messages: Array<{ role: string; content: string }> = Array.isArray(req.body?.messages) ? req.body.messages : [];
  const said = messages.filter((m) => reply.echo === 'all' || m.role === 'system').map((m) => m.content);
  return [reply.content ?? '', ...said].filter(Boolean).join('\n');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const requests: RecordedRequest[] = [];
  const open = new Set<RecordedRequest>();
  let counter = 0;

  async function readBody(req: IncomingMessage): Promise<any> {
    const parts: Buffer[] = [];
    for await (const p of req) parts.push(p as Buffer);
    const text = Buffer.concat(parts).toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  function sendJson(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  async function chat(req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): Promise<void> {
    const body = rec.body;
    const reply: StandinReply = { ...options.defaults, ...(options.script?.(rec) ?? {}) };
    const alive = () => !rec.closedEarly && !res.destroyed;
    if (reply.hang) return;
    if (reply.headersDelayMs) await sleep(reply.headersDelayMs);
    if (!alive()) return;
    if (reply.dropAfterTokens === 0) {
      req.socket.destroy();
      return;
    }
    if (body?.response_format?.type === 'json_schema' && options.jsonSchemaSupported === false) {
      rec.status = 400;
      return sendJson(res, 400, {
        error: {
          message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
          type: 'invalid_request_error',
          param: 'response_format',
          code: null,
        },
      });
    }
    if (reply.status && reply.status >= 400) {
      rec.status = reply.status;
      return sendJson(res, reply.status, {
        error: {
          message: reply.errorMessage ?? `stand-in error ${reply.status}`,
          type: reply.status >= 500 ? 'server_error' : 'invalid_request_error',
          param: null,
          code: null,
        },
      });
    }
    const model = reply.model ?? body?.model ?? 'standin-model';
    const tokens = reply.tokens ?? toTokens(reply.echo ? echoed(rec, reply) : (reply.content ?? defaultContent(rec)));
    const content = tokens.join('');
    const promptTokens = Math.ceil(JSON.stringify(body?.messages ?? '').length / 4);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: tokens.length,
      total_tokens: promptTokens + tokens.length,
    };
    const id = `chatcmpl-standin-${rec.n}`;
    const created = Math.floor(Date.now() / 1000);
    rec.status = 200;

    if (!body?.stream) {
      if (reply.firstTokenDelayMs) await sleep(reply.firstTokenDelayMs);
      if (!alive()) return;
      rec.firstTokenAt = now();
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        system_fingerprint: null,
        choices: [
          { index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' },
        ],
        usage,
      });
      rec.endedAt = now();
      return;
    }

    const includeUsage = body?.stream_options?.include_usage === true;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    rec.headersAt = now();
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        system_fingerprint: null,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...(includeUsage ? { usage: null } : {}),
      })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '', refusal: null }, null));
    if (reply.firstTokenDelayMs) await sleep(reply.firstTokenDelayMs);
    for (let i = 0; i < tokens.length; i++) {
      if (!alive()) return;
      if (i > 0 && reply.tokenDelayMs) {
        await sleep(reply.tokenDelayMs);
        if (!alive()) return;
      }
      if (reply.dropAfterTokens !== undefined && i === reply.dropAfterTokens) {
        req.socket.destroy();
        return;
      }
      if (reply.malformedAfterTokens !== undefined && i === reply.malformedAfterTokens) {
        res.write('data: {"id": "broken", "choices": [{"delta": {"content": "oops\n\n');
        res.end();
        rec.endedAt = now();
        return;
      }
      const at = now();
      if (i === 0) rec.firstTokenAt = at;
      rec.tokenAt.push(at);
      res.write(chunk({ content: tokens[i] }, null));
    }
    if (!alive()) return;
    res.write(chunk({}, 'stop'));
    if (includeUsage) {
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: null, choices: [], usage })}\n\n`,
      );
    }
    res.write('data: [DONE]\n\n');
    res.end();
    rec.endedAt = now();
  }

  const server = createServer((req, res) => {
    void (async () => {
      const receivedAt = now();
      const body = await readBody(req);
      const path = (req.url ?? '').replace(/\?.*$/, '');
      const { kind, tone } = path.endsWith('/embeddings')
        ? { kind: 'embeddings' as const, tone: undefined }
        : classify(body);
      const rec: RecordedRequest = {
        n: ++counter,
        kind,
        tone,
        body,
        stream: body?.stream === true,
        receivedAt,
        tokenAt: [],
        closedEarly: false,
      };
      requests.push(rec);
      open.add(rec);
      res.on('close', () => {
        open.delete(rec);
        if (!res.writableFinished) {
          rec.closedEarly = true;
          rec.closedAt = now();
        }
      });
      if (req.method !== 'POST')
        return sendJson(res, 405, { error: { message: 'method not allowed', type: 'invalid_request_error' } });
      if (path.endsWith('/chat/completions')) return chat(req, res, rec);
      if (path.endsWith('/embeddings')) {
        const inputs: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? '')];
        return sendJson(res, 200, {
          object: 'list',
          model: body?.model ?? 'standin-embed',
          data: inputs.map((t, index) => ({
            object: 'embedding',
            index,
            embedding: Array.from({ length: 8 }, (_, k) => ((t.charCodeAt(k % Math.max(1, t.length)) || 1) % 7) + 1),
          })),
          usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
        });
      }
      sendJson(res, 404, { error: { message: `no route ${path}`, type: 'invalid_request_error' } });
    })().catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: 'server_error' } });
      else res.destroy();
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    options,
    script(fn) {
      options.script = fn;
    },
    byKind: (kind) => requests.filter((r) => r.kind === kind),
    openRequests: () => open.size,
    connections: () => connections,
    reset() {
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
