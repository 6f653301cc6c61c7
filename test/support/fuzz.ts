// Junk for the property-based tests (fast-check): strings (unicode, control characters, lone
// surrogates, huge), numbers out of any range, nested structures, raw bodies that are not JSON,
// prototype-pollution attempts. Fixed seed and few runs: fast and the same on every run.
import fc from 'fast-check';

export const FUZZ = { seed: 0xca1a, numRuns: 30 } as const;

export const junkString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\udfff\ud800',
    '\u202e\u200b\ufeff',
    '👩‍👩‍👧‍👦'.repeat(50),
    'e\u0301'.repeat(300),
    'x'.repeat(2001),
    'y'.repeat(5001),
    'z'.repeat(20_000),
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; DROP TABLE users; --",
    '%00%ff',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    'user_123',
    'sess_abcdefghijkl',
    'work',
  ),
);

export const junkNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 1, 2, 3, 2.5, 11, 51, 10_001, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 5e-324),
);

/** Any JSON value, nested junk included. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  junkNumber,
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(junkString, { maxLength: 12 }),
  fc.dictionary(junkString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
  fc.integer({ min: 1, max: 200 }).map((n) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown),
);

/** Bodies that are not what the content type says, or barely JSON. */
export const rawJunk: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '',
    '{',
    '{"situation": ',
    'null',
    '[]',
    '"just a string"',
    '12',
    '{"__proto__": {"polluted": true}, "situation": "My friend is always late."}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    '{"situation": "a", "situation": 1}',
    '\u0000\u0001\u0002',
    `{"userId": "${'u'.repeat(70_000)}"}`,
  ),
  fc.nat({ max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.nat({ max: 3000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
);

/** Keys an attacker might add. */
export const junkKey: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'userId', 'toString', 'hasOwnProperty', ''),
);

/** A body for a route: the whole body junk, a field junk or missing, extra fields, or raw text. */
export function bodyArbitrary(
  sample: Record<string, unknown>,
): fc.Arbitrary<{ json?: unknown; raw?: string; contentType?: string }> {
  const keys = Object.keys(sample);
  const field = keys.length ? fc.constantFrom(...keys) : fc.constant('userId');
  return fc.oneof(
    fc.record({ json: junkValue }),
    fc.record({ json: fc.dictionary(fc.oneof(field, junkKey), junkValue, { maxKeys: 6 }) }),
    fc.record({ json: fc.tuple(field, junkValue).map(([k, v]) => ({ ...sample, [k]: v })) }),
    fc.record({ json: field.map((k) => Object.fromEntries(Object.entries(sample).filter(([key]) => key !== k))) }),
    fc.record({
      json: fc.dictionary(junkKey, junkValue, { minKeys: 1, maxKeys: 4 }).map((extra) => ({ ...extra, ...sample })),
    }),
    fc.record({ raw: rawJunk }),
    fc.record({
      json: fc.constant(sample),
      contentType: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
      ),
    }),
  );
}

/** encodeURIComponent that survives lone surrogates (they become U+FFFD). */
export function encode(s: string): string {
  return encodeURIComponent(
    s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );
}

/** A query string: known and unknown keys with junk values, repeated keys included. */
export function queryArbitrary(keys: string[]): fc.Arbitrary<string> {
  return fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...keys, `${keys[0] ?? 'q'}[]`, `${keys[0] ?? 'q'}[a]`), junkKey),
        fc.oneof(junkString, junkNumber.map(String)),
      ),
      { maxLength: 6 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
}
