// The REST edge with a hosted model configured: the same routes answer through the OpenAI-compatible
// provider (a stand-in speaking the wire protocol on a loopback port), and fall back or fail as
// configured when no endpoint can answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError } from '../support/http.ts';
import { deadBaseURL } from '../support/ai.ts';
import { startStandin, type Standin } from '../support/openai-standin.ts';

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin();
  standin.options.defaults = { model: 'llama-3.3-70b-instruct' };
});
afterAll(() => standin.close());

describe('REST with AI_BASE_URL set', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ AI_BASE_URL: standin.baseURL, AI_API_KEY: 'test-key', AI_MODEL: 'llama-3.3-70b' });
  });
  afterAll(() => app?.close());

  it('names the hosted provider in /health', async () => {
    const res = await call(app.baseUrl, 'GET', '/health');
    expect(res.body.providers.ai).not.toBe('builtin');
  });

  it('generates through the model and says which model answered', async () => {
    const res = await call(app.baseUrl, 'POST', '/api/generate', {
      situation: 'My coworker keeps taking credit for my ideas.',
      context: 'work',
    });
    expect(res.status).toBe(200);
    expect(res.body.responses).toHaveLength(3);
    expect(res.body.metadata.model).toBe('llama-3.3-70b-instruct');
    expect(res.body.metadata.usage.completionTokens).toBeGreaterThan(0);
    expect(standin.requests.filter((r) => r.kind === 'variant').length).toBeGreaterThanOrEqual(3);
  });

  it('analyzes through the model, and metadata says so', async () => {
    const res = await call(app.baseUrl, 'POST', '/api/analyze', {
      situation: 'My sister keeps borrowing money and never pays it back.',
    });
    expect(res.status).toBe(200);
    expect(res.body.metadata).toEqual({ model: 'llama-3.3-70b-instruct', source: 'ai' });
  });
});

describe('REST when no endpoint can answer', () => {
  it('answers with the built-in coach by default (AI_FALLBACK=builtin), and /health says the AI is degraded once the breaker opens', async () => {
    const app = await startTestApp({ AI_BASE_URL: await deadBaseURL(), AI_TIMEOUT_MS: '2000' });
    try {
      expect((await call(app.baseUrl, 'GET', '/health')).body.services.ai).toBe('operational');
      const res = await call(app.baseUrl, 'POST', '/api/generate', {
        situation: 'My friend is always late to everything.',
      });
      expect(res.status).toBe(200);
      expect(res.body.metadata.model).toBe('calmly-builtin-coach');
      // More failures open the endpoint's breaker: the built-in coach answers, and /health says so
      // without taking the instance out of a load balancer (Calmly still answers).
      for (let i = 0; i < 3; i++)
        await call(app.baseUrl, 'POST', '/api/analyze', { situation: 'My friend is always late to everything.' });
      const health = await call(app.baseUrl, 'GET', '/health');
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({
        status: 'healthy',
        services: { ai: 'degraded', memory: 'operational', storage: 'operational' },
      });
    } finally {
      await app.close();
    }
  });

  it('answers 503 ai_unavailable with AI_FALLBACK=none', async () => {
    const app = await startTestApp({ AI_BASE_URL: await deadBaseURL(), AI_FALLBACK: 'none', AI_TIMEOUT_MS: '2000' });
    try {
      expectError(
        await call(app.baseUrl, 'POST', '/api/generate', { situation: 'My friend is always late to everything.' }),
        503,
        'ai_unavailable',
      );
      expectError(
        await call(app.baseUrl, 'POST', '/api/analyze', { situation: 'My friend is always late to everything.' }),
        503,
        'ai_unavailable',
      );
    } finally {
      await app.close();
    }
  });
});
