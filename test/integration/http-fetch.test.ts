// Our node:http fetch (server/ai/http-fetch.ts) must behave like the platform fetch wherever the
// OpenAI SDK relies on it, and the SSE reader must read both kinds of body the same way: one
// contract suite, run against each implementation, over a real server on a loopback port.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeFetch, takeNodeBody, type Fetch } from '../../server/ai/http-fetch.ts';
import { readSSE } from '../../server/ai/sse.ts';
import { waitFor } from '../support/wait.ts';

let server: Server;
let base: string;
let closedEarly = 0;
const sockets = new Set<unknown>();

function route(req: IncomingMessage, res: ServerResponse, body: string): void {
  const url = new URL(req.url ?? '/', 'http://x');
  switch (url.pathname) {
    case '/echo':
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
      res.end(
        JSON.stringify({
          method: req.method,
          body,
          auth: req.headers.authorization ?? null,
          ct: req.headers['content-type'] ?? null,
        }),
      );
      return;
    case '/error':
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end('{"error":{"message":"slow down"}}');
      return;
    case '/empty':
      res.writeHead(204);
      res.end();
      return;
    case '/gzip':
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ zipped: true })));
      return;
    case '/sse': {
      // Events split at awkward places: inside "data:", inside a multi-byte character, CRLF endings.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const bytes = Buffer.from('data: {"t":"héllo"}\r\n\r\n: comment\n\ndata: {"t":"wörld 😀"}\n\ndata: [DONE]\n\n');
      const inside = (ch: string) => bytes.indexOf(Buffer.from(ch)) + 1; // cuts a multi-byte character in two
      const cuts = [3, inside('é'), inside('ö'), inside('😀'), inside('😀') + 1, bytes.length - 3, bytes.length].sort(
        (a, b) => a - b,
      );
      let from = 0;
      const next = () => {
        const to = cuts.shift();
        if (to === undefined) return void res.end();
        res.write(bytes.subarray(from, to));
        from = to;
        setTimeout(next, 2);
      };
      next();
      return;
    }
    case '/sse-drop':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"t":"one"}\n\n');
      setTimeout(() => req.socket.destroy(), 20);
      return;
    case '/hang':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"t":"first"}\n\n');
      res.on('close', () => {
        if (!res.writableFinished) closedEarly++;
      });
      return; // never ends
    default:
      res.writeHead(404);
      res.end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => route(req, res, body));
  });
  server.on('connection', (s) => sockets.add(s));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const nodeFetch = createNodeFetch();
afterAll(() => nodeFetch.close());

const implementations: Array<
  [string, Fetch, (r: Response) => ReadableStream<Uint8Array> | NonNullable<ReturnType<typeof takeNodeBody>>]
> = [
  ['platform fetch (undici)', (i, o) => fetch(i, o), (r) => r.body!],
  ['node:http fetch', nodeFetch, (r) => takeNodeBody(r)!],
];

/** The events readSSE hands out, as they come, then how the body ended. */
function collect(body: Parameters<typeof readSSE>[0]) {
  const events: string[] = [];
  let cancel = () => {};
  const ended = new Promise<unknown>((resolve) => {
    cancel = readSSE(body, { event: (d) => events.push(d), end: (err) => resolve(err ?? 'ok') }).cancel;
  });
  return { events, ended, cancel };
}

describe.each(implementations)('%s', (_name, f, bodyOf) => {
  it('sends method, headers and body; returns status, headers and a JSON body', async () => {
    const headers = new Headers({ authorization: 'Bearer k', 'content-type': 'application/json' });
    const r = await f(`${base}/echo`, { method: 'post', headers, body: '{"a":1}' });
    expect(r.status).toBe(201);
    expect(r.ok).toBe(true);
    expect(r.headers.get('x-request-id')).toBe('req_1');
    expect(await r.json()).toEqual({ method: 'POST', body: '{"a":1}', auth: 'Bearer k', ct: 'application/json' });
  });

  it('returns an error status with its body readable as text', async () => {
    const r = await f(`${base}/error`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(429);
    expect(r.ok).toBe(false);
    expect(r.headers.get('retry-after')).toBe('3');
    expect(JSON.parse(await r.text())).toEqual({ error: { message: 'slow down' } });
  });

  it('gives no body for 204', async () => {
    const r = await f(`${base}/empty`);
    expect(r.status).toBe(204);
    expect(r.body).toBeNull();
  });

  it('decompresses a gzip body', async () => {
    expect(await (await f(`${base}/gzip`)).json()).toEqual({ zipped: true });
  });

  it('rejects with TypeError when nothing listens', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(f(`http://127.0.0.1:${port}/x`)).rejects.toBeInstanceOf(TypeError);
  });

  it('rejects with the AbortError of an already aborted signal', async () => {
    const ctl = new AbortController();
    ctl.abort();
    await expect(f(`${base}/echo`, { signal: ctl.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('reads server-sent events split anywhere, through the SSE reader', async () => {
    const r = await f(`${base}/sse`, { method: 'POST', body: '{}' });
    const { events, ended } = collect(bodyOf(r));
    expect(await ended).toBe('ok');
    expect(events).toEqual(['{"t":"héllo"}', '{"t":"wörld 😀"}', '[DONE]']);
  });

  it('ends the SSE reader with an error when the connection drops mid-stream, after the events already received', async () => {
    const r = await f(`${base}/sse-drop`, { method: 'POST', body: '{}' });
    const { events, ended } = collect(bodyOf(r));
    expect(await ended).not.toBe('ok');
    expect(events).toEqual(['{"t":"one"}']);
  });

  it('an abort after the headers ends the reader with AbortError and closes the connection', async () => {
    const before = closedEarly;
    const ctl = new AbortController();
    const r = await f(`${base}/hang`, { method: 'POST', body: '{}', signal: ctl.signal });
    const { events, ended } = collect(bodyOf(r));
    await waitFor(() => events.length === 1, { what: 'the first event' });
    ctl.abort();
    expect(await ended).toMatchObject({ name: 'AbortError' });
    await waitFor(() => expect(closedEarly).toBe(before + 1));
  });

  it('cancel stops the callbacks and closes the connection', async () => {
    const before = closedEarly;
    const r = await f(`${base}/hang`, { method: 'POST', body: '{}' });
    const c = collect(bodyOf(r));
    await waitFor(() => c.events.length === 1, { what: 'the first event' });
    c.cancel();
    await waitFor(() => expect(closedEarly).toBe(before + 1));
    expect(await Promise.race([c.ended, new Promise((r) => setTimeout(() => r('no end callback'), 50))])).toBe(
      'no end callback',
    );
  });
});

describe('node:http fetch specifics', () => {
  it('reuses a keep-alive connection for requests in sequence', async () => {
    const before = sockets.size;
    for (let i = 0; i < 5; i++) await (await nodeFetch(`${base}/echo`, { method: 'POST', body: String(i) })).json();
    expect(sockets.size - before).toBeLessThanOrEqual(1);
  });

  it('hands the body out once: as a Node stream or as the web body, not both', async () => {
    const r = await nodeFetch(`${base}/echo`, { method: 'POST', body: '{}' });
    expect(takeNodeBody(r)).toBeDefined();
    expect(takeNodeBody(r)).toBeUndefined();
    await expect(r.text()).rejects.toThrow(/already taken/);
    const r2 = await nodeFetch(`${base}/echo`, { method: 'POST', body: '{}' });
    expect(JSON.parse(await r2.text()).method).toBe('POST');
    expect(takeNodeBody(r2)).toBeUndefined();
  });
});
