// Scenario search is a bag of words: "my friend owes me money" and "I owe my friend money" share
// nearly all of them. The coach knows who is at fault in a text and in each behaviour, so search
// results are turned to face the right way: scenarios where the writer is at fault count less for
// a text that blames someone else, and the other way round.
import type { ScenarioMatch } from '../../machines/domain/types.ts';
import { readFault } from './frame/intent.ts';
import { expandShorthand } from './frame/normalise.ts';
import { library } from './library/index.ts';

/** How much a scenario facing the other way keeps of its relevance. */
const AGAINST = 0.8;
/** A writer who did something wrong is not in a scenario where nobody did ("asking a friend for a loan" is not "I haven't paid her back"). */
const NOBODY_FOR_SELF = 0.9;

function faultOfScenario(id: string): string | undefined {
  const m = /^scn_([a-z]+)_(.+)$/.exec(id);
  return m ? library().byKey.get(`${m[1]}.${m[2]}`)?.fault : undefined;
}

export function orientScenarios<T extends Pick<ScenarioMatch, 'id' | 'relevanceScore'>>(
  query: string,
  items: readonly T[],
): T[] {
  const writerAtFault = readFault(expandShorthand(query)) === 'self';
  return items
    .map((s) => {
      const fault = faultOfScenario(s.id);
      const factor = writerAtFault
        ? fault === 'other'
          ? AGAINST
          : fault === 'none'
            ? NOBODY_FOR_SELF
            : 1
        : fault === 'self'
          ? AGAINST
          : 1;
      return factor < 1 ? { ...s, relevanceScore: Math.round(s.relevanceScore * factor * 10_000) / 10_000 } : s;
    })
    .sort((a, b) => b.relevanceScore - a.relevanceScore || (a.id < b.id ? -1 : 1));
}
