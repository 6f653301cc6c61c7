// Reads and validates the reply library (scenarios/library/*.json) once, synchronously: the coach
// is a pure function of its input and this data. A malformed file stops the process with the
// file and the field at fault, like the scenario files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from '../../../machines/domain/types.ts';
import { lintText } from './lint.ts';
import { renderReply, type SlotValues } from './render.ts';
import { libraryFileSchema, type BehaviourEntry, type Domain } from './schema.ts';

export const LIBRARY_DIR = fileURLToPath(new URL('../../../scenarios/library', import.meta.url));

export const DOMAIN_CONTEXT: Record<Domain, Context> = {
  work: 'work',
  clients: 'work',
  school: 'work',
  friends: 'friendship',
  roommates: 'friendship',
  neighbours: 'friendship',
  partners: 'relationship',
  family: 'relationship',
  general: 'relationship',
};

export interface Behaviour extends BehaviourEntry {
  /** "<domain>.<id>", unique across the library. */
  key: string;
  domain: Domain;
  context: Context;
  file: string;
}

export class LibraryError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    detail: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'LibraryError';
  }
}

/** Every slot filled: used to check that every alternative renders. */
export const SAMPLE_SLOTS: SlotValues = {
  name: 'Sam',
  amount: '$240',
  times: 'three times',
  nth: 'third',
  duration: 'two weeks',
  day: 'Friday',
  time: '2am',
  invoice: '#1043',
  item: 'my drill',
};

/** `lint`: also check every rendering against the banned phrases (tests and the checker do; start-up need not). */
export function parseLibraryFile(file: string, text: string, opts: { lint?: boolean } = { lint: true }): Behaviour[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new LibraryError(file, null, `invalid JSON: ${(err as Error).message}`);
  }
  const parsed = libraryFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 8)
      .map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`);
    throw new LibraryError(file, null, `${parsed.error.issues.length} problem(s):\n  ${issues.join('\n  ')}`);
  }
  const { domain } = parsed.data;
  const seen = new Set<string>();
  return parsed.data.behaviours.map((b, i) => {
    if (seen.has(b.id)) throw new LibraryError(file, `behaviours.${i}.id`, `duplicate id "${b.id}"`);
    seen.add(b.id);
    if (opts.lint)
      b.replies.forEach((r, k) => {
        for (const slots of [SAMPLE_SLOTS, {}]) {
          for (const register of ['default', 'firmer', 'softer'] as const) {
            const problems = lintText(renderReply(r, slots, register));
            if (problems.length)
              throw new LibraryError(file, `behaviours.${i}(${b.id}).replies.${k}`, problems.join('; '));
          }
        }
      });
    return { ...b, key: `${domain}.${b.id}`, domain, context: b.context ?? DOMAIN_CONTEXT[domain], file };
  });
}

/** Checks that span files: explanations are never reused. */
export function checkLibrary(behaviours: readonly Behaviour[]): void {
  const explanations = new Map<string, string>();
  const keys = new Map<string, string>();
  for (const b of behaviours) {
    const other = keys.get(b.key);
    if (other) throw new LibraryError(b.file, b.id, `duplicate behaviour "${b.key}" (also in ${other})`);
    keys.set(b.key, b.file);
    for (const [k, r] of b.replies.entries()) {
      const key = r.explanation.trim().toLowerCase();
      const other = explanations.get(key);
      if (other) throw new LibraryError(b.file, `${b.id}.replies.${k}.explanation`, `same explanation as ${other}`);
      explanations.set(key, `${b.key}.replies.${k}`);
    }
  }
}

export function readLibrary(dir: string = LIBRARY_DIR, opts: { lint?: boolean } = { lint: true }): Behaviour[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const out: Behaviour[] = [];
  for (const f of files) {
    const abs = path.join(dir, f);
    out.push(...parseLibraryFile(`scenarios/library/${f}`, readFileSync(abs, 'utf8'), opts));
  }
  checkLibrary(out);
  return out;
}
