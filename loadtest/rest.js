// REST load: a mix of the coach's endpoints at a constant arrival rate.
//   k6 run loadtest/rest.js                      (BASE_URL defaults to http://localhost:3000)
//   k6 run -e BASE_URL=http://host:3000 -e RATE=200 -e DURATION=1m loadtest/rest.js
// Thresholds: failed requests under 1%; p95 per endpoint (tagged by name). With authentication on,
// pass -e TOKEN=<api key>; rate limits must allow the load (see README "Load tests").
import http from 'k6/http';
import { check } from 'k6';
import { SharedArray } from 'k6/data';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:3000';
const RATE = Number(__ENV.RATE || 50);
const DURATION = __ENV.DURATION || '30s';
const P95 = Number(__ENV.P95_MS || 250);

const situations = new SharedArray('situations', () => [
  'My coworker keeps taking credit for my ideas in team meetings.',
  'My best friend cancelled on me again at the last minute.',
  'My partner keeps scrolling on their phone while I am talking about my day.',
  'My manager emailed me at 11pm and expects an answer before the morning stand-up.',
  'My roommate never does the dishes and leaves them for days.',
  'A friend borrowed money three months ago and acts like it never happened.',
  'My boyfriend forgot our anniversary and said it is not a big deal.',
  'A colleague interrupts me every time I speak in meetings.',
]);
const contexts = ['work', 'friendship', 'relationship'];

export const options = {
  scenarios: {
    mix: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: Math.max(10, Math.ceil(RATE / 4)),
      maxVUs: Math.max(50, RATE * 2),
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
    'http_req_duration{name:analyze}': [`p(95)<${P95}`],
    'http_req_duration{name:generate}': [`p(95)<${P95}`],
    'http_req_duration{name:refine}': [`p(95)<${P95}`],
    'http_req_duration{name:interactions}': [`p(95)<${P95}`],
    'http_req_duration{name:preferences_get}': [`p(95)<${P95}`],
    'http_req_duration{name:preferences_put}': [`p(95)<${P95}`],
    'http_req_duration{name:scenarios}': [`p(95)<${P95}`],
  },
};

const headers = {
  'content-type': 'application/json',
  ...(__ENV.TOKEN ? { authorization: `Bearer ${__ENV.TOKEN}` } : {}),
};
const post = (path, body, name) => http.post(`${BASE_URL}${path}`, JSON.stringify(body), { headers, tags: { name } });
const get = (path, name) => http.get(`${BASE_URL}${path}`, { headers, tags: { name } });
const ok = (res, name) => check(res, { [`${name} 2xx`]: (r) => r.status >= 200 && r.status < 300 });

export default function () {
  const i = Math.floor(Math.random() * 1e9);
  const situation = situations[i % situations.length];
  const userId = `user_k6_${__VU}`;
  const roll = i % 100;
  // Weights: what a session does most (generate), then analyze, refine, select, the rest.
  if (roll < 30) ok(post('/api/generate', { situation, userId }, 'generate'), 'generate');
  else if (roll < 50) ok(post('/api/analyze', { situation, userId }, 'analyze'), 'analyze');
  else if (roll < 65) {
    ok(
      post(
        '/api/refine',
        {
          responseId: `resp_${i}`,
          originalText: 'I need to talk about how credit is shared in our meetings.',
          adjustment: 'make it more assertive',
          userId,
        },
        'refine',
      ),
      'refine',
    );
  } else if (roll < 80) {
    ok(
      post(
        '/api/interactions',
        {
          userId,
          situationDescription: situation,
          detectedContext: contexts[i % 3],
          selectedResponse: 'I would like us to agree on how we credit ideas in meetings.',
          selectedTone: 'Calm and Professional',
          refinementCount: i % 2,
        },
        'interactions',
      ),
      'interactions',
    );
  } else if (roll < 88) ok(get(`/api/preferences?userId=${userId}`, 'preferences_get'), 'preferences_get');
  else if (roll < 92)
    ok(
      http.put(`${BASE_URL}/api/preferences`, JSON.stringify({ userId, defaultAssertiveness: 1 + (i % 10) }), {
        headers,
        tags: { name: 'preferences_put' },
      }),
      'preferences_put',
    );
  else ok(get(`/api/scenarios?context=${contexts[i % 3]}&query=credit&pageSize=5`, 'scenarios'), 'scenarios');
}
