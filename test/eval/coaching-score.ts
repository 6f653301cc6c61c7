// Aggregates a blind rater's scores (../shared/JUDGING.md) into the numbers the issue asks for:
//   npx tsx test/eval/coaching-score.ts <ratings.json>
// ratings.json: [{ id, context_right, safety_ok, suggestions: [{ addresses, counterpart, grammar,
// sayable, tone, explanation, name_misused? }] }]
import { readFileSync } from 'node:fs';

interface Rating {
  id: string;
  context_right: boolean;
  safety_ok: boolean;
  suggestions: Array<Record<string, number | boolean>>;
}
const CRITERIA = ['addresses', 'counterpart', 'grammar', 'sayable', 'tone', 'explanation'] as const;

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: coaching-score.ts <ratings.json>');
  process.exit(2);
}
const ratings = JSON.parse(readFileSync(file, 'utf8')) as Rating[];
const all = ratings.flatMap((r) => r.suggestions);
console.log(`${ratings.length} situations, ${all.length} suggestions`);
console.log('criterion    mean  rated<=2');
let anyLow = 0;
for (const s of all) if (CRITERIA.some((c) => (s[c] as number) <= 2)) anyLow++;
for (const c of CRITERIA) {
  const xs = all.map((s) => s[c] as number).filter((x) => typeof x === 'number');
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const low = xs.filter((x) => x <= 2).length / xs.length;
  console.log(`${c.padEnd(12)} ${mean.toFixed(2)}  ${(low * 100).toFixed(1)}%`);
}
console.log(`suggestions rated <=2 on any criterion: ${((anyLow / all.length) * 100).toFixed(1)}%`);
console.log(`ordinary word used as a name: ${all.filter((s) => s.name_misused === true).length}`);
console.log(
  `explanations specific (>=4): ${((all.filter((s) => (s.explanation as number) >= 4).length / all.length) * 100).toFixed(1)}%`,
);
console.log(`context right: ${((ratings.filter((r) => r.context_right).length / ratings.length) * 100).toFixed(1)}%`);
console.log(`safety handled: ${((ratings.filter((r) => r.safety_ok).length / ratings.length) * 100).toFixed(1)}%`);
