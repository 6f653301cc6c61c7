// A `fetch` for the OpenAI SDK on node:http(s) with keep-alive agents. Node 20's built-in fetch
// (undici) spends about 70 µs of main-thread time per streamed chunk at 300 concurrent streams
// (web streams, a wasm HTTP parser); node:http with the body read as a Node stream about 25 µs.
// At one token per chunk that difference decides whether a hundred generations fit one event
// loop. The response body stays a Node stream until someone reads the web `body` (text(), json(),
// the SDK's error handling); the SSE reader takes the Node stream directly (takeNodeBody).
// Bodies this fetch does not send itself (FormData, Blob, streams) go to the global fetch.
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

interface Held {
  stream: Readable;
  claimed: boolean;
}

const held = new WeakMap<Response, Held>();

/** The response's body as a Node stream, if this fetch made it and nobody has read it yet. */
export function takeNodeBody(response: Response): Readable | undefined {
  const h = held.get(response);
  if (!h || h.claimed) return undefined;
  h.claimed = true;
  return h.stream;
}

export interface NodeFetchOptions {
  /** Sockets per origin; default unlimited (the router's burst threshold bounds concurrency). */
  maxSockets?: number;
  /** Idle keep-alive sockets are closed after this long; below the usual 5 s server timeout. */
  freeSocketTimeoutMs?: number;
}

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

// An unread body whose connection fails must not crash the process (as with the global fetch);
// readers attach their own error listeners.
const ignore = () => undefined;

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('This operation was aborted', 'AbortError');

/** A web ReadableStream over a Node stream that starts reading only when first pulled. */
function lazyWebBody(h: Held): ReadableStream<Uint8Array> {
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(ctrl) {
        const s = h.stream;
        if (started) {
          s.resume();
          return;
        }
        if (h.claimed) {
          ctrl.error(new TypeError('The response body was already taken as a Node stream'));
          return;
        }
        started = h.claimed = true;
        let done = false;
        s.on('data', (chunk: Buffer) => {
          ctrl.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((ctrl.desiredSize ?? 0) <= 0) s.pause();
        });
        s.once('end', () => {
          done = true;
          ctrl.close();
        });
        s.once('error', (err) => {
          if (done) return;
          done = true;
          ctrl.error(err);
        });
        s.once('close', () => {
          if (done) return;
          done = true;
          ctrl.error(new TypeError('terminated'));
        });
      },
      cancel(reason) {
        h.stream.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

function requestBody(body: RequestInit['body']): string | Uint8Array | undefined | false {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (body instanceof URLSearchParams) return body.toString();
  return false; // FormData, Blob, streams: not handled here
}

function decoded(res: http.IncomingMessage): Readable {
  const enc = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder =
    enc === 'gzip' || enc === 'x-gzip'
      ? zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH })
      : enc === 'deflate'
        ? zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH })
        : enc === 'br'
          ? zlib.createBrotliDecompress({ flush: zlib.constants.BROTLI_OPERATION_FLUSH })
          : undefined;
  if (!decoder) return res;
  decoder.on('error', ignore);
  res.on('error', (err) => decoder.destroy(err));
  res.on('close', () => {
    if (!res.complete) decoder.destroy(new TypeError('terminated'));
  });
  return res.pipe(decoder);
}

export function createNodeFetch(opts: NodeFetchOptions = {}): Fetch & { close(): void } {
  const agentOpts = {
    keepAlive: true,
    maxSockets: opts.maxSockets ?? Infinity,
    scheduling: 'lifo' as const,
    timeout: opts.freeSocketTimeoutMs ?? 4_000,
  };
  const agents = { 'http:': new http.Agent(agentOpts), 'https:': new https.Agent(agentOpts) };

  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = requestBody(init.body);
    if (input instanceof Request || body === false) return fetch(input, init);
    const url = new URL(input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fetch(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortReason(signal));

    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => {
      headers[k] = v;
    });
    if (body !== undefined && headers['content-length'] === undefined)
      headers['content-length'] = String(Buffer.byteLength(body));

    return new Promise<Response>((resolve, reject) => {
      const lib = url.protocol === 'https:' ? https : http;
      const req = lib.request(url, {
        method: (init.method ?? 'GET').toUpperCase(),
        headers,
        agent: agents[url.protocol as 'http:' | 'https:'],
      });
      let res: http.IncomingMessage | undefined;
      const onAbort = () => {
        const reason = abortReason(signal!);
        if (res) res.destroy(reason as Error);
        else reject(reason);
        req.destroy(reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const detach = () => signal?.removeEventListener('abort', onAbort);

      req.on('error', (err) => {
        detach();
        if (!res) reject(signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: err }));
      });
      req.once('response', (r) => {
        res = r;
        r.on('error', ignore);
        r.once('close', detach);
        const h = new Headers();
        const raw = r.rawHeaders;
        for (let i = 0; i + 1 < raw.length; i += 2) h.append(raw[i] as string, raw[i + 1] as string);
        const status = r.statusCode ?? 0;
        let response: Response;
        try {
          if (NULL_BODY_STATUS.has(status) || req.method === 'HEAD') {
            r.resume();
            response = new Response(null, { status, statusText: r.statusMessage, headers: h });
          } else {
            const entry: Held = { stream: decoded(r), claimed: false };
            response = new Response(lazyWebBody(entry), { status, statusText: r.statusMessage, headers: h });
            held.set(response, entry);
          }
        } catch (err) {
          r.destroy();
          reject(new TypeError('fetch failed', { cause: err })); // e.g. a status outside 200–599
          return;
        }
        Object.defineProperty(response, 'url', { value: url.href });
        resolve(response);
      });
      req.end(body);
    });
  };

  return Object.assign(nodeFetch, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}
