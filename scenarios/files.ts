// Reads and validates the scenario library's data files: scenarios/data/<context>/*.json, one
// scenario object per file (an array of scenarios is accepted too). A malformed file is rejected with
// an error naming the file and the field at fault, e.g.
//   scenarios/data/work/x.json: suggestedApproaches.0.effectiveness: Too big: expected number to be <=1
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTEXTS, scenarioSchema, type Scenario } from '../server/domain/types.ts';

export const DATA_DIR = fileURLToPath(new URL('./data', import.meta.url));
const REPO_ROOT = path.dirname(path.dirname(DATA_DIR));

export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    detail: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'ScenarioFileError';
  }
}

export interface ScenarioFile {
  /** Path shown in messages: relative to the repository root when inside it. */
  file: string;
  scenario: Scenario;
}

function displayPath(abs: string): string {
  const rel = path.relative(REPO_ROOT, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/**
 * Parses and validates one file's text. `expectedContext` (the folder's name, when it is a context)
 * must equal each scenario's context.
 */
export function parseScenarioFile(file: string, text: string, expectedContext?: string): Scenario[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ScenarioFileError(file, null, `invalid JSON: ${(err as Error).message}`);
  }
  const many = Array.isArray(data);
  const items: unknown[] = many ? (data as unknown[]) : [data];
  if (many && items.length === 0) throw new ScenarioFileError(file, null, 'empty array: expected a scenario object');
  return items.map((item, i) => {
    const parsed = scenarioSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // An unknown key is reported at its own path ("extra: Unrecognized key"), not at the object's.
      const extra = issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [];
      const field = [...(many ? [i] : []), ...issue.path, ...extra].map(String).join('.') || null;
      const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more issue${parsed.error.issues.length > 2 ? 's' : ''})` : '';
      throw new ScenarioFileError(file, field, `${issue.message}${more}`);
    }
    if (expectedContext && parsed.data.context !== expectedContext) {
      throw new ScenarioFileError(file, [...(many ? [String(i)] : []), 'context'].join('.'), `is "${parsed.data.context}" but the file is in the "${expectedContext}" folder`);
    }
    return parsed.data;
  });
}

async function listJson(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listJson(full)));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** Every scenario under `dir` (default scenarios/data), validated; duplicate ids are rejected. */
export async function readScenarioFiles(dir: string = DATA_DIR): Promise<ScenarioFile[]> {
  const files = (await listJson(dir)).sort();
  const seen = new Map<string, string>();
  const out: ScenarioFile[] = [];
  for (const abs of files) {
    const file = displayPath(abs);
    const folder = path.basename(path.dirname(abs));
    const expected = (CONTEXTS as readonly string[]).includes(folder) ? folder : undefined;
    const scenarios = parseScenarioFile(file, await readFile(abs, 'utf8'), expected);
    for (const scenario of scenarios) {
      const other = seen.get(scenario.id);
      if (other) throw new ScenarioFileError(file, 'id', `duplicate id "${scenario.id}" (also in ${other})`);
      seen.set(scenario.id, file);
      out.push({ file, scenario });
    }
  }
  return out;
}

export async function readScenarios(dir: string = DATA_DIR): Promise<Scenario[]> {
  return (await readScenarioFiles(dir)).map((f) => f.scenario);
}
