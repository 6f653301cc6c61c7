import type { z } from 'zod';
import { invalidRequest, type ErrorDetail } from '../errors.ts';

/** zod issues → our error details: the field path and what is wrong with it, in words. */
export function toDetails(error: z.ZodError, root = '(body)'): ErrorDetail[] {
  return error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : root,
    problem: issue.message,
  }));
}

/** Parses input at an edge; anything that doesn't fit becomes a 400 invalid_request with details. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = 'request',
  root = '(body)',
): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = toDetails(result.error, root);
    throw invalidRequest(`Invalid ${what}: ${details.map((d) => `${d.field} ${d.problem}`).join('; ')}`, details);
  }
  return result.data;
}
