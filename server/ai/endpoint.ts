// One OpenAI-compatible endpoint (base URL + key + model) through the official `openai` SDK:
// streamed chat completions that resolve at the first token (so a router can still fail over),
// non-streamed completions with structured output where the endpoint supports it, in-flight and
// token counters, and a circuit breaker that every outcome reports to.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { CircuitBreaker, type BreakerOptions } from './breaker.ts';
import type { ChatMessage } from './prompts.ts';
import { createNodeFetch, takeNodeBody, type Fetch } from './http-fetch.ts';
import { readSSE } from './sse.ts';
import type { EndpointStats, Usage } from './provider.ts';

export interface EndpointConfig {
  /** "primary" or "burst" (logs, stats). */
  name: string;
  baseURL: string;
  apiKey: string;
  model: string;
  /** Connect + first token, and the longest silence between two chunks. */
  timeoutMs: number;
  breaker?: BreakerOptions;
  /** Upper bound on generated tokens per call; default 600. */
  maxTokens?: number;
  /** The HTTP client under the SDK; default our node:http fetch (see http-fetch.ts). */
  fetch?: Fetch;
}

/** One keep-alive pool for every endpoint in the process. */
let sharedFetch: Fetch | undefined;

export type FailureKind = 'connection' | 'timeout' | 'status' | 'malformed';

/** An upstream failure, classified for failover and the breaker. */
export class UpstreamError extends Error {
  constructor(
    readonly endpoint: string,
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(`${endpoint}: ${message}`);
    this.name = 'UpstreamError';
  }

  /** Whether this says the endpoint is unhealthy (counts toward opening its breaker). */
  get unhealthy(): boolean {
    if (this.kind !== 'status') return true;
    const s = this.status ?? 0;
    return s >= 500 || s === 401 || s === 403 || s === 404;
  }
}

export function isAbort(err: unknown): boolean {
  return err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError');
}

export interface UpstreamStream {
  endpoint: Endpoint;
  /** The model the endpoint says answered (falls back to the configured one). */
  readonly model: string;
  /** The first text delta (already received); '' when the completion was empty. */
  first: string;
  /**
   * Hands every remaining text delta to `fn` as it arrives (return false to stop and close the
   * request); resolves at the end, rejects with UpstreamError on a mid-stream failure (or the
   * caller's abort). Call once.
   */
  forEach(fn: (text: string) => boolean | void): Promise<void>;
  usage: Usage;
  /** Stops the upstream request (idempotent). */
  close(): void;
}

export interface CompletionResult {
  content: string;
  model: string;
  usage: Usage;
}

export class Endpoint {
  readonly name: string;
  readonly model: string;
  readonly breaker: CircuitBreaker;
  inFlight = 0;
  requests = 0;
  failures = 0;
  promptTokens = 0;
  completionTokens = 0;
  /** Learned on first use: whether response_format json_schema is accepted (undefined: not tried). */
  jsonSchema: boolean | undefined;
  private readonly client: OpenAI;
  private readonly timeoutMs: number;
  private readonly maxTokens: number;

  constructor(cfg: EndpointConfig) {
    this.name = cfg.name;
    this.model = cfg.model;
    this.timeoutMs = cfg.timeoutMs;
    this.maxTokens = cfg.maxTokens ?? 600;
    this.breaker = new CircuitBreaker(cfg.breaker);
    const fetch = cfg.fetch ?? (sharedFetch ??= createNodeFetch());
    this.client = new OpenAI({
      baseURL: cfg.baseURL,
      apiKey: cfg.apiKey,
      timeout: cfg.timeoutMs,
      maxRetries: 0,
      fetch,
    });
  }

  stats(): EndpointStats {
    return {
      name: this.name,
      model: this.model,
      inFlight: this.inFlight,
      requests: this.requests,
      failures: this.failures,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      breaker: this.breaker.state,
    };
  }

  /** Maps whatever the SDK threw to an UpstreamError (or rethrows the caller's abort). */
  private classify(err: unknown, caller: AbortSignal | undefined, timedOut: boolean): unknown {
    if (caller?.aborted) return caller.reason;
    if (err instanceof UpstreamError) return err;
    if (timedOut || err instanceof APIConnectionTimeoutError)
      return new UpstreamError(this.name, 'timeout', `no answer within ${this.timeoutMs} ms`);
    if (err instanceof APIConnectionError) return new UpstreamError(this.name, 'connection', err.message);
    if (err instanceof APIError && err.status !== undefined)
      return new UpstreamError(this.name, 'status', `HTTP ${err.status}: ${err.message}`, err.status);
    if (err instanceof SyntaxError)
      return new UpstreamError(this.name, 'malformed', `malformed stream: ${err.message}`);
    if (err instanceof APIError) return new UpstreamError(this.name, 'malformed', err.message);
    const msg = err instanceof Error ? err.message : String(err);
    return new UpstreamError(this.name, 'connection', msg);
  }

  private fail(err: unknown): void {
    if (err instanceof UpstreamError) {
      this.failures++;
      if (err.unhealthy) this.breaker.failure();
      else this.breaker.release();
    } else this.breaker.release();
  }

  private addUsage(u: { prompt_tokens?: number; completion_tokens?: number } | null | undefined, into: Usage): void {
    if (!u) return;
    into.promptTokens += u.prompt_tokens ?? 0;
    into.completionTokens += u.completion_tokens ?? 0;
    this.promptTokens += u.prompt_tokens ?? 0;
    this.completionTokens += u.completion_tokens ?? 0;
  }

  /**
   * Starts a streamed completion and resolves once the first text arrives (or the stream ends
   * empty). Call only after `breaker.tryAcquire()` returned true; the outcome is reported to it.
   * Tokens are pushed to the consumer as each event is parsed (`forEach`): no promise per token.
   */
  async openStream(messages: ChatMessage[], caller?: AbortSignal): Promise<UpstreamStream> {
    if (caller?.aborted) {
      this.breaker.release();
      caller.throwIfAborted();
    }
    const ctl = new AbortController();
    const onAbort = () => ctl.abort(caller?.reason);
    caller?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, this.timeoutMs);
    this.inFlight++;
    this.requests++;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      this.inFlight--;
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    };
    const usage: Usage = { promptTokens: 0, completionTokens: 0 };
    let model = this.model;

    let body: ReadableStream<Uint8Array> | NonNullable<ReturnType<typeof takeNodeBody>>;
    try {
      // The SDK sends the request and turns HTTP errors into typed errors; the body is read by
      // readSSE (cheaper per token than the SDK's generic stream decoding).
      const response = await this.client.chat.completions
        .create(
          {
            model: this.model,
            messages,
            stream: true,
            stream_options: { include_usage: true },
            max_tokens: this.maxTokens,
          },
          { signal: ctl.signal },
        )
        .asResponse();
      const b = takeNodeBody(response) ?? response.body;
      if (!b) throw new UpstreamError(this.name, 'malformed', 'streamed response without a body');
      body = b;
    } catch (err) {
      finish();
      const e = this.classify(err, caller, timedOut);
      this.fail(e);
      throw e;
    }

    return new Promise<UpstreamStream>((resolve, reject) => {
      // first: waiting for the first text; rest: streaming; over: ended, failed or stopped.
      let phase: 'first' | 'rest' | 'over' = 'first';
      let closedByUs = false;
      const early: string[] = []; // deltas that arrived before the consumer attached
      let sink: ((text: string) => boolean | void) | undefined;
      let settle: { resolve(): void; reject(err: unknown): void } | undefined;
      let outcome: { err?: unknown } | undefined;

      const conclude = (o: { err?: unknown }) => {
        outcome = o;
        if (!settle) return;
        if (o.err !== undefined) settle.reject(o.err);
        else settle.resolve();
      };
      /** The stream is over: `err` undefined for a normal end. */
      const over = (err?: unknown, normal = err === undefined) => {
        if (phase === 'over') return;
        const wasFirst = phase === 'first';
        phase = 'over';
        // After a normal end the connection goes back to the keep-alive pool (the reader drains
        // the body); otherwise the request is aborted and the connection closed.
        if (!normal) {
          ctl.abort();
          reading.cancel();
        }
        finish();
        if (err !== undefined) {
          const e = this.classify(err, caller, timedOut);
          if (wasFirst) {
            this.fail(e);
            return reject(e);
          }
          if (e instanceof UpstreamError) {
            this.failures++;
            if (e.unhealthy) this.breaker.failure();
          }
          return conclude({ err: e });
        }
        if (wasFirst) {
          this.breaker.success();
          outcome = {};
          return resolve(stream(''));
        }
        conclude({});
      };

      const stream = (first: string): UpstreamStream => ({
        endpoint: this,
        get model() {
          return model;
        },
        first,
        usage,
        forEach: (fn) =>
          new Promise<void>((res, rej) => {
            for (const piece of early) {
              if (fn(piece) === false) {
                early.length = 0;
                stop();
                return res();
              }
            }
            early.length = 0;
            if (outcome) return outcome.err !== undefined ? rej(outcome.err) : res();
            sink = fn;
            settle = { resolve: res, reject: rej };
          }),
        close: stop,
      });

      /** The consumer stopped early (invalid output, cancel): close the upstream request. */
      const stop = () => {
        closedByUs = true;
        over(undefined, false);
      };

      const reading = readSSE(body, {
        event: (data) => {
          if (phase === 'over') return;
          if (data.startsWith('[DONE]')) return over();
          timer.refresh();
          let c: OpenAI.Chat.Completions.ChatCompletionChunk & { error?: { message?: string } };
          try {
            c = JSON.parse(data);
          } catch (err) {
            return over(err);
          }
          if (c.error)
            return over(new UpstreamError(this.name, 'status', `stream error: ${c.error.message ?? 'unknown'}`, 500));
          if (c.model) model = c.model;
          if (c.usage) this.addUsage(c.usage, usage);
          const text = c.choices?.[0]?.delta?.content;
          if (!text) return;
          if (phase === 'first') {
            phase = 'rest';
            this.breaker.success();
            return resolve(stream(text));
          }
          if (!sink) early.push(text);
          else if (sink(text) === false) stop();
        },
        end: (err) => {
          if (err === undefined && ctl.signal.aborted && !closedByUs) {
            // Ended without an error because we aborted it: the stall timer or the caller.
            return over(
              caller?.aborted
                ? caller.reason
                : new UpstreamError(this.name, 'timeout', `stream stalled for ${this.timeoutMs} ms`),
            );
          }
          over(err);
        },
      });
    });
  }

  /**
   * One non-streamed completion. With `schema`, asks for structured output (json_schema) unless
   * this endpoint is known to reject it; a 400 to json_schema is remembered and the call is
   * repeated once as plain JSON. Call only after `breaker.tryAcquire()` returned true.
   */
  async complete(
    messages: ChatMessage[],
    caller?: AbortSignal,
    schema?: { name: string; schema: Record<string, unknown> },
  ): Promise<CompletionResult> {
    if (caller?.aborted) {
      this.breaker.release();
      caller.throwIfAborted();
    }
    this.inFlight++;
    try {
      const useSchema = schema && this.jsonSchema !== false;
      try {
        const r = await this.once(messages, caller, useSchema ? schema : undefined);
        if (useSchema) this.jsonSchema = true;
        this.breaker.success();
        return r;
      } catch (err) {
        const rejectedSchema =
          useSchema && this.jsonSchema === undefined && err instanceof UpstreamError && err.status === 400;
        if (!rejectedSchema) throw err;
        this.jsonSchema = false;
        const r = await this.once(messages, caller, undefined);
        this.breaker.success();
        return r;
      }
    } catch (err) {
      this.fail(err);
      throw err;
    } finally {
      this.inFlight--;
    }
  }

  private async once(
    messages: ChatMessage[],
    caller: AbortSignal | undefined,
    schema: { name: string; schema: Record<string, unknown> } | undefined,
  ): Promise<CompletionResult> {
    this.requests++;
    try {
      const res = await this.client.chat.completions.create(
        {
          model: this.model,
          messages,
          max_tokens: this.maxTokens,
          temperature: 0,
          ...(schema
            ? {
                response_format: {
                  type: 'json_schema' as const,
                  json_schema: { name: schema.name, schema: schema.schema, strict: true },
                },
              }
            : {}),
        },
        { signal: caller },
      );
      const usage: Usage = { promptTokens: 0, completionTokens: 0 };
      this.addUsage(res.usage, usage);
      return { content: res.choices?.[0]?.message?.content ?? '', model: res.model || this.model, usage };
    } catch (err) {
      throw this.classify(err, caller, false);
    }
  }
}
