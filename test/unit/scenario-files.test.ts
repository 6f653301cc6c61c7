import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenarioFile, readScenarioFiles, ScenarioFileError } from '../../scenarios/files.ts';

const valid = {
  id: 'scn_test_valid',
  title: 'A Valid Scenario',
  context: 'work',
  description: 'Something happened at work that needs a careful reply.',
  emotionalSignals: ['frustration'],
  suggestedApproaches: [
    { tone: 'Professional', template: 'I would like to talk about what happened.', effectiveness: 0.8 },
    { tone: 'Direct', template: 'This needs to change, starting this week.', effectiveness: 0.7 },
  ],
  commonRefinements: ['shorter'],
};

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function library(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'calmly-scn-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

describe('scenario data files', () => {
  it('names the file and the field at fault', () => {
    const bad = { ...valid, suggestedApproaches: [valid.suggestedApproaches[0], { ...valid.suggestedApproaches[1], effectiveness: 1.5 }] };
    expect(() => parseScenarioFile('scenarios/data/work/x.json', JSON.stringify(bad), 'work')).toThrow(
      'scenarios/data/work/x.json: suggestedApproaches.1.effectiveness: Too big: expected number to be <=1',
    );
  });

  it('rejects unknown fields, bad ids and missing fields with their paths', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ...valid, extra: 1 }, /^f\.json: extra: Unrecognized key/],
      [{ ...valid, id: 'Bad-Id' }, /^f\.json: id: must look like scn_lower_snake_case/],
      [{ ...valid, title: undefined }, /^f\.json: title: /],
    ];
    for (const [data, re] of cases) {
      let err: unknown;
      try {
        parseScenarioFile('f.json', JSON.stringify(data));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ScenarioFileError);
      expect((err as Error).message).toMatch(re);
    }
  });

  it('rejects invalid JSON with the file name', () => {
    expect(() => parseScenarioFile('scenarios/data/work/broken.json', '{ "id": ')).toThrow(/^scenarios\/data\/work\/broken\.json: invalid JSON: /);
  });

  it('rejects a scenario filed under another context folder', () => {
    expect(() => parseScenarioFile('scenarios/data/friendship/y.json', JSON.stringify(valid), 'friendship')).toThrow(
      'scenarios/data/friendship/y.json: context: is "work" but the file is in the "friendship" folder',
    );
  });

  it('reads a directory tree, sorted, and rejects duplicate ids naming both files', async () => {
    const ok = await library({ 'work/b.json': { ...valid, id: 'scn_b' }, 'work/a.json': { ...valid, id: 'scn_a' }, 'README.md': 'not json' });
    expect((await readScenarioFiles(ok)).map((f) => f.scenario.id)).toEqual(['scn_a', 'scn_b']);

    const dup = await library({ 'work/a.json': valid, 'work/b.json': valid });
    await expect(readScenarioFiles(dup)).rejects.toThrow(/work\/b\.json: id: duplicate id "scn_test_valid" \(also in .*work\/a\.json\)/);
  });

  it('the shipped library is valid: every file parses, ids are unique, all three contexts are covered', async () => {
    const files = await readScenarioFiles();
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(new Set(files.map((f) => f.scenario.context))).toEqual(new Set(['work', 'friendship', 'relationship']));
    for (const f of files) expect(f.file).toMatch(/^scenarios\/data\/(work|friendship|relationship)\/[^/]+\.json$/);
  });
});
