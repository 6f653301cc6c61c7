// Security headers (helmet) and CORS: the Content Security Policy still lets the built client
// (its Socket.IO connection included) and swagger-ui at /api/docs work — checked in Chromium, with
// every CSP violation reported by the page collected — and the CORS allow-list comes from
// CORS_ORIGINS (the app's own origin always works).
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call } from '../support/http.ts';
import { CLIENT_DIST } from '../../server/http/static.ts';
import { loadConfig } from '../../server/config.ts';

const ALLOWED = 'https://console.calmly.test';
const CHROMIUM =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ CORS_ORIGINS: `${ALLOWED}, http://localhost:5999/` });
});
afterAll(() => app?.close());

describe('security headers', () => {
  it('every response carries a CSP and the usual hardening headers, and no X-Powered-By', async () => {
    for (const path of ['/health', '/api/openapi.json', '/api/nope', '/api/docs']) {
      const res = await fetch(app.baseUrl + path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("media-src 'self' blob:");
      expect(csp).not.toContain('upgrade-insecure-requests'); // plain http here
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('behind https (PUBLIC_URL), HSTS and upgrade-insecure-requests are on', async () => {
    const config = loadConfig({ ...process.env, PUBLIC_URL: 'https://calmly.example.com' });
    const { createHttpApp } = await import('../../server/http/app.ts');
    const web = createHttpApp({ ...app.calmly.deps, config });
    const server = web.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/api/nope`);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
      expect(res.headers.get('content-security-policy')).toContain('wss://calmly.example.com');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('CORS', () => {
  it("allows the configured origins and the app's own, and nobody else", async () => {
    const preflight = (origin: string) =>
      fetch(`${app.baseUrl}/api/generate`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const ok = await preflight(ALLOWED);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect((await preflight('http://localhost:5999')).headers.get('access-control-allow-origin')).toBe(
      'http://localhost:5999',
    );
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();

    const simple = await call(app.baseUrl, 'GET', '/api/scenarios', undefined, { origin: ALLOWED });
    expect(simple.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(simple.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    const self = await call(app.baseUrl, 'GET', '/api/scenarios', undefined, { origin: app.baseUrl });
    expect(self.headers.get('access-control-allow-origin')).toBe(app.baseUrl);
    const evil = await call(app.baseUrl, 'GET', '/api/scenarios', undefined, { origin: 'https://evil.example' });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('CORS_ORIGINS applies to Socket.IO too (merged with SOCKET_CORS_ORIGINS)', async () => {
    expect(app.config.realtime.corsOrigins).toEqual([ALLOWED, 'http://localhost:5999']);
    const res = await fetch(`${app.baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { origin: ALLOWED } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const evil = await fetch(`${app.baseUrl}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const merged = loadConfig({ ...process.env, CORS_ORIGINS: ALLOWED, SOCKET_CORS_ORIGINS: 'https://other.test' });
    expect(merged.realtime.corsOrigins).toEqual([ALLOWED, 'https://other.test']);
    expect(merged.http.corsOrigins).toEqual([ALLOWED]);
    expect(() => loadConfig({ ...process.env, CORS_ORIGINS: 'not an origin' })).toThrow(/CORS_ORIGINS/);
  });
});

describe.skipIf(!CHROMIUM || !existsSync(`${CLIENT_DIST}/index.html`))('the CSP in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(() => browser?.close());

  // Browser code as strings: this file is type-checked without the DOM library.
  async function visit(path: string, ready: (page: Page) => Promise<unknown>): Promise<string[]> {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to|CSP/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(
      `document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));`,
    );
    await page.goto(app.baseUrl + path);
    await ready(page);
    await page.close();
    return violations;
  }

  it('the built client loads, connects over Socket.IO and coaches without a CSP violation', async () => {
    const violations = await visit('/', async (page) => {
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 15_000 }).toMatch(/connected/i);
      await page.getByTestId('situation').fill('My coworker keeps taking credit for my ideas in team meetings.');
      await page.getByTestId('submit').click();
      for (const i of [0, 1, 2])
        await expect
          .poll(() => page.getByTestId(`suggestion-${i}`).getAttribute('data-state'), { timeout: 20_000 })
          .toBe('done');
    });
    expect(violations).toEqual([]);
  }, 60_000);

  it('swagger-ui renders the API at /api/docs without a CSP violation', async () => {
    const violations = await visit('/api/docs', (page) => page.waitForSelector('.opblock', { timeout: 15_000 }));
    expect(violations).toEqual([]);
  }, 60_000);
});
