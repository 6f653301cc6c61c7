// Field rules shared by every edge (REST, socket, MCP), with the seed's limits.
import { z } from 'zod';
import { contextSchema, preferredToneSchema } from './types.ts';

export const LIMITS = {
  situation: 2000,
  originalText: 2000,
  adjustment: 200,
  selectedResponse: 2000,
  voiceText: 5000,
  query: 200,
  maxPageSize: 50,
} as const;

export const userIdField = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, "_" or "-"')
  .meta({ example: 'user_123' });

/**
 * Text a person wrote: trimmed, then 1 to `max` characters. The schema says so too (`pattern: \S`), so
 * a client or a fuzzer reading it knows that only white space is not text.
 */
export const textField = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).meta({ pattern: '\\S' });

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

export const toneField = z.string().trim().min(1).max(80);
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
