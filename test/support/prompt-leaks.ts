// How a test tells that text carries Calmly's prompt, and what of a prompt the model reads as ours.
import { SYSTEM_PROMPT } from '../../server/ai/prompts.ts';

export const words = (text: string) => text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
/** Every run of `n` words of `text`. */
const runs = (text: string, n = 6) => {
  const w = words(text);
  return Array.from({ length: Math.max(0, w.length - n + 1) }, (_, i) => w.slice(i, i + n).join(' '));
};
const PROMPT_RUNS = new Set(runs(SYSTEM_PROMPT));

/** True when `text` repeats six words in a row of the system prompt. */
export const leaksPrompt = (text: string) => runs(text).some((r) => PROMPT_RUNS.has(r));

/** A prompt with every fenced block removed: what the model reads as ours. */
export const outsideFences = (user: string) => user.replace(/<<<(USER_[A-Z]+)\n[\s\S]*?\n\1>>>/g, '');
