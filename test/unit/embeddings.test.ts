// One contract for every Embedder: the local one directly, the OpenAI-compatible one against a
// stand-in /v1/embeddings server started here (the real `openai` SDK is the client).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import type { Embedder } from '../../server/embeddings/embedder.ts';
import { bytesToVector, vectorToBytes } from '../../server/embeddings/embedder.ts';
import { createLocalEmbedder, embedLocal } from '../../server/embeddings/local.ts';
import { createOpenAIEmbedder } from '../../server/embeddings/openai.ts';
import { analyze } from '../../server/embeddings/analyze.ts';

const dot = (a: Float32Array | undefined, b: Float32Array | undefined) => {
  assert.isDefined(a);
  assert.isDefined(b);
  return a.reduce((s, v, i) => s + v * (b[i] ?? NaN), 0);
};
const len = (a: Float32Array) => Math.sqrt(dot(a, a));

// ---- stand-in OpenAI-compatible server -------------------------------------------------------
interface Received {
  path: string;
  auth: string | undefined;
  body: { model: string; input: string[] | string; encoding_format?: string; dimensions?: number };
}
const received: Received[] = [];
let server: Server;
let baseURL = '';
const STANDIN_DIM = 64;

async function readBody(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req)) as Received['body'];
    received.push({ path: req.url ?? '', auth: req.headers.authorization, body });
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    const dim = body.dimensions ?? STANDIN_DIM;
    // Deterministic, meaning-preserving vectors; returned in reverse order to check the client sorts by index.
    const data = inputs
      .map((text, index) => {
        const v = embedLocal(text, dim);
        const embedding =
          body.encoding_format === 'base64' ? vectorToBytes(v).toString('base64') : Array.from(v).map((x) => x * 3); // unnormalised on purpose
        return { object: 'embedding', index, embedding };
      })
      .reverse();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

// ---- the contract ---------------------------------------------------------------------------
const implementations: Array<[string, () => Promise<Embedder>]> = [
  ['local', async () => createLocalEmbedder()],
  [
    'openai-compatible (stand-in server)',
    () => createOpenAIEmbedder({ baseURL, apiKey: 'sk-test', model: 'test-embed', batchSize: 3 }),
  ],
];

describe.each(implementations)('Embedder contract: %s', (_name, make) => {
  it('returns one unit-length vector of `dimension` per input, in order', async () => {
    const e = await make();
    const texts = [
      'My boss takes credit for my work',
      'A friend owes me money',
      'We argue about chores',
      'Partner is always on the phone',
      'Late again',
    ];
    const vs = await e.embed(texts);
    expect(vs).toHaveLength(texts.length);
    for (const v of vs) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(e.dimension);
      expect(len(v)).toBeCloseTo(1, 5);
    }
    // order: embedding a single text gives the same vector as its position in the batch
    const [third] = await e.embed(texts.slice(2, 3));
    expect(dot(third, vs[2])).toBeCloseTo(1, 5);
  });

  it('puts paraphrases closer than unrelated texts', async () => {
    const e = await make();
    const [a, b, c] = await e.embed([
      'My supervisor claims my ideas as his own',
      'Boss stole credit for my work',
      'My roommate never washes the dishes',
    ]);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
    expect(dot(a, b)).toBeGreaterThan(dot(b, c));
  });

  it('handles an empty batch and honours an aborted signal', async () => {
    const e = await make();
    expect(await e.embed([])).toEqual([]);
    const ac = new AbortController();
    ac.abort();
    await expect(e.embed(['x'], ac.signal)).rejects.toThrow();
  });

  it('has a stable id naming the vector space', async () => {
    const e = await make();
    expect(e.id).toMatch(/^(local-ngram-v1:[0-9a-f]{8}|openai:test-embed)$/);
  });
});

describe('OpenAI-compatible embedder on the wire', () => {
  it('posts model, input batches, encoding_format and auth to /v1/embeddings; learns the dimension by probing', async () => {
    received.length = 0;
    const e = await createOpenAIEmbedder({ baseURL, apiKey: 'sk-test', model: 'test-embed', batchSize: 2 });
    expect(e.dimension).toBe(STANDIN_DIM);
    expect(e.id).toBe('openai:test-embed');
    expect(received).toHaveLength(1); // the probe
    await e.embed(['a one', 'b two', 'c three']);
    expect(received.map((r) => r.path)).toEqual(['/v1/embeddings', '/v1/embeddings', '/v1/embeddings']);
    expect(received[1]?.auth).toBe('Bearer sk-test');
    expect(received[1]?.body).toEqual({ model: 'test-embed', input: ['a one', 'b two'], encoding_format: 'float' });
    expect(received[2]?.body).toEqual({ model: 'test-embed', input: ['c three'], encoding_format: 'float' });
  });

  it('sends `dimensions` when configured, without a probe, and decodes base64 responses', async () => {
    received.length = 0;
    const e = await createOpenAIEmbedder({
      baseURL,
      apiKey: 'sk-test',
      model: 'test-embed',
      dimensions: 32,
      encodingFormat: 'base64',
    });
    expect(received).toHaveLength(0);
    expect(e.dimension).toBe(32);
    const [v] = await e.embed(['the quick brown fox']);
    expect(received[0]?.body).toEqual({
      model: 'test-embed',
      input: ['the quick brown fox'],
      encoding_format: 'base64',
      dimensions: 32,
    });
    expect(dot(v, embedLocal('the quick brown fox', 32))).toBeCloseTo(1, 5);
  });
});

describe('local embedder', () => {
  it('is deterministic and needs no network', async () => {
    const a = createLocalEmbedder({ dimension: 256 });
    const b = createLocalEmbedder({ dimension: 256 });
    const [x] = await a.embed(['Coworker keeps interrupting me in meetings']);
    const [y] = await b.embed(['Coworker keeps interrupting me in meetings']);
    assert.isDefined(x);
    assert.isDefined(y);
    expect(Array.from(x)).toEqual(Array.from(y));
    expect(a.dimension).toBe(256);
  });

  it('maps everyday paraphrases onto shared concepts via the lexicon', () => {
    expect(analyze('My supervisor stood me up and never paid me back').concepts).toEqual(
      expect.arrayContaining(['manager', 'cancel', 'money']),
    );
    expect(analyze('she is always scrolling instagram').concepts).toContain('phone');
    expect(analyze('he took all the credit for my idea').concepts).toContain('credit');
  });

  it('reads a text once for all its callers, and no caller can change what the others get', () => {
    const text = `My roommate never cleans the kitchen (${Math.random()})`;
    const first = analyze(text);
    expect(analyze(text)).toBe(first);
    expect(Object.isFrozen(first.terms) && Object.isFrozen(first.concepts)).toBe(true);
    expect(() => (first.terms as string[]).push('x')).toThrow(TypeError);
    // Bounded: after many other texts the first is read afresh, with the same result.
    for (let i = 0; i < 600; i++) analyze(`filler text number ${i}`);
    const again = analyze(text);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('rejects a nonsensical dimension', () => {
    expect(() => createLocalEmbedder({ dimension: 3 })).toThrow(/dimension/);
  });

  it('round-trips FLOAT32 bytes', () => {
    const v = embedLocal('hello there', 64);
    expect(Array.from(bytesToVector(vectorToBytes(v)))).toEqual(Array.from(v));
    expect(vectorToBytes(v).length).toBe(64 * 4);
  });
});
