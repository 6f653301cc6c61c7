// Routing between the primary and the burst endpoint, per upstream request:
// - the primary, unless it already carries `burstThreshold` requests in flight: then the burst
//   endpoint first (the seed's "queueDepth > 10" rule, with AI_BURST_THRESHOLD = 10);
// - on a failure before the first token (connection error, timeout, HTTP error, malformed stream)
//   the next endpoint is tried;
// - an endpoint whose circuit breaker is open is skipped; after its cool-down one real request
//   probes it (see breaker.ts);
// - when no endpoint answers, NoEndpointError (the coach decides: built-in answer or 503).
import { type Endpoint, isAbort, type CompletionResult, type UpstreamStream } from './endpoint.ts';
import type { ChatMessage } from './prompts.ts';

export interface AiLog {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}
export const silentLog: AiLog = { debug() {}, info() {}, warn() {} };

export class NoEndpointError extends Error {
  constructor(readonly causes: string[]) {
    super(`no AI endpoint could answer: ${causes.join('; ') || 'none configured'}`);
    this.name = 'NoEndpointError';
  }
}

export interface RouterOptions {
  primary?: Endpoint;
  burst?: Endpoint;
  /** In-flight requests on the primary from which new requests go to the burst endpoint first. */
  burstThreshold: number;
  log?: AiLog;
}

export class Router {
  readonly primary?: Endpoint;
  readonly burst?: Endpoint;
  private readonly threshold: number;
  private readonly log: AiLog;

  constructor(opts: RouterOptions) {
    this.primary = opts.primary;
    this.burst = opts.burst;
    this.threshold = opts.burstThreshold;
    this.log = opts.log ?? silentLog;
  }

  get endpoints(): Endpoint[] {
    return [this.primary, this.burst].filter((e): e is Endpoint => Boolean(e));
  }

  /** The order in which a new request tries the endpoints (`avoid` goes last: it just failed). */
  order(avoid?: Endpoint): Endpoint[] {
    const { primary, burst } = this;
    let list: Endpoint[];
    if (primary && burst) list = primary.inFlight >= this.threshold ? [burst, primary] : [primary, burst];
    else list = this.endpoints;
    if (avoid && list.length > 1 && list.includes(avoid)) list = [...list.filter((e) => e !== avoid), avoid];
    return list;
  }

  private async attempt<T>(
    what: string,
    avoid: Endpoint | undefined,
    signal: AbortSignal | undefined,
    fn: (e: Endpoint) => Promise<T>,
  ): Promise<T> {
    const causes: string[] = [];
    for (const endpoint of this.order(avoid)) {
      if (!endpoint.breaker.tryAcquire()) {
        causes.push(`${endpoint.name}: circuit open`);
        continue;
      }
      try {
        return await fn(endpoint);
      } catch (err) {
        if (isAbort(err) || signal?.aborted) throw signal?.reason ?? err;
        const message = err instanceof Error ? err.message : String(err);
        causes.push(message);
        this.log.warn(
          { endpoint: endpoint.name, err: message, breaker: endpoint.breaker.state },
          `AI ${what} failed; trying the next endpoint`,
        );
      }
    }
    throw new NoEndpointError(causes);
  }

  /** A streamed completion from the first endpoint that produces a first token. */
  openStream(messages: ChatMessage[], signal?: AbortSignal, avoid?: Endpoint): Promise<UpstreamStream> {
    return this.attempt('stream', avoid, signal, (e) => e.openStream(messages, signal));
  }

  /** A non-streamed completion from the first endpoint that answers. */
  complete(
    messages: ChatMessage[],
    signal?: AbortSignal,
    schema?: { name: string; schema: Record<string, unknown> },
    avoid?: Endpoint,
  ): Promise<CompletionResult & { endpoint: Endpoint }> {
    return this.attempt('completion', avoid, signal, async (e) => ({
      ...(await e.complete(messages, signal, schema)),
      endpoint: e,
    }));
  }
}
