// Runs a set of situations through Calmly for a blind rating (../shared/JUDGING.md):
//   npx tsx test/eval/coaching-run.ts <situations.json> <outputs.json> [baseUrl]
// With a base URL it goes through the REST API (POST /api/generate) as a user would; without one
// it calls the built-in coach directly (the same code REST runs when no model is configured).
// The output holds only what a person would see: the analysis and the three replies.
import { readFileSync, writeFileSync } from 'node:fs';
import { generate } from '../../server/coach/index.ts';

interface Situation {
  id: string;
  situation: string;
}
interface Output {
  id: string;
  situation: string;
  analysis: Record<string, unknown>;
  responses: Array<{ tone: string; text: string; explanation: string }>;
  notes: string[];
}

const [input, output, baseUrl] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: coaching-run.ts <situations.json> <outputs.json> [baseUrl]');
  process.exit(2);
}
const items = JSON.parse(readFileSync(input, 'utf8')) as Situation[];
const out: Output[] = [];
for (const s of items) {
  if (baseUrl) {
    let res: Response;
    let body: {
      responses: Output['responses'];
      analysis: Output['analysis'];
      metadata: { notes: string[] };
      error?: { retryAfterMs?: number };
    };
    // The per-address budget (60 model calls a minute by default): wait as the server says, then go on.
    for (;;) {
      res = await fetch(`${baseUrl}/api/generate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ situation: s.situation }),
      });
      body = (await res.json()) as typeof body;
      if (res.status !== 429) break;
      await new Promise((r) => setTimeout(r, (body.error?.retryAfterMs ?? 1000) + 100));
    }
    if (!res.ok) throw new Error(`${s.id}: ${res.status} ${JSON.stringify(body)}`);
    out.push({
      id: s.id,
      situation: s.situation,
      analysis: body.analysis,
      responses: body.responses.map(({ tone, text, explanation }) => ({ tone, text, explanation })),
      notes: body.metadata.notes,
    });
  } else {
    const r = generate({ situation: s.situation });
    out.push({
      id: s.id,
      situation: s.situation,
      analysis: r.analysis as unknown as Output['analysis'],
      responses: r.responses.map(({ tone, text, explanation }) => ({ tone, text, explanation })),
      notes: r.notes,
    });
  }
}
writeFileSync(output, `${JSON.stringify(out, null, 2)}\n`);
console.log(`${out.length} situations → ${output}`);
