// generate(): the frame (reused or computed) → the library entry's three replies in the user's
// preferred order and register, or safety-first words when the situation is dangerous, plus
// notes that say what shaped them.
import type {
  Analysis,
  Context,
  LearnedPatterns,
  Preferences,
  ScenarioMatch,
  Suggestion,
} from '../../machines/domain/types.ts';
import { understand } from './analyze.ts';
import { composeSafe } from './safe-compose.ts';
import { writeReplies } from './write.ts';

export interface GenerateInput {
  situation: string;
  context?: Context;
  analysis?: Analysis;
  preferences?: Omit<Preferences, 'userId'>;
  patterns?: LearnedPatterns;
  scenarios?: ScenarioMatch[];
  /** The writer said the situation is not about their safety: coach it normally even if the screen flagged it. */
  notSafety?: boolean;
}

export interface GenerateOutput {
  analysis: Analysis;
  responses: Suggestion[];
  notes: string[];
}

export function generate(input: GenerateInput): GenerateOutput {
  const u = understand(input.situation, input.scenarios, input.analysis?.safety);
  // A model's analysis lacks what only the frame knows; fill it in.
  const analysis: Analysis = { ...u.analysis, ...(input.analysis ?? {}) };
  const notes: string[] = [];
  if (input.context && input.context !== analysis.context) {
    notes.push(`Using the ${input.context} context you chose (detected: ${analysis.context}).`);
  }
  if (input.context) {
    analysis.context = input.context;
    analysis.confidence = 1;
  }

  if (analysis.safety.flag) {
    if (!input.notSafety) {
      notes.push(
        `Safety concern detected (${analysis.safety.category}): these suggestions focus on your safety and where to get help. If this isn't about your safety, say so and you'll get ordinary replies.`,
      );
      return { analysis, responses: composeSafe(analysis.safety, u.frame), notes };
    }
    notes.push(
      'You said this is not about your safety, so these are ordinary replies. If that changes, help is listed in the analysis.',
    );
  }

  if (u.frame.clarifyingQuestion)
    notes.push(
      `These replies stay general because the situation does not say enough yet. ${u.frame.clarifyingQuestion}`,
    );
  const written = writeReplies(u.frame, analysis.context, input.preferences, input.patterns);
  notes.push(...written.notes);
  return { analysis, responses: written.responses, notes };
}
