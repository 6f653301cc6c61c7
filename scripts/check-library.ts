// `npx tsx scripts/check-library.ts [file.json ...]`: validates reply-library files and prints every
// reply as a person would read it, with all specifics known and with none, plus firmer/softer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkLibrary,
  LIBRARY_DIR,
  parseLibraryFile,
  readLibrary,
  SAMPLE_SLOTS,
  type Behaviour,
} from '../server/coach/library/load.ts';
import { renderReply } from '../server/coach/library/render.ts';

const args = process.argv.slice(2);
const quiet = args.includes('--quiet');
const files = args.filter((a) => !a.startsWith('--'));
let behaviours: Behaviour[];
try {
  behaviours = files.length
    ? files.flatMap((f) => parseLibraryFile(path.relative(process.cwd(), f), readFileSync(f, 'utf8')))
    : readLibrary(LIBRARY_DIR);
  checkLibrary(behaviours);
} catch (err) {
  console.error(`INVALID ${(err as Error).message}`);
  process.exit(1);
}

if (!quiet) {
  for (const b of behaviours) {
    console.log(`\n=== ${b.key} (${b.roles.join('/')}, fault ${b.fault}, goal ${b.goal}) ${b.title}`);
    for (const r of b.replies) {
      console.log(`  [${r.strategy}]`);
      console.log(`    all specifics: ${renderReply(r, SAMPLE_SLOTS)}`);
      const bare = renderReply(r, {});
      if (bare !== renderReply(r, SAMPLE_SLOTS)) console.log(`    no specifics:  ${bare}`);
      const firmer = renderReply(r, {}, 'firmer');
      const softer = renderReply(r, {}, 'softer');
      if (firmer !== bare) console.log(`    firmer:        ${firmer}`);
      if (softer !== bare) console.log(`    softer:        ${softer}`);
      console.log(`    why: ${r.explanation}`);
    }
  }
}
const replies = behaviours.reduce((n, b) => n + b.replies.length, 0);
console.log(
  `\nOK ${behaviours.length} behaviours, ${replies} replies, ${behaviours.filter((b) => !b.general).length} specific`,
);
