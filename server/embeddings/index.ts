// Chooses the embedder: the local one unless an OpenAI-compatible embeddings endpoint is configured
// (config.embeddings: EMBEDDINGS_BASE_URL, EMBEDDINGS_API_KEY, EMBEDDINGS_MODEL, EMBEDDINGS_DIMENSIONS).
import type { Embedder } from './embedder.ts';
import { createLocalEmbedder } from './local.ts';
import { createOpenAIEmbedder } from './openai.ts';

export type { Embedder } from './embedder.ts';
export { createLocalEmbedder } from './local.ts';
export { createOpenAIEmbedder } from './openai.ts';

export interface EmbeddingsEndpoint {
  baseURL: string;
  apiKey?: string;
  model: string;
  /** Sent as `dimensions` when set (text-embedding-3-*); otherwise learned from one probe request. */
  dimensions?: number;
}

export async function createEmbedder(
  endpoint?: EmbeddingsEndpoint | null,
  opts: { localDimension?: number } = {},
): Promise<Embedder> {
  if (endpoint) return createOpenAIEmbedder(endpoint);
  return createLocalEmbedder({ dimension: opts.localDimension });
}
