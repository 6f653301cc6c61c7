// The analysis a model answers with. One zod schema does both jobs: it parses the answer leniently
// (a number sent as a string, labels normalised to snake_case and de-duplicated, at most 8 kept),
// and its input side, as JSON Schema, is the structured output asked of the endpoint.
import { z } from 'zod';
import { CONTEXTS, SAFETY_CATEGORIES } from '../../machines/domain/types.ts';

const snake = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);

export const modelAnalysis = z.object({
  context: z.enum(CONTEXTS),
  confidence: z.coerce.number().min(0).max(1),
  emotionalTone: z
    .string()
    .min(1)
    .max(80)
    .describe('snake_case, e.g. frustrated_but_professional')
    .transform(snake)
    .pipe(z.string().min(1)),
  keyElements: z
    .array(z.string().min(1).max(80))
    .max(12)
    .transform((xs) => [...new Set(xs.map(snake).filter(Boolean))].slice(0, 8)),
  safety: z.object({ flag: z.boolean(), category: z.enum(SAFETY_CATEGORIES).nullable() }),
});

// Strict structured output wants every object closed (the parser above just drops unknown keys) and
// has refused string lengths (minLength/maxLength), so those stay the parser's to check; `$schema`
// is left out, the endpoint needs no dialect marker.
const { $schema: _dialect, ...schema } = z.toJSONSchema(modelAnalysis, {
  io: 'input',
  target: 'draft-7',
  override: ({ jsonSchema }) => {
    if (jsonSchema.type === 'object') jsonSchema.additionalProperties = false;
    delete jsonSchema.minLength;
    delete jsonSchema.maxLength;
  },
});
export const ANALYSIS_JSON_SCHEMA: Record<string, unknown> = schema;
