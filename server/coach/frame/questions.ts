// The question to ask when a situation does not say enough, and answers the writer can tap.
// Quick answers are written as the writer's own words, so sending one back with the situation
// reads naturally ("… It's my manager.").
import type { Role } from '../library/schema.ts';
import type { Unclear } from './clarity.ts';

export interface Question {
  question: string;
  quickAnswers: string[];
}

const WHO = [
  "It's my partner.",
  "It's a friend.",
  "It's someone at work.",
  "It's family.",
  "It's a roommate or neighbour.",
];
const WANT = ['I want it to stop.', 'I want to say no.', 'I want to fix things.', 'I want an apology.'];

export function clarifyingQuestion(
  kind: Unclear | 'vague' | 'no_counterpart',
  role: Role | null,
  language?: string,
): Question {
  switch (kind) {
    case 'no_words':
      return { question: 'What happened, and who is it with? A sentence or two is enough.', quickAnswers: WHO };
    case 'other_language':
      return {
        question: `I can only write replies in English for now${language ? ` (this looks like ${language})` : ''}. Could you describe what happened in English?`,
        quickAnswers: [],
      };
    case 'pasted_thread':
      return {
        question: 'Which message do you want to answer, and what would you like to happen?',
        quickAnswers: WANT,
      };
    case 'too_short':
    case 'no_counterpart':
      return { question: 'Who is this about, and what would you like to happen?', quickAnswers: role ? WANT : WHO };
    case 'vague':
      return { question: 'What did they do, and what would you like to happen?', quickAnswers: WANT };
  }
}
