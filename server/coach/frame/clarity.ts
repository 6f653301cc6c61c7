// Is there enough here to write replies for? Texts with no words, in another language, pasted
// conversations and a word or two are recognised before anything is guessed from them.
import { franc } from 'franc-min';

export type Unclear = 'no_words' | 'other_language' | 'pasted_thread' | 'too_short';

const EN = new Set(
  'the a an and or but i you he she they we my your his her their it is are was were be been have has had do does did not no to of in on at for with that this what how why when me him them us'.split(
    ' ',
  ),
);
const OTHER = new Set(
  (
    'el la los las un una y o pero yo tu tú él ella ellos mi mis su sus es son está estoy fue ser tengo tiene que qué como cómo por para con sin ' +
    'le les je tu il elle nous vous ils elles mon ma mes ton ta son sa ses est suis sont était avec pour pas ne qui quoi comment pourquoi ' +
    'der die das und ich du er sie wir mein meine ist sind nicht mit für ein eine o os as um uma eu ele ela meu minha não com para ' +
    'il lo gli io lui lei mio mia non che di da per con una'
  ).split(' '),
);
const LANGUAGE_NAMES: Record<string, string> = {
  spa: 'Spanish',
  fra: 'French',
  deu: 'German',
  por: 'Portuguese',
  ita: 'Italian',
  nld: 'Dutch',
};

export interface Clarity {
  unclear: Unclear | null;
  /** The language's English name when unclear is other_language and it could be told. */
  language?: string;
}

export function readClarity(text: string, contentWords: number): Clarity {
  if (!/\p{L}/u.test(text)) return { unclear: 'no_words' };
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const en = words.filter((w) => EN.has(w)).length;
  const other = words.filter((w) => OTHER.has(w) && !EN.has(w)).length;
  if (words.length >= 3 && other >= 2 && other > en) {
    const code = franc(text, { minLength: 3, only: Object.keys(LANGUAGE_NAMES) });
    return { unclear: 'other_language', language: LANGUAGE_NAMES[code] };
  }
  if (isPastedThread(text)) return { unclear: 'pasted_thread' };
  if (contentWords < 2 || words.length < 3) return { unclear: 'too_short' };
  return { unclear: null };
}

/** Several "Name: message" lines, email headers, or "On … wrote:" quoting. */
function isPastedThread(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (lines.length < 3) return false;
  const speakerLines = lines.filter((l) => /^\s*(?:\[[^\]]{1,25}\]\s*)?[\p{L}][\p{L} .'-]{0,24}:\s+\S/u.test(l)).length;
  const headers = lines.filter((l) => /^\s*(?:from|to|sent|subject|date|cc|re):/i.test(l)).length;
  const quoted = /\bon .{3,60} wrote:/i.test(text) || lines.filter((l) => /^\s*>/.test(l)).length >= 2;
  return speakerLines >= 3 || headers >= 2 || quoted;
}
