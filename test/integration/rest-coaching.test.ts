import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { call, expectError } from '../support/http.ts';
import { analysisResponse } from '../../server/usecases/schemas.ts';
import { routes } from '../../server/http/routes/index.ts';

let app: TestApp;
const post = (path: string, body: unknown, headers?: Record<string, string>) =>
  call(app.baseUrl, 'POST', path, body, headers);
const successSchema = (path: string, method = 'post') =>
  routes.find((r) => r.path === path && r.method === method)!.success.schema;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

describe('POST /api/analyze', () => {
  it("answers the seed's example with the seed's shape", async () => {
    const res = await post('/api/analyze', {
      situation: 'My coworker keeps taking credit for my ideas in team meetings.',
      userId: 'user_123',
    });
    expect(res.status).toBe(200);
    expect(analysisResponse.parse(res.body)).toBeTruthy();
    expect(res.body.context).toBe('work');
    expect(res.body.confidence).toBeGreaterThan(0.6);
    expect(res.body.keyElements.length).toBeGreaterThan(0);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('says who it is about, what happened and what the writer wants, and asks when it cannot tell (extensions)', async () => {
    const res = await post('/api/analyze', {
      situation: "Mr. Okafor hasn't paid invoice #1043 for $2,400. It's 60 days overdue.",
    });
    expect(res.status).toBe(200);
    successSchema('/api/analyze').parse(res.body);
    expect(res.body).toMatchObject({
      counterpart: { role: 'client', name: 'Mr Okafor' },
      goal: 'repay',
      fault: 'other',
      clarifyingQuestion: null,
    });
    expect(res.body.behaviour).toBeTruthy();
    const unclear = await post('/api/analyze', { situation: 'help' });
    expect(unclear.body.clarifyingQuestion).toMatch(/\?/);
    expect(unclear.body.quickAnswers.length).toBeGreaterThan(1);
  });

  it('accepts a request without userId', async () => {
    const res = await post('/api/analyze', { situation: 'My sister never returns my calls and I feel ignored.' });
    expect(res.status).toBe(200);
    expect(res.body.context).toBe('relationship');
  });

  it.each([
    ['missing situation', {}, 'situation'],
    ['empty situation', { situation: '' }, 'situation'],
    ['whitespace-only situation', { situation: '   \n\t ' }, 'situation'],
    ['situation over 2000 characters', { situation: 'a'.repeat(2001) }, 'situation'],
    ['situation of the wrong type', { situation: 42 }, 'situation'],
    ['userId with spaces', { situation: 'ok', userId: 'user 123' }, 'userId'],
    ['userId too long', { situation: 'ok', userId: 'u'.repeat(65) }, 'userId'],
    ['userId of the wrong type', { situation: 'ok', userId: 7 }, 'userId'],
  ])('rejects %s with 400 invalid_request', async (_name, body, field) => {
    expectError(await post('/api/analyze', body), 400, 'invalid_request', field);
  });

  it('accepts exactly 2000 characters after trimming', async () => {
    const situation = `  ${'My manager keeps rescheduling our one-on-ones. '.repeat(60).slice(0, 2000)}  `;
    expect((await post('/api/analyze', { situation })).status).toBe(200);
  });

  it('rejects a body that is not JSON, an array, or a non-JSON content type', async () => {
    expectError(await post('/api/analyze', '{"situation": '), 400, 'invalid_request', '(body)');
    expectError(await post('/api/analyze', '[1,2]'), 400, 'invalid_request');
    expectError(await post('/api/analyze', 'situation=hi', { 'content-type': 'text/plain' }), 400, 'invalid_request');
  });

  it('rejects a body over 64 KB with 400', async () => {
    const res = await post('/api/analyze', { situation: 'x', padding: 'y'.repeat(70 * 1024) });
    expectError(res, 400, 'invalid_request', '(body)');
  });
});

describe('POST /api/generate', () => {
  it("answers the seed's example with three distinct tones and metadata", async () => {
    const res = await post('/api/generate', {
      situation: 'My coworker keeps taking credit for my ideas.',
      context: 'work',
      userId: 'user_123',
    });
    expect(res.status).toBe(200);
    successSchema('/api/generate').parse(res.body);
    expect(res.body.responses).toHaveLength(3);
    expect(new Set(res.body.responses.map((r: { tone: string }) => r.tone)).size).toBe(3);
    expect(res.body.responses.map((r: { id: string }) => r.id)).toEqual(['resp_1', 'resp_2', 'resp_3']);
    expect(Date.parse(res.body.metadata.generatedAt)).not.toBeNaN();
    expect(res.body.metadata.model).toBeTruthy();
    for (const r of res.body.responses) {
      expect(r.text).not.toMatch(/my coworker keeps/i);
      expect(r.explanation.length).toBeGreaterThan(10);
    }
  });

  it('writes ordinary replies for a flagged situation when the writer says it is not about safety (extension)', async () => {
    const situation = "My husband hit me last night and I'm scared to go home";
    const flagged = await post('/api/generate', { situation });
    expect(flagged.body.analysis.safety.flag).toBe(true);
    expect(flagged.body.responses[0].tone).toBe('Safety First');
    const ordinary = await post('/api/generate', { situation, notSafety: true });
    expect(ordinary.status).toBe(200);
    successSchema('/api/generate').parse(ordinary.body);
    expect(ordinary.body.responses.map((r: { tone: string }) => r.tone)).not.toContain('Safety First');
    expect(ordinary.body.metadata.notes.join(' ')).toMatch(/not about your safety/);
    expectError(await post('/api/generate', { situation, notSafety: 'yes' }), 400, 'invalid_request', 'notSafety');
  });

  it('detects the context when none is given', async () => {
    const res = await post('/api/generate', {
      situation: 'My boyfriend is on his phone the whole time we have dinner together.',
    });
    expect(res.status).toBe(200);
    expect(res.body.metadata.context).toBe('relationship');
  });

  it.each([
    ['an unknown context', { situation: 'hi there', context: 'school' }, 'context'],
    ['a missing situation', { context: 'work' }, 'situation'],
    ['a situation over 2000 characters', { situation: 'b'.repeat(2001) }, 'situation'],
    ['an empty context', { situation: 'hello', context: '' }, 'context'],
  ])('rejects %s', async (_n, body, field) => {
    expectError(await post('/api/generate', body), 400, 'invalid_request', field);
  });
});

describe('POST /api/refine', () => {
  const seedRequest = {
    responseId: 'resp_1',
    originalText:
      "I appreciate our collaboration. I'd like to discuss how we can better acknowledge individual contributions going forward.",
    adjustment: 'Make it more assertive',
    userId: 'user_123',
  };

  it("answers the seed's example with refinedResponse", async () => {
    const res = await post('/api/refine', seedRequest);
    expect(res.status).toBe(200);
    successSchema('/api/refine').parse(res.body);
    expect(res.body.refinedResponse.id).toBe('resp_1_refined');
    expect(res.body.refinedResponse.text).not.toBe(seedRequest.originalText);
    expect(res.body.refinedResponse.changes.length).toBeGreaterThan(0);
  });

  it('answers an adjustment it cannot act on with 400 unsupported_adjustment listing what works', async () => {
    const res = await post('/api/refine', { ...seedRequest, adjustment: 'translate it into Klingon' });
    expectError(res, 400, 'unsupported_adjustment');
    expect(Array.isArray(res.body.error.supported)).toBe(true);
    expect(res.body.error.supported.length).toBeGreaterThanOrEqual(7);
  });

  it.each([
    ['a missing responseId', { ...seedRequest, responseId: undefined }, 'responseId'],
    ['a missing originalText', { ...seedRequest, originalText: undefined }, 'originalText'],
    ['originalText over 2000', { ...seedRequest, originalText: 'c'.repeat(2001) }, 'originalText'],
    ['a missing adjustment', { ...seedRequest, adjustment: undefined }, 'adjustment'],
    ['an adjustment over 200', { ...seedRequest, adjustment: 'd'.repeat(201) }, 'adjustment'],
    ['an empty adjustment', { ...seedRequest, adjustment: '  ' }, 'adjustment'],
  ])('rejects %s', async (_n, body, field) => {
    expectError(await post('/api/refine', body), 400, 'invalid_request', field);
  });
});

describe('errors and documents', () => {
  it('answers unknown routes with 404, and a known path asked with another method with 405 and Allow', async () => {
    expectError(await call(app.baseUrl, 'GET', '/api/nope'), 404, 'not_found');
    const deleted = await call(app.baseUrl, 'DELETE', '/api/analyze');
    expectError(deleted, 405, 'method_not_allowed');
    expect(deleted.headers.get('allow')).toBe('POST');
    const traced = await call(app.baseUrl, 'POST', '/api/users/u1/export');
    expectError(traced, 405, 'method_not_allowed');
    expect(traced.headers.get('allow')).toBe('GET, HEAD');
    const put = await call(app.baseUrl, 'PATCH', '/api/preferences');
    expect(put.headers.get('allow')).toBe('GET, HEAD, PUT');
  });

  it('echoes a valid x-request-id and includes it in errors', async () => {
    const res = await call(app.baseUrl, 'GET', '/api/nope', undefined, { 'x-request-id': 'req-abc-123' });
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    expect(res.body.error.requestId).toBe('req-abc-123');
  });

  it('serves an OpenAPI 3.1 document covering every route, body, query and status', async () => {
    const res = await call(app.baseUrl, 'GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const r of routes) {
      const op = res.body.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
      expect(op, `${r.method} ${r.path}`).toBeTruthy();
      expect(Object.keys(op.responses)).toContain(String(r.success.status));
      expect(Object.keys(op.responses)).toContain('500');
      if (r.body) expect(op.requestBody.content['application/json'].schema).toBeTruthy();
      if (r.query) expect(op.parameters.length).toBeGreaterThan(0);
      if (r.errors.includes('invalid_request')) expect(Object.keys(op.responses)).toContain('400');
    }
    const analyze = res.body.paths['/api/analyze'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(analyze)).toContain('2000');
  });

  it('lists userId as required where an operation needs a user and AUTH_MODE=none gives no caller to fall back on', async () => {
    const { body: doc } = await call(app.baseUrl, 'GET', '/api/openapi.json');
    const bodyRequired = (path: string, method: string) =>
      doc.paths[path][method].requestBody.content['application/json'].schema.required ?? [];
    const queryUser = (path: string) =>
      doc.paths[path].get.parameters.find((p: { name: string }) => p.name === 'userId');
    expect(bodyRequired('/api/interactions', 'post')).toContain('userId');
    expect(bodyRequired('/api/preferences', 'put')).toContain('userId');
    expect(bodyRequired('/api/sessions/{sessionId}/end', 'post')).toContain('userId');
    expect(queryUser('/api/history').required).toBe(true);
    expect(queryUser('/api/preferences').required).toBe(true);
    // Operations that work without a user keep it optional.
    expect(bodyRequired('/api/generate', 'post')).not.toContain('userId');
    expect(bodyRequired('/api/analyze', 'post')).not.toContain('userId');
  });

  it('serves a readable docs page', async () => {
    const res = await fetch(`${app.baseUrl}/api/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger-ui');
    expect((await fetch(`${app.baseUrl}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
