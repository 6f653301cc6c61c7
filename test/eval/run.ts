// `npm run eval`: coaching quality on labelled sets written for this purpose (not the seed's
// examples). Exits non-zero when a target is missed, so `npm test` keeps the targets honest.
import { readFileSync } from 'node:fs';
import { analyze, understand } from '../../server/coach/index.ts';
import type { Context, SafetyCategory } from '../../machines/domain/types.ts';
import { evalScenarios } from './scenarios-eval.ts';

const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8')) as T;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

interface Labelled {
  id: string;
  situation: string;
  context: Context;
}
interface SafetyItem {
  id: string;
  situation: string;
  flag: boolean;
  category: SafetyCategory | null;
}

const TARGETS = { contextAccuracy: 0.9, scenarioTop3: 0.9 };
const failures: string[] = [];

// Context detection
const situations = load<Labelled[]>('./situations.json');
const confusion = new Map<string, number>();
const misses: string[] = [];
let correct = 0;
for (const s of situations) {
  const a = analyze(s.situation);
  if (a.context === s.context) correct++;
  else
    misses.push(
      `  ${s.id} expected ${s.context}, got ${a.context} (${a.confidence.toFixed(2)}): ${s.situation.slice(0, 90)}`,
    );
  const key = `${s.context}→${a.context}`;
  confusion.set(key, (confusion.get(key) ?? 0) + 1);
}
const accuracy = correct / situations.length;
console.log(
  `context accuracy: ${pct(accuracy)} (${correct}/${situations.length}), target ${pct(TARGETS.contextAccuracy)}`,
);
for (const ctx of ['work', 'friendship', 'relationship']) {
  const total = situations.filter((s) => s.context === ctx).length;
  console.log(`  ${ctx.padEnd(12)} ${pct((confusion.get(`${ctx}→${ctx}`) ?? 0) / total)} of ${total}`);
}
if (misses.length) console.log(`misses:\n${misses.join('\n')}`);
if (accuracy < TARGETS.contextAccuracy) failures.push('context accuracy');

// Confidence must mean something: ambiguous texts score lower than clear ones.
const ambiguous = load<Array<{ id: string; situation: string }>>('./ambiguous.json');
const ambConf = ambiguous.map((a) => analyze(a.situation).confidence);
const clearConf = situations.map((s) => analyze(s.situation).confidence);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const lowShare = ambConf.filter((c) => c < 0.6).length / ambConf.length;
console.log(
  `confidence: mean ${mean(clearConf).toFixed(2)} on labelled situations, ${mean(ambConf).toFixed(2)} on ambiguous ones; ${pct(lowShare)} of ambiguous below 0.6`,
);
if (!(mean(ambConf) < mean(clearConf) - 0.15)) failures.push('confidence separation');

// Safety flags. safety.json was written with the first version of the patterns and has since been
// looked at while fixing misses; safety-heldout.json was written later, independently, and is the
// honest measure of generalisation.
function safetyScore(file: string) {
  const items = load<SafetyItem[]>(file);
  let tp = 0,
    fp = 0,
    fn = 0,
    catOk = 0;
  const misses: string[] = [];
  for (const item of items) {
    const flag = analyze(item.situation).safety;
    if (flag.flag && item.flag) {
      tp++;
      if (flag.category === item.category) catOk++;
    } else if (flag.flag && !item.flag) {
      fp++;
      misses.push(`  false alarm ${item.id} (${flag.category}): ${item.situation.slice(0, 90)}`);
    } else if (!flag.flag && item.flag) {
      fn++;
      misses.push(`  missed ${item.id} (${item.category}): ${item.situation.slice(0, 90)}`);
    }
  }
  return {
    n: items.length,
    recall: tp / Math.max(1, tp + fn),
    precision: tp / Math.max(1, tp + fp),
    category: catOk / Math.max(1, tp),
    misses,
  };
}
for (const [name, file, showMisses] of [
  ['safety (first set)', './safety.json', true],
  ['safety (held-out set)', './safety-heldout.json', false],
] as const) {
  const r = safetyScore(file);
  console.log(
    `${name}, ${r.n} situations: recall ${pct(r.recall)}, precision ${pct(r.precision)}, category right on ${pct(r.category)} of hits`,
  );
  // The held-out misses are not printed, so that nobody tunes the patterns to them.
  if (showMisses && r.misses.length) console.log(r.misses.join('\n'));
  if (r.precision < 0.9) failures.push(`${name} precision`);
}

// Scenario retrieval on paraphrases written from the scenarios' titles and descriptions only, by a
// helper who never saw their examples or cues (held out: the misses are not printed).
const sc = await evalScenarios();
console.log(
  `scenario retrieval on ${sc.n} held-out paraphrases: top-1 ${pct(sc.top1)}, top-3 ${pct(sc.top3)}, target top-3 ${pct(TARGETS.scenarioTop3)}`,
);
if (sc.top3 < TARGETS.scenarioTop3) failures.push('scenario top-3');

// The blind development set (coaching-dev.json: situations written by a helper who never saw the
// code; coaching-dev-gold.json: library keys labelled by another). A tuning aid, not a target: it
// has been read while fixing things.
const dev = load<Array<{ id: string; situation: string; expectedContext: string }>>('./coaching-dev.json');
const gold = new Map(
  load<Array<{ id: string; key: string | null; acceptable: string[] }>>('./coaching-dev-gold.json').map((g) => [
    g.id,
    g,
  ]),
);
let devContext = 0,
  keyed = 0,
  exact = 0,
  fits = 0,
  wrong = 0,
  honest = 0,
  nulls = 0;
for (const s of dev) {
  const u = understand(s.situation);
  const c = u.analysis.context;
  if (s.expectedContext === 'family' ? c !== 'work' : c === s.expectedContext) devContext++;
  const g = gold.get(s.id);
  const got = u.frame.behaviour?.key ?? null;
  if (!g) continue;
  if (g.key === null) {
    nulls++;
    if (got === null || u.analysis.safety.flag) honest++;
    continue;
  }
  keyed++;
  if (got === g.key) exact++;
  else if (got && g.acceptable.includes(got)) fits++;
  else if (got && !u.analysis.safety.flag) wrong++;
}
console.log(
  `development set (${dev.length}, read while tuning): context ${pct(devContext / dev.length)}; behaviour on ${keyed} labelled: ` +
    `${pct(exact / keyed)} exact, ${pct(fits / keyed)} acceptable, ${pct(wrong / keyed)} wrong, the rest general replies; ` +
    `${honest} of ${nulls} with no fitting behaviour get general replies or safety`,
);

if (failures.length) {
  console.error(`eval: below target: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('eval: all targets met');
