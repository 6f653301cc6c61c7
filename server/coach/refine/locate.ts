// Finds where a reply's sentences came from in the reply library: which behaviour, which reply,
// which segment, in which register, with which specifics filled in. A refinement then works on
// those segments (the firmer version of the request, another reply's opening for this behaviour)
// instead of substituting words. Sentences the library did not write (a fact the person added, a
// reply from a hosted model) are kept as they are, in place.
import { library } from '../library/index.ts';
import type { Behaviour } from '../library/load.ts';
import type { Register, SlotValues } from '../library/render.ts';
import type { Reply, Segment, SegmentRole, Slot } from '../library/schema.ts';

export interface Source {
  behaviour: Behaviour;
  reply: Reply;
  segment: Segment;
  register: Register;
}

export interface Piece {
  role: SegmentRole | 'extra';
  text: string;
  source?: Source;
  /** A fact the person added in their own words: never cut to make it shorter. */
  own?: boolean;
}

export interface Located {
  pieces: Piece[];
  /** The behaviour and reply most of the text came from, when any did. */
  behaviour: Behaviour | null;
  reply: Reply | null;
  /** Specifics read back from the slots the text filled ("Friday", "$2,400"). */
  slots: SlotValues;
}

interface Pattern {
  re: RegExp;
  slots: Slot[];
  source: Source;
}

const REGISTERS: readonly Register[] = ['default', 'firmer', 'softer'];
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The first word, the index key: a sentence's own first word, or the text's next word. */
const keyOf = (s: string) => /^[a-z']+/i.exec(s)?.[0].toLowerCase() ?? '';

let index: Map<string, Pattern[]> | undefined;

/** Every authored sentence as a pattern (slots as captures), keyed by its first word. */
function patterns(): Map<string, Pattern[]> {
  if (index) return index;
  index = new Map();
  for (const behaviour of library().behaviours) {
    for (const reply of behaviour.replies) {
      for (const segment of reply.segments) {
        for (const register of REGISTERS) {
          const alts = register === 'firmer' ? segment.firmer : register === 'softer' ? segment.softer : segment.text;
          for (const alt of alts ?? []) {
            const slots: Slot[] = [];
            const body = alt
              .split(/(\{[a-z]+\})/)
              .map((part) => {
                const m = /^\{([a-z]+)\}$/.exec(part);
                if (!m) return escapeRegExp(part);
                slots.push(m[1] as Slot);
                return '(.+?)';
              })
              .join('');
            const key = alt.startsWith('{') ? '*' : keyOf(alt);
            const list = index.get(key) ?? [];
            list.push({
              re: new RegExp(`${body}(?=\\s|$)`, 'y'),
              slots,
              source: { behaviour, reply, segment, register },
            });
            index.set(key, list);
          }
        }
      }
    }
  }
  return index;
}

/** Splits text into sentences (keeping a final fragment with no full stop). */
export function sentences(text: string): string[] {
  return (
    text
      .match(/[^.!?]+(?:[.!?]+["'”)]?|$)/g)
      ?.map((s) => s.trim())
      .filter(Boolean) ?? []
  );
}

export function locate(text: string): Located {
  const all = patterns();
  const pieces: Piece[] = [];
  const slots: SlotValues = {};
  const body = text.trim();
  let pos = 0;
  while (pos < body.length) {
    while (body[pos] === ' ' || body[pos] === '\n') pos++;
    if (pos >= body.length) break;
    const candidates = [...(all.get(keyOf(body.slice(pos, pos + 30))) ?? []), ...(all.get('*') ?? [])];
    const previous = pieces.findLast((p) => p.source)?.source;
    let best: { end: number; pattern: Pattern; groups: string[] } | null = null;
    for (const pattern of candidates) {
      pattern.re.lastIndex = pos;
      const m = pattern.re.exec(body);
      if (!m) continue;
      const end = pos + m[0].length;
      const sameReply = previous?.reply === pattern.source.reply;
      const better =
        !best || end > best.end || (end === best.end && sameReply && previous?.reply !== best.pattern.source.reply);
      if (better) best = { end, pattern, groups: m.slice(1) };
    }
    if (best) {
      best.pattern.slots.forEach((slot, i) => {
        slots[slot] ??= best.groups[i];
      });
      pieces.push({
        role: best.pattern.source.segment.role,
        text: body.slice(pos, best.end),
        source: best.pattern.source,
      });
      pos = best.end;
      continue;
    }
    const [sentence] = sentences(body.slice(pos));
    pieces.push({ role: 'extra', text: sentence ?? body.slice(pos) });
    pos += body.slice(pos).indexOf(sentence ?? '') + (sentence ?? body.slice(pos)).length;
  }
  // The reply most of the text came from.
  const counts = new Map<Reply, number>();
  for (const p of pieces) if (p.source) counts.set(p.source.reply, (counts.get(p.source.reply) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const behaviour = top ? (pieces.find((p) => p.source?.reply === top)?.source?.behaviour ?? null) : null;
  return { pieces, behaviour, reply: top, slots };
}
