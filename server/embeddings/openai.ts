// Embeddings from any OpenAI-compatible /v1/embeddings endpoint (OpenAI, vLLM, Ollama, llama.cpp,
// TEI, ...) through the official `openai` SDK. Inputs are sent in batches; vectors are returned as
// unit-length Float32Arrays.
import OpenAI from 'openai';
import { l2normalize, type Embedder } from './embedder.ts';

export interface OpenAIEmbedderOptions {
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 */
  baseURL?: string;
  apiKey?: string;
  model: string;
  /**
   * Output dimension. When set it is sent as `dimensions` (text-embedding-3-* can shorten vectors);
   * when not set, the dimension is learned by embedding one probe text at creation.
   */
  dimensions?: number;
  /** Inputs per request; default 64. */
  batchSize?: number;
  timeoutMs?: number;
  maxRetries?: number;
  /** 'float' (default: every compatible server speaks it) or 'base64' (smaller responses). */
  encodingFormat?: 'float' | 'base64';
}

function decode(embedding: unknown): Float32Array {
  if (typeof embedding === 'string') {
    const bytes = Buffer.from(embedding, 'base64');
    const out = new Float32Array(bytes.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
    return out;
  }
  if (Array.isArray(embedding)) return Float32Array.from(embedding as number[]);
  throw new Error('embeddings endpoint returned an embedding that is neither a number array nor base64');
}

export async function createOpenAIEmbedder(opts: OpenAIEmbedderOptions): Promise<Embedder> {
  const client = new OpenAI({
    baseURL: opts.baseURL,
    apiKey: opts.apiKey ?? 'not-needed',
    timeout: opts.timeoutMs ?? 30_000,
    maxRetries: opts.maxRetries ?? 2,
  });
  const batchSize = Math.max(1, opts.batchSize ?? 64);
  const encoding_format = opts.encodingFormat ?? 'float';

  async function embedBatch(input: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const res = await client.embeddings.create(
      { model: opts.model, input, encoding_format, ...(opts.dimensions ? { dimensions: opts.dimensions } : {}) },
      { signal },
    );
    const data = [...res.data].sort((a, b) => a.index - b.index);
    if (data.length !== input.length)
      throw new Error(`embeddings endpoint returned ${data.length} vectors for ${input.length} inputs`);
    return data.map((d) => l2normalize(decode(d.embedding)));
  }

  let dimension = opts.dimensions;
  if (!dimension) {
    const [probe] = await embedBatch(['dimension probe']);
    if (!probe) throw new Error('embeddings endpoint returned no vector for the dimension probe');
    dimension = probe.length;
  }
  const dim = dimension;

  return {
    id: `openai:${opts.model}`,
    dimension: dim,
    async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const vecs = await embedBatch(texts.slice(i, i + batchSize), signal);
        for (const v of vecs) {
          if (v.length !== dim)
            throw new Error(`embeddings endpoint returned a ${v.length}-dimensional vector, expected ${dim}`);
          out.push(v);
        }
      }
      return out;
    },
  };
}
