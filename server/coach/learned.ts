// A small learned context model: multinomial naive Bayes over crude stems and bigrams, trained
// once at first use (a few ms) from the reply library's text (titles, descriptions, examples,
// cues, replies) and the example sentences in lexicon/context-examples.ts.
// It complements the lexicon with the vocabulary of everyday situations ("closing duties",
// "the server", "our first fight") and is blended into context.ts as bounded evidence: it tips
// weak or mixed cases but cannot overturn a role the writer named.
import type { Context } from '../../machines/domain/types.ts';
import { CONTEXT_EXAMPLES } from './lexicon/context-examples.ts';
import { library } from './library/index.ts';
import { renderReply } from './library/render.ts';

export const CONTEXT_LIST: readonly Context[] = ['work', 'friendship', 'relationship'];

export interface TrainingDoc {
  text: string;
  context: Context;
  weight?: number;
}

/** Function words that carry no context signal on their own (they still form bigrams). */
const STOP = new Set(
  (
    'a an the and or but so to of in on at for with by from as is are was were be been being am do does did have has had ' +
    'i me my mine myself you your he him his she her they them their it its this that these those there here what which who ' +
    "whom when where why how just very really too also not no n't than then if about into over after before again up down out " +
    'off all any some more most other such only own same can will would should could may might must shall get got go going ' +
    'because while even still ever always never every keep keeps kept like one thing things time way'
  ).split(/\s+/),
);
/** Function words that do carry context when paired: "my boss", "our kids", "we met". */
const PAIR_KEEP = new Set(['my', 'our', 'we', 'his', 'her', 'their', 'the']);

function stem(w: string): string {
  if (w.length <= 3) return w;
  if (w.endsWith("'s")) w = w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('ing') && w.length > 5) return w.slice(0, -3).replace(/(.)\1$/, '$1');
  if (w.endsWith('ed') && w.length > 4)
    return w
      .slice(0, -2)
      .replace(/(.)\1$/, '$1')
      .replace(/i$/, 'y');
  if (w.endsWith('es') && /(?:ch|sh|ss|x)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}

/** Unigram stems (content words) and bigrams (content words plus possessives and "we"). */
export function features(text: string): string[] {
  const words =
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/-/g, ' ')
      .match(/[a-z0-9&']+/g) ?? [];
  const out: string[] = [];
  let prev: string | null = null;
  for (const raw of words) {
    const w = raw.replace(/^'+|'+$/g, '');
    if (!w) continue;
    const s = stem(w);
    const stop = STOP.has(w);
    if (!stop && !/^\d+$/.test(w)) out.push(s);
    const keep = !stop || PAIR_KEEP.has(w);
    if (prev && keep) out.push(`${prev}_${s}`);
    prev = keep ? s : null;
  }
  return out;
}

export class NaiveBayes {
  private readonly logPrior: Record<Context, number>;
  private readonly logLik = new Map<string, Record<Context, number>>();

  constructor(docs: readonly TrainingDoc[], alpha = 0.4) {
    const counts = new Map<string, Record<Context, number>>();
    const totals: Record<Context, number> = { work: 0, friendship: 0, relationship: 0 };
    for (const d of docs) {
      const w = d.weight ?? 1;
      // Each feature counts once per document, so a long description does not drown an alias.
      for (const f of new Set(features(d.text))) {
        const c = counts.get(f) ?? { work: 0, friendship: 0, relationship: 0 };
        c[d.context] += w;
        totals[d.context] += w;
        counts.set(f, c);
      }
    }
    const vocab = counts.size;
    // Uniform prior: the library is roughly balanced and real input should not lean on it.
    this.logPrior = { work: Math.log(1 / 3), friendship: Math.log(1 / 3), relationship: Math.log(1 / 3) };
    for (const [f, c] of counts) {
      const ll = {} as Record<Context, number>;
      for (const k of CONTEXT_LIST) ll[k] = Math.log((c[k] + alpha) / (totals[k] + alpha * vocab));
      this.logLik.set(f, ll);
    }
  }

  /**
   * Posterior over contexts. `temperature` flattens naive Bayes' habitual over-confidence; the
   * second value is how many known features contributed (0 = the model has nothing to say).
   */
  predict(text: string, temperature = 2): { probs: Record<Context, number>; known: number } {
    const lp = { ...this.logPrior };
    let known = 0;
    for (const f of new Set(features(text))) {
      const ll = this.logLik.get(f);
      if (!ll) continue;
      known++;
      for (const k of CONTEXT_LIST) lp[k] += ll[k] / temperature;
    }
    const max = Math.max(lp.work, lp.friendship, lp.relationship);
    const e = {
      work: Math.exp(lp.work - max),
      friendship: Math.exp(lp.friendship - max),
      relationship: Math.exp(lp.relationship - max),
    };
    const z = e.work + e.friendship + e.relationship;
    return { probs: { work: e.work / z, friendship: e.friendship / z, relationship: e.relationship / z }, known };
  }
}

/** The reply library's text as training documents: what people write about each behaviour, and its context. */
export function libraryDocs(): TrainingDoc[] {
  const docs: TrainingDoc[] = [];
  for (const b of library().behaviours) {
    const add = (text: string, weight: number) => docs.push({ text, context: b.context, weight });
    add(b.title, 1);
    add(b.description, 1);
    for (const e of b.examples) add(e, 1);
    for (const c of b.cues) add(c, 0.7);
    for (const r of b.replies) add(renderReply(r, {}), 0.3);
  }
  return docs;
}

export function defaultTrainingDocs(): TrainingDoc[] {
  return [...libraryDocs(), ...CONTEXT_EXAMPLES.map(([context, text]) => ({ text, context }))];
}

let model: NaiveBayes | null = null;

/** The shipped model, trained on first use. */
export function contextModel(): NaiveBayes {
  model ??= new NaiveBayes(defaultTrainingDocs());
  return model;
}
