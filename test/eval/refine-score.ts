// Sums a blind rater's scores for refinements (../shared/JUDGING.md) into issue 16's numbers:
//   npx tsx test/eval/refine-score.ts <ratings.json>
// ratings.json: [{ id, did: 1–5, meaning_kept: bool, sayable: 1–5, changes_accurate: bool, unsupported: bool }]
import { readFileSync } from 'node:fs';

interface Rating {
  id: string;
  did: number;
  meaning_kept: boolean;
  sayable: number;
  changes_accurate: boolean;
  unsupported: boolean;
}
const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: refine-score.ts <ratings.json>');
  process.exit(2);
}
const ratings = JSON.parse(readFileSync(file, 'utf8')) as Rating[];
const n = ratings.length;
const pct = (k: number) => `${((100 * k) / n).toFixed(1)}%`;
const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2);
console.log(`${n} refinements`);
console.log(
  `did what was asked: mean ${mean(ratings.map((r) => r.did))}, rated >= 4: ${pct(ratings.filter((r) => r.did >= 4).length)} (target 80%)`,
);
console.log(`meaning, counterpart and request kept: ${pct(ratings.filter((r) => r.meaning_kept).length)}`);
console.log(`still sayable: mean ${mean(ratings.map((r) => r.sayable))}`);
console.log(`changes say exactly what changed: ${pct(ratings.filter((r) => r.changes_accurate).length)}`);
console.log(`unsupported_adjustment: ${pct(ratings.filter((r) => r.unsupported).length)} (target < 5%)`);
