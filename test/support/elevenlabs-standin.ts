// A stand-in for ElevenLabs' text-to-speech streaming endpoint, as @elevenlabs/elevenlabs-js calls
// it: POST /v1/text-to-speech/{voice_id}/stream?output_format=…, header xi-api-key, JSON body
// {text, model_id, voice_settings}. It answers with chunked audio/mpeg made of valid MPEG-1
// Layer III frames (silent, 44.1 kHz, 128 kbit/s), so the client can measure the duration.
// Scriptable per request: frames, chunk size, delays, HTTP errors, stalls. Every request is
// recorded (path, query, headers, body, chunks sent, whether the client closed it early).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One MPEG-1 Layer III frame: 1152 samples at 44.1 kHz, 128 kbit/s, no padding → 417 bytes. */
export const FRAME_BYTES = 417;
export const FRAME_SAMPLES = 1152;
export const FRAME_RATE = 44_100;
const HEADER = [0xff, 0xfb, 0x90, 0x64];

/** `n` silent MP3 frames. */
export function mp3Frames(n: number): Buffer {
  const out = Buffer.alloc(n * FRAME_BYTES);
  for (let i = 0; i < n; i++) out.set(HEADER, i * FRAME_BYTES);
  return out;
}

export const framesDurationMs = (frames: number) => (frames * FRAME_SAMPLES * 1000) / FRAME_RATE;

/** Default clip length: ~65 ms of audio per character, like real speech. */
export const framesForText = (text: string) => Math.max(4, Math.ceil(text.length * 2.5));

export interface ElevenLabsReply {
  /** Answer with this status and an ElevenLabs-style error body. */
  status?: number;
  /** Frames in the clip (default framesForText). */
  frames?: number;
  /** Frames per written chunk (default 8). */
  framesPerChunk?: number;
  /** Wait before the response headers. */
  headersDelayMs?: number;
  /** Wait between chunks. */
  chunkDelayMs?: number;
  /** Stop sending (keep the connection open) after this many chunks. */
  stallAfterChunks?: number;
  /** Destroy the connection after this many chunks. */
  dropAfterChunks?: number;
}

export interface ElevenLabsRequest {
  n: number;
  method: string;
  path: string;
  /** From the path: /v1/text-to-speech/{voiceId}/stream. */
  voiceId?: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: any;
  status?: number;
  receivedAt: number;
  firstChunkAt?: number;
  chunksSent: number;
  /** Chunks the reply will have in total. */
  chunksPlanned: number;
  bytesSent: number;
  endedAt?: number;
  closedEarly: boolean;
  closedAt?: number;
}

export interface ElevenLabsStandinOptions {
  /** When set, requests with another xi-api-key get 401. */
  apiKey?: string;
  defaults?: ElevenLabsReply;
  script?: (req: ElevenLabsRequest) => ElevenLabsReply | undefined;
}

export interface ElevenLabsStandin {
  /** For ElevenLabsClient's baseUrl / ELEVENLABS_BASE_URL (no /v1). */
  baseUrl: string;
  requests: ElevenLabsRequest[];
  options: ElevenLabsStandinOptions;
  openRequests(): number;
  reset(): void;
  close(): Promise<void>;
}

const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startElevenLabsStandin(options: ElevenLabsStandinOptions = {}): Promise<ElevenLabsStandin> {
  const requests: ElevenLabsRequest[] = [];
  const open = new Set<ElevenLabsRequest>();
  let counter = 0;

  async function speak(res: ServerResponse, rec: ElevenLabsRequest): Promise<void> {
    const reply: ElevenLabsReply = { ...options.defaults, ...(options.script?.(rec) ?? {}) };
    const alive = () => !rec.closedEarly && !res.destroyed;
    if (reply.headersDelayMs) await sleep(reply.headersDelayMs);
    if (!alive()) return;
    if (options.apiKey !== undefined && rec.headers['xi-api-key'] !== options.apiKey) {
      rec.status = 401;
      return sendJson(res, 401, { detail: { status: 'invalid_api_key', message: 'Invalid API key' } });
    }
    if (reply.status && reply.status >= 400) {
      rec.status = reply.status;
      return sendJson(res, reply.status, { detail: { status: 'error', message: `stand-in error ${reply.status}` } });
    }
    if (typeof rec.body?.text !== 'string' || !rec.body.text) {
      rec.status = 422;
      return sendJson(res, 422, {
        detail: [{ loc: ['body', 'text'], msg: 'field required', type: 'value_error.missing' }],
      });
    }
    const audio = mp3Frames(reply.frames ?? framesForText(rec.body.text));
    const chunkBytes = (reply.framesPerChunk ?? 8) * FRAME_BYTES;
    rec.chunksPlanned = Math.ceil(audio.length / chunkBytes);
    rec.status = 200;
    res.writeHead(200, { 'content-type': 'audio/mpeg', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    for (let at = 0; at < audio.length; at += chunkBytes) {
      if (rec.chunksSent > 0 && reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
      if (!alive()) return;
      if (reply.stallAfterChunks !== undefined && rec.chunksSent >= reply.stallAfterChunks) return;
      if (reply.dropAfterChunks !== undefined && rec.chunksSent >= reply.dropAfterChunks) {
        res.destroy();
        return;
      }
      const chunk = audio.subarray(at, at + chunkBytes);
      res.write(chunk);
      rec.firstChunkAt ??= now();
      rec.chunksSent++;
      rec.bytesSent += chunk.length;
    }
    res.end();
    rec.endedAt = now();
  }

  const server = createServer((req, res) => {
    void (async () => {
      const parts: Buffer[] = [];
      for await (const p of req) parts.push(p as Buffer);
      const url = new URL(req.url ?? '/', 'http://standin');
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      } catch {
        body = undefined;
      }
      const match = /^\/v1\/text-to-speech\/([^/]+)\/stream$/.exec(url.pathname);
      const rec: ElevenLabsRequest = {
        n: ++counter,
        method: req.method ?? '',
        path: url.pathname,
        voiceId: match ? decodeURIComponent(match[1]!) : undefined,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
        receivedAt: now(),
        chunksSent: 0,
        chunksPlanned: 0,
        bytesSent: 0,
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
      if (req.method !== 'POST' || !match) {
        rec.status = 404;
        return sendJson(res, 404, {
          detail: { status: 'not_found', message: `no route ${req.method} ${url.pathname}` },
        });
      }
      return speak(res, rec);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    options,
    openRequests: () => open.size,
    reset() {
      requests.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
