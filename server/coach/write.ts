// The three replies for a frame: the entry's authored replies in the order the user's tone
// preferences and habits ask for, in the register their assertiveness asks for, with the
// specifics the situation gave slotted in where the wording has room for them.
import type { Context, LearnedPatterns, Preferences, Suggestion } from '../../machines/domain/types.ts';
import type { Frame } from './frame/index.ts';
import { renderReply, type Register } from './library/render.ts';
import { planTones } from './tones.ts';

export interface Written {
  responses: Suggestion[];
  notes: string[];
}

/** Assertiveness at or above this uses each reply's firmer request; at or below SOFT, the softer one. */
const FIRM = 8;
const SOFT = 3;

export function registerFor(assertiveness: number): Register {
  return assertiveness >= FIRM ? 'firmer' : assertiveness <= SOFT ? 'softer' : 'default';
}

export function writeReplies(
  frame: Frame,
  context: Context,
  preferences?: Omit<Preferences, 'userId'>,
  patterns?: LearnedPatterns,
): Written {
  const { entry } = frame;
  const plan = planTones(
    context,
    preferences,
    patterns,
    entry.replies.map((r) => r.strategy),
  );
  const register = registerFor(plan.assertiveness);
  const responses = plan.tones.map((tone, i): Suggestion => {
    const reply = entry.replies.find((r) => r.strategy === tone.strategy) ?? entry.replies[i];
    // Three tones, and the library's schema requires at least three replies per entry.
    if (!reply) throw new Error(`${entry.key} has no reply for tone ${i + 1}`);
    const explanation = tone.because ? `${reply.explanation} ${tone.because}` : reply.explanation;
    return { id: `resp_${i + 1}`, tone: tone.label, text: renderReply(reply, frame.slots, register), explanation };
  });
  return { responses, notes: plan.notes };
}
