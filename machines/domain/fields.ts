// Field rules shared by every edge (REST, socket, MCP), with the seed's limits.
import { z } from 'zod';
import { contextSchema, preferredToneSchema } from './types.ts';

export const LIMITS = {
  situation: 2000,
  originalText: 2000,
  adjustment: 200,
  selectedResponse: 2000,
  voiceText: 2000,
  query: 200,
  maxPageSize: 50,
} as const;

export const userIdField = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, "_" or "-"')
  .meta({ example: 'user_123' });

// Control characters other than tab, line feed, carriage return, vertical tab and form feed. NUL in
// particular cannot be stored in a Postgres text column, so a text holding it could be acknowledged and
// then never written; the others are never part of what a person typed. Lone surrogates are not text
// either (UTF-8 cannot carry them; the driver would swap them for U+FFFD).
const CONTROL = '\\u0000-\\u0008\\u000E-\\u001F\\u007F';
const CONTROL_RE = new RegExp(`[${CONTROL}]`);
const LONE_SURROGATE = /\p{Cs}/u;
// Letters that render as nothing (Hangul fillers, braille blank) and invisible format characters:
// a text made only of these (plus white space and combining marks) shows nothing.
const BLANK = /[\s\p{Cf}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/gu;
const hasVisible = (s: string) => s.replace(BLANK, '').length > 0;

/** What the schemas say, so OpenAPI and MCP clients (and fuzzers) know: no control characters, not only white space. */
const TEXT_PATTERN = `^[^${CONTROL}]*[^\\s${CONTROL}][^${CONTROL}]*$`;
const STORABLE_PATTERN = `^[^${CONTROL}]*$`;

/** A string Calmly can store as it is: no control characters, no lone surrogates. */
export const storableText = (schema: z.ZodString) =>
  schema
    .refine((s) => !CONTROL_RE.test(s), 'must not contain control characters')
    .refine((s) => !LONE_SURROGATE.test(s), 'must not contain broken characters (unpaired surrogates)')
    .meta({ pattern: STORABLE_PATTERN });

/** Storable text with something visible in it. */
export const plainText = (schema: z.ZodString) =>
  storableText(schema).refine(hasVisible, 'must contain visible text').meta({ pattern: TEXT_PATTERN });

/**
 * Text a person wrote: trimmed, then 1 to `max` characters of storable text with something visible in
 * it. A text that passes is one the recorder can write (test/integration/text-storable.test.ts).
 */
export const textField = (max: number) =>
  plainText(z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

export const situationField = textField(LIMITS.situation).meta({
  example: 'My coworker keeps taking credit for my ideas in team meetings.',
});

export const contextField = contextSchema.meta({ description: 'work, friendship or relationship' });

export const responseIdField = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,80}$/, 'must be 1 to 80 letters, digits, "_" or "-"')
  .meta({ example: 'resp_1' });

export const originalTextField = textField(LIMITS.originalText);

export const adjustmentField = textField(LIMITS.adjustment).meta({ example: 'Make it more assertive' });

export const toneField = plainText(
  z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
);
export const preferredToneField = preferredToneSchema;
export const assertivenessField = z.number().int('must be a whole number').min(1).max(10);

/** Query-string integers ("2") for pagination. */
export const pageField = z.coerce
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(10_000)
  .default(1);
export const pageSizeField = z.coerce
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(LIMITS.maxPageSize, `must be at most ${LIMITS.maxPageSize}`)
  .default(10);
