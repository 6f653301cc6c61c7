// Runs a set of refinement requests through the built-in coach for a blind rating (../shared/JUDGING.md):
//   npx tsx test/eval/refine-run.ts <items.json> <outputs.json>
// items.json: [{ id, situation, adjustment }]. Each situation gets its three suggestions; the one
// refined is chosen by the item's number (r001 → the second), so every tone is refined somewhere.
// The output holds only what a person would see: the reply before, the reply after, and what
// Calmly said it changed or could not do (or the error it answered with).
import { readFileSync, writeFileSync } from 'node:fs';
import { generate, refine } from '../../server/coach/index.ts';
import { AppError } from '../../server/errors.ts';

interface Item {
  id: string;
  situation: string;
  adjustment: string;
}
const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: refine-run.ts <items.json> <outputs.json>');
  process.exit(2);
}
const items = JSON.parse(readFileSync(input, 'utf8')) as Item[];
const out = items.map((item) => {
  const { responses } = generate({ situation: item.situation });
  const n = Number(item.id.replace(/\D/g, '')) || 0;
  const s = responses[n % responses.length];
  if (!s) throw new Error(`${item.id}: the coach gave no suggestions`);
  try {
    const r = refine({
      responseId: s.id,
      originalText: s.text,
      adjustment: item.adjustment,
      tone: s.tone,
      situation: item.situation,
    });
    return {
      id: item.id,
      situation: item.situation,
      adjustment: item.adjustment,
      before: { tone: s.tone, text: s.text },
      after: { tone: r.tone, text: r.text, changes: r.changes, notes: r.notes ?? [] },
    };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return {
      id: item.id,
      situation: item.situation,
      adjustment: item.adjustment,
      before: { tone: s.tone, text: s.text },
      error: { code: err.code, message: err.message },
    };
  }
});
writeFileSync(output, `${JSON.stringify(out, null, 2)}\n`);
console.log(`${out.length} refinements → ${output}; unsupported_adjustment: ${out.filter((o) => 'error' in o).length}`);
