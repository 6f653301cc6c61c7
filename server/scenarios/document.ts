// How a scenario is indexed: the text that is embedded, the analysed terms for keyword scoring, the
// content hash that makes seeding idempotent, and the Redis hash fields it is stored as.
import { createHash } from 'node:crypto';
import type { Scenario } from '../../machines/domain/types.ts';
import { analyze, ANALYZER_FINGERPRINT } from '../embeddings/analyze.ts';
import { bytesToVector, vectorToBytes } from '../embeddings/embedder.ts';

/** Bump when scenarioText or the stored fields change, so every doc is rewritten on the next seed. */
export const DOC_FORMAT_VERSION = 1;

export interface IndexedScenario {
  scenario: Scenario;
  /** Analysed lemmas of the indexed text (keyword scoring). */
  terms: string[];
  vector: Float32Array;
}

const humanize = (s: string) => s.replace(/_/g, ' ');

/** The text a scenario is embedded and keyword-indexed by: what it is about, not how to answer it. */
export function scenarioText(s: Scenario): string {
  const parts = [s.title, s.description];
  if (s.aliases.length) parts.push(s.aliases.join('. '));
  if (s.keywords.length) parts.push(s.keywords.join(', '));
  parts.push(`Feelings: ${s.emotionalSignals.map(humanize).join(', ')}`);
  return parts.join('. ');
}

export function scenarioTerms(s: Scenario): string[] {
  return [...analyze(scenarioText(s)).terms];
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Changes when the scenario's content, the doc format or the text analysis changes. */
export function contentHash(s: Scenario): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: DOC_FORMAT_VERSION, a: ANALYZER_FINGERPRINT, s: canonical(s) }))
    .digest('hex')
    .slice(0, 32);
}

/** Field names of a scenario's Redis hash. */
export const F = {
  title: 'title',
  context: 'context',
  description: 'description',
  json: 'json',
  text: 'text',
  terms: 'terms',
  vector: 'vector',
  hash: 'hash',
} as const;

export function toHashFields(s: Scenario, terms: string[], vector: Float32Array): Record<string, string | Buffer> {
  return {
    [F.title]: s.title,
    [F.context]: s.context,
    [F.description]: s.description,
    [F.json]: JSON.stringify(s),
    [F.text]: scenarioText(s),
    [F.terms]: terms.join(' '),
    [F.vector]: vectorToBytes(vector),
    [F.hash]: contentHash(s),
  };
}

/** What HMGET json terms vector answers (one value per field, null where the field is missing). */
export type HashValues = [json: Buffer | null, terms: Buffer | null, vector: Buffer | null];

/** Rebuilds an indexed scenario from the (Buffer-typed) values of HMGET json terms vector. */
export function fromHashValues(
  json: Buffer | string | null,
  terms: Buffer | string | null,
  vector: Buffer | null,
): IndexedScenario | null {
  if (json == null || vector == null) return null;
  const scenario = JSON.parse(json.toString()) as Scenario;
  const t = terms == null ? '' : terms.toString();
  return { scenario, terms: t ? t.split(' ') : [], vector: bytesToVector(vector) };
}
