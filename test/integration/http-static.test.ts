// The built client as the app serves it (server/http/static.ts): the precompressed copy that
// Accept-Encoding asks for, the cache headers of hashed assets and of index.html. Served from a small
// dist directory made here the way `npm run build` lays one out (a .br and a .gz next to each text
// file), over real HTTP, read without decompressing (Node's fetch would decompress on its own).
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST, clientRouter } from '../../server/http/static.ts';
import { errorResponder } from '../../server/http/error-response.ts';
import { AppError } from '../../server/errors.ts';
import { createLogger } from '../../server/log/logger.ts';

const YEAR = 'public, max-age=31536000, immutable';
const FILES: Record<string, string> = {
  'index.html': `<!doctype html><html><head><script type="module" src="/assets/index-AbC123.js"></script></head><body>${'<div id="root"></div>'.repeat(20)}</body></html>`,
  'assets/index-AbC123.js': `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word ${i % 37}`))};\n`,
  'assets/index-DeF456.css': `.card { color: #123456; }\n`.repeat(100),
  'assets/favicon-GhI789.svg': `<svg xmlns="http://www.w3.org/2000/svg">${'<circle r="1"/>'.repeat(40)}</svg>`,
  'robots.txt': 'User-agent: *\nAllow: /\n',
};

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request, the body exactly as sent (no decompression). */
function get(base: string, pathname: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${pathname}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const decoded = (r: Raw): string => {
  const encoding = r.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(r.body).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(r.body).toString('utf8');
  return r.body.toString('utf8');
};

describe('the built client: compression and caching', () => {
  let dir: string;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'calmly-dist-'));
    mkdirSync(path.join(dir, 'assets'));
    for (const [name, text] of Object.entries(FILES)) {
      writeFileSync(path.join(dir, name), text);
      // robots.txt stands for a file the build left uncompressed (too small to gain anything).
      if (name === 'robots.txt') continue;
      writeFileSync(path.join(dir, `${name}.br`), brotliCompressSync(text));
      writeFileSync(path.join(dir, `${name}.gz`), gzipSync(text));
    }
    const router = clientRouter(dir);
    if (!router) throw new Error('clientRouter found no index.html');
    const app = express();
    app.get('/api/ping', (_req, res) => void res.json({ ok: true }));
    app.use(router);
    app.use((req, _res, next) => next(new AppError('not_found', `No route for ${req.method} ${req.path}`)));
    app.use(errorResponder({ log: createLogger({ level: 'silent' }), bodyLimit: '1kb' }));
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const texts = ['assets/index-AbC123.js', 'assets/index-DeF456.css', 'assets/favicon-GhI789.svg', 'index.html'];

  it.each(texts)('/%s: br, gzip or identity as Accept-Encoding asks, each the same file', async (name) => {
    const original = FILES[name]!;
    const br = await get(base, `/${name}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.length).toBeLessThan(Buffer.byteLength(original));
    expect(decoded(br)).toBe(original);

    const gzip = await get(base, `/${name}`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(decoded(gzip)).toBe(original);

    const none = await get(base, `/${name}`);
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.toString('utf8')).toBe(original);
    // Asked for explicitly: br refused (q=0) leaves gzip.
    const noBr = await get(base, `/${name}`, { 'accept-encoding': 'br;q=0, gzip' });
    expect(noBr.headers['content-encoding']).toBe('gzip');

    for (const r of [br, gzip, none]) {
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(r.headers['content-type']).toMatch(/^(text\/javascript|text\/css|image\/svg\+xml|text\/html)/);
      expect(Number(r.headers['content-length'])).toBe(r.body.length);
    }
    // Each encoding is its own representation: its own validator.
    expect(new Set([br, gzip, none].map((r) => r.headers.etag)).size).toBe(3);
  });

  it('hashed files under /assets are cached for a year, immutable, whatever the encoding', async () => {
    for (const name of texts.filter((n) => n.startsWith('assets/')))
      for (const ae of ['br', 'gzip', 'identity'])
        expect((await get(base, `/${name}`, { 'accept-encoding': ae })).headers['cache-control']).toBe(YEAR);
  });

  it('index.html, / and the page routes are revalidated on every load (no-cache), and a revalidation is a 304', async () => {
    for (const route of ['/', '/index.html', '/history', '/some/deep/link?x=1']) {
      const r = await get(base, route, { accept: 'text/html', 'accept-encoding': 'br, gzip' });
      expect(r.status, route).toBe(200);
      expect(r.headers['cache-control'], route).toBe('no-cache');
      expect(r.headers['content-encoding'], route).toBe('br');
      expect(r.headers.vary, route).toMatch(/accept-encoding/i);
      expect(decoded(r), route).toBe(FILES['index.html']);
      const again = await get(base, route, {
        accept: 'text/html',
        'accept-encoding': 'br, gzip',
        'if-none-match': String(r.headers.etag),
      });
      expect(again.status, route).toBe(304);
    }
    const plain = await get(base, '/history', { accept: 'text/html' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(FILES['index.html']);
  });

  it('a file without compressed copies is sent as it is, without Vary; top-level files are revalidated', async () => {
    const r = await get(base, '/robots.txt', { 'accept-encoding': 'br, gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers.vary).toBeUndefined();
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.body.toString('utf8')).toBe(FILES['robots.txt']);
  });

  it('a missing asset is a 404 (not index.html, not cached); API paths are not the page', async () => {
    const missing = await get(base, '/assets/index-Gone00.js', { accept: 'text/html', 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString('utf8')).error.code).toBe('not_found');
    expect(missing.headers['cache-control']).toBeUndefined();
    const api = await get(base, '/api/ping', { accept: 'text/html', 'accept-encoding': 'br' });
    expect(JSON.parse(api.body.toString('utf8'))).toEqual({ ok: true });
    expect((await get(base, '/api/nothing', { accept: 'text/html' })).status).toBe(404);
    // A non-browser agent on a page route gets the API's 404, not HTML.
    expect((await get(base, '/history', { accept: 'application/json' })).status).toBe(404);
  });
});

// `npm run build` (client/vite.config.ts) writes the copies the server negotiates between. Checked on
// the real build when there is one (npm start and the e2e test make it; CI's unit-only runs may not).
describe.skipIf(!existsSync(path.join(CLIENT_DIST, 'index.html')))('the real build', () => {
  it('has a .br and a .gz of every text file over 1 KB, each decompressing to the file', () => {
    const files = (d: string): string[] =>
      readdirSync(d).flatMap((f) =>
        statSync(path.join(d, f)).isDirectory() ? files(path.join(d, f)) : [path.join(d, f)],
      );
    const text = files(CLIENT_DIST).filter((f) => /\.(html|css|js|svg|json|webmanifest)$/.test(f));
    expect(text.some((f) => f.endsWith('.js'))).toBe(true);
    for (const file of text.filter((f) => statSync(f).size > 1024)) {
      const original = readFileSync(file);
      expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(original), file).toBe(true);
      expect(gunzipSync(readFileSync(`${file}.gz`)).equals(original), file).toBe(true);
    }
  });
});
