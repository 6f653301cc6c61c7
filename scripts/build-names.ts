// `npx tsx scripts/build-names.ts`: writes server/coach/frame/data/first-names.json, the first names
// the built-in coach accepts as a person's name without other evidence. Source: the first-name
// lists of @faker-js/faker's English, Spanish, French, German, Italian, Portuguese, Dutch, Polish,
// Swedish and Indian/Nigerian/South African English locales (a dev dependency; the JSON is committed
// so nothing is fetched at run time). Names that are also everyday words ("Will", "May", "Hope")
// are kept but marked ambiguous: they count as names only with a role or "named" next to them.
import { writeFileSync } from 'node:fs';
import { allLocales } from '@faker-js/faker';

const LOCALES = ['en', 'en_AU', 'en_IN', 'en_NG', 'en_ZA', 'es', 'es_MX', 'fr', 'de', 'it', 'pt_BR', 'nl', 'pl', 'sv'];
/** Everyday words that are also first names. */
const AMBIGUOUS =
  `will may june april august hope faith grace joy mark bill rose dawn summer autumn winter sunny pat art jack
chase hunter guy frank rich penny ruby sky river storm rain holly ivy lily daisy iris jade amber crystal
pearl star angel king prince major miles ray dean gene van sandy rusty dusty brandy candy ginger honey
precious destiny harmony melody serenity trinity unique justice liberty charity mercy patience prudence
constance felicity hazel olive violet rocky buddy sonny junior chip chuck rob sue rod drew gay christian reed
wade cliff glen dale heath forest ford porter walker fisher baker fox wolf lane lee long young page paige
brook brooks clay stone ash don bud mo ma pa al ed jo bo vi ty cy sol luz paz mar mi`
    .split(/\s+/)
    .filter(Boolean);
/** Not names at all in a situation a user writes (faker lists some of them as names). */
const NOT_NAMES = new Set([
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'october',
  'november',
  'december',
  'mom',
  'dad',
  'mum',
  'boss',
  'love',
  'baby',
  'babe',
  'honey',
  'sir',
  'madam',
  'miss',
  'god',
  'lord',
  'christmas',
  'easter',
]);

const names = new Set<string>();
for (const id of LOCALES) {
  const first = (allLocales as Record<string, { person?: { first_name?: unknown } }>)[id]?.person?.first_name;
  if (!first) throw new Error(`faker locale ${id} has no first names`);
  const lists = Array.isArray(first) ? first : Object.values(first as Record<string, string[]>).flat();
  for (const n of lists as string[]) {
    if (/^[A-Z][a-zà-ÿ'-]+$/u.test(n) && !NOT_NAMES.has(n.toLowerCase())) names.add(n);
  }
}
const ambiguous = new Set(AMBIGUOUS);
const out = {
  source: '@faker-js/faker first-name lists (scripts/build-names.ts)',
  names: [...names].filter((n) => !ambiguous.has(n.toLowerCase()) && n.length > 2).sort(),
  ambiguous: [
    ...new Set([...names].filter((n) => ambiguous.has(n.toLowerCase()) || n.length <= 2).map((n) => n)),
  ].sort(),
};
writeFileSync(new URL('../server/coach/frame/data/first-names.json', import.meta.url), `${JSON.stringify(out)}\n`);
console.log(`first-names.json: ${out.names.length} names, ${out.ambiguous.length} ambiguous`);
