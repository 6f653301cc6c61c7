// The behaviour index analyses a few thousand library texts with wink-nlp at start-up (about a
// second). The analyses depend only on the text and the analysing code, so they are kept in a file
// under the OS temp directory, named by a hash of that code: a later start (another test worker,
// a restarted server) reads them back in a few milliseconds. The file is only an accelerator:
// a missing, stale or unreadable one is rebuilt, and a failed write is ignored.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TextAnalysis {
  /** Feature bag (features.ts featuresOf) as [feature, weight] pairs. */
  bag: Array<[string, number]>;
  /** Lemma forms (features.ts forms), for cue phrases. */
  lemmas: string[];
  /** For a behaviour's whole document: its search terms and hashed vector's non-zero entries (embeddings/). */
  terms?: string[];
  vector?: Array<[number, number]>;
}

const SOURCES = [
  './features.ts',
  './normalise.ts',
  '../nlp.ts',
  '../../embeddings/lexicon.ts',
  '../../embeddings/wink-text.ts',
  '../../embeddings/analyze.ts',
  '../../embeddings/local.ts',
];

function codeHash(): string {
  const h = createHash('sha256');
  for (const s of SOURCES) h.update(readFileSync(new URL(s, import.meta.url)));
  h.update(readFileSync(new URL('../../../node_modules/wink-eng-lite-web-model/package.json', import.meta.url)));
  return h.digest('hex').slice(0, 16);
}

function cacheFile(): string | null {
  try {
    return path.join(tmpdir(), 'calmly-coach', `analysis-${codeHash()}.json`);
  } catch {
    return null;
  }
}

/** Analyses of `texts`, from the cache where it has them, computing (and saving) the rest. */
export function analyseAll(texts: readonly string[], analyse: (text: string) => TextAnalysis): TextAnalysis[] {
  const file = cacheFile();
  let known: Record<string, TextAnalysis> = {};
  if (file) {
    try {
      known = JSON.parse(readFileSync(file, 'utf8')) as Record<string, TextAnalysis>;
    } catch {
      known = {};
    }
  }
  let missing = 0;
  const used: Record<string, TextAnalysis> = {};
  const out = texts.map((t) => {
    let a = known[t];
    if (!a) {
      a = analyse(t);
      missing++;
    }
    used[t] = a;
    return a;
  });
  if (file && (missing > 0 || Object.keys(known).length !== Object.keys(used).length)) {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, JSON.stringify(used));
      renameSync(tmp, file);
    } catch {
      // A read-only or full disk only costs the next start a second.
    }
  }
  return out;
}
