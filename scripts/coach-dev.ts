// Development aid for the built-in coach (not part of the product or of `npm test`):
//   npx tsx scripts/coach-dev.ts frames [idRegex]   what the coach understood and wrote for the dev set (DEV_SET=file for another)
//   npx tsx scripts/coach-dev.ts gold               behaviour choice against the dev set's labelled keys
//   npx tsx scripts/coach-dev.ts cv [domain]        5-fold cross-validation over the library's examples (misses listed for a domain)
//   npx tsx scripts/coach-dev.ts which "<text>"      what the coach makes of one text
// The dev set (test/eval/coaching-dev*.json) is for tuning; never tune on the held-out sets.
import { readFileSync } from 'node:fs';
import { generate, understand } from '../server/coach/index.ts';
import { buildIndex, match, rank } from '../server/coach/frame/classify.ts';
import { expandShorthand } from '../server/coach/frame/normalise.ts';
import { readLibrary } from '../server/coach/library/load.ts';
import type { Role } from '../server/coach/library/schema.ts';
import { parse } from '../server/coach/nlp.ts';

interface DevItem {
  id: string;
  situation: string;
  domain: string;
  behaviour: string;
  goal: string;
  fault: string;
  counterpart?: { role: string | null; name: string | null };
  safety: { flag: boolean; category: string | null };
}
const load = <T>(p: string) => JSON.parse(readFileSync(p, 'utf8')) as T;
const [command = 'gold', filter] = process.argv.slice(2);

if (command === 'frames') {
  for (const s of load<DevItem[]>(process.env.DEV_SET ?? 'test/eval/coaching-dev.json')) {
    if (filter && !new RegExp(filter).test(s.id)) continue;
    const { frame: f } = understand(s.situation);
    const out = generate({ situation: s.situation });
    const a = out.analysis;
    console.log(
      `\n## ${s.id} [${s.domain}/${s.counterpart?.role ?? '-'}] "${s.behaviour}" goal=${s.goal} fault=${s.fault} safety=${s.safety.flag ? s.safety.category : '-'}`,
    );
    console.log(`   ${s.situation.slice(0, 240).replace(/\n/g, ' / ')}`);
    console.log(
      `=> ${a.context}(${a.confidence}) ${a.counterpart?.role ?? '-'}${a.counterpart?.name ? ` ${a.counterpart.name}` : ''}${f.counterpart.inferred ? '(inferred)' : ''} ${f.entry.key} (${f.behaviourConfidence}) goal=${a.goal} fault=${a.fault} safety=${a.safety.flag ? a.safety.category : '-'} unclear=${f.unclear ?? '-'}`,
    );
    console.log(
      `   candidates: ${f.candidates
        .slice(0, 3)
        .map((c) => `${c.behaviour.key} ${c.score.toFixed(2)}/${c.similarity.toFixed(2)}`)
        .join(', ')}`,
    );
    for (const r of out.responses) console.log(`   [${r.tone}] ${r.text}`);
  }
} else if (command === 'gold') {
  const gold = new Map(
    load<Array<{ id: string; key: string | null; acceptable: string[] }>>('test/eval/coaching-dev-gold.json').map(
      (g) => [g.id, g],
    ),
  );
  const tally = { exact: 0, acceptable: 0, wrong: 0, general: 0, nullsHonest: 0, nullsGuessed: 0 };
  for (const s of load<DevItem[]>('test/eval/coaching-dev.json')) {
    const g = gold.get(s.id);
    if (!g) continue;
    const { frame: f } = understand(s.situation);
    const got = f.behaviour?.key ?? null;
    const top = f.candidates
      .slice(0, 3)
      .map((c) => `${c.behaviour.key} ${c.similarity.toFixed(2)}`)
      .join(', ');
    if (g.key === null) {
      if (got === null) tally.nullsHonest++;
      else tally.nullsGuessed++, console.log(`no fit  ${s.id} got ${got} (${top})`);
    } else if (got === g.key) tally.exact++;
    else if (got && g.acceptable.includes(got)) tally.acceptable++;
    else if (got) tally.wrong++, console.log(`wrong   ${s.id} want ${g.key}, got ${got} (${top})`);
    else tally.general++, console.log(`general ${s.id} want ${g.key} (${top})`);
  }
  console.log(tally);
} else if (command === 'which') {
  // What the coach makes of one text: npx tsx scripts/coach-dev.ts which "my boss texts me all weekend"
  const text = process.argv.slice(3).join(' ');
  const { frame: f } = understand(text);
  console.log(
    `=> ${f.entry.key} (confidence ${f.behaviourConfidence}) role=${f.counterpart.role ?? '-'} fault=${f.fault} goal=${f.goal}${f.unclear ? ` unclear=${f.unclear}` : ''}`,
  );
  console.log(
    `   candidates: ${f.candidates
      .slice(0, 5)
      .map((c) => `${c.behaviour.key} ${c.similarity.toFixed(2)}`)
      .join(', ')}`,
  );
} else if (command === 'cv') {
  // 5-fold cross-validation; with a domain ("cv work"), also lists that domain's examples that are
  // recognised as another behaviour when held out: the ones to make clearer or drop.
  const lib = readLibrary(undefined, { lint: false });
  let n = 0,
    top1 = 0,
    top3 = 0;
  for (let fold = 0; fold < 5; fold++) {
    const held: Array<{ text: string; key: string; role: Role | null }> = [];
    const train = lib.map((b) => ({
      ...b,
      examples: b.examples.filter((e, i) =>
        (i + b.key.length) % 5 === fold ? (held.push({ text: e, key: b.key, role: b.roles[0] ?? null }), false) : true,
      ),
    }));
    const index = buildIndex(train);
    for (const h of held) {
      const r = rank(
        index,
        match(index, parse(expandShorthand(h.text)).tokens, h.text),
        { role: h.role, otherRoles: [], fault: null, goal: null },
        3,
      );
      n++;
      if (filter && h.key.startsWith(`${filter}.`) && r[0]?.behaviour.key !== h.key)
        console.log(`miss ${h.key} → ${r[0]?.behaviour.key ?? '-'}: ${h.text}`);
      if (r[0]?.behaviour.key === h.key) top1++;
      if (r.some((x) => x.behaviour.key === h.key)) top3++;
    }
  }
  console.log(
    `cross-validation over ${n} examples, role known: top-1 ${((100 * top1) / n).toFixed(1)}%, top-3 ${((100 * top3) / n).toFixed(1)}%`,
  );
} else {
  console.error('usage: coach-dev.ts frames [idRegex] | gold | cv [domain] | which "<text>"');
  process.exit(2);
}
