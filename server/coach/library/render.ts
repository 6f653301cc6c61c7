// Turns an authored reply into text: each segment's first alternative whose slots are all known,
// in the register asked for (firmer/softer where the segment has one), joined as sentences.
import type { Reply, Segment, Slot } from './schema.ts';
import { slotsIn } from './schema.ts';

export type SlotValues = Partial<Record<Slot, string>>;
export type Register = 'default' | 'firmer' | 'softer';

export function pickAlternative(alternatives: readonly string[], slots: SlotValues): string {
  for (const alt of alternatives) {
    if (slotsIn(alt).every((s) => slots[s as Slot]))
      return alt.replace(/\{([a-z]+)\}/g, (_, s: string) => slots[s as Slot] as string);
  }
  // Unreachable for validated data: the last alternative has no slots.
  const last = alternatives.at(-1);
  if (last === undefined) throw new Error('a segment with no alternatives');
  return last;
}

export function segmentText(segment: Segment, slots: SlotValues, register: Register = 'default'): string {
  const alts =
    register === 'firmer'
      ? (segment.firmer ?? segment.text)
      : register === 'softer'
        ? (segment.softer ?? segment.text)
        : segment.text;
  return pickAlternative(alts, slots);
}

export function renderReply(reply: Reply, slots: SlotValues, register: Register = 'default'): string {
  return reply.segments.map((s) => segmentText(s, slots, register)).join(' ');
}
