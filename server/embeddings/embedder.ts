// The Embedder port: turns texts into fixed-length vectors. Implementations: `local.ts` (no network,
// no model download) and `openai.ts` (any OpenAI-compatible /v1/embeddings endpoint).

export interface Embedder {
  /** Stable identity of the vector space, recorded in the index: 'local-ngram-v1', 'openai:<model>'. */
  readonly id: string;
  /** Length of every vector this embedder returns. */
  readonly dimension: number;
  /** One vector per input text, in input order. */
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** One text's vector. */
export async function embedOne(embedder: Embedder, text: string, signal?: AbortSignal): Promise<Float32Array> {
  const [vector] = await embedder.embed([text], signal);
  if (!vector) throw new Error(`embedder ${embedder.id} returned no vector`);
  return vector;
}

/** Each item with its text's vector, as `embed` returned them (one per text, in order). */
export function withVectors<T>(items: readonly T[], vectors: readonly Float32Array[]): Array<[T, Float32Array]> {
  if (vectors.length !== items.length)
    throw new Error(`embedder returned ${vectors.length} vectors for ${items.length} texts`);
  return items.map((item, i) => [item, vectors[i]!]); // same length, checked above
}

/** Scales a vector to unit length in place (a zero vector stays zero) and returns it. */
export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
  return v;
}

/** FLOAT32 little-endian bytes, the layout Redis' VECTOR fields expect. */
export function vectorToBytes(v: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(v.length * 4);
  v.forEach((x, i) => out.writeFloatLE(x, i * 4));
  return out;
}

export function bytesToVector(b: Buffer): Float32Array {
  if (b.length % 4 !== 0) throw new Error(`vector bytes length ${b.length} is not a multiple of 4`);
  const out = new Float32Array(b.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = b.readFloatLE(i * 4);
  return out;
}
