// The browser client's error wording: every code in plain words, never the payload.
import { describe, expect, it } from 'vitest';
import { detailSentence, errorMessage } from '../../client/src/session/errors.ts';
import { confidenceWords, humanize } from '../../client/src/format.ts';

describe('client error messages', () => {
  it('says each protocol error code in words', () => {
    const cases: Array<[Parameters<typeof errorMessage>[0], RegExp]> = [
      [
        { code: 'invalid_request', message: 'x', details: [{ field: 'situation', problem: 'must not be empty' }] },
        /The situation must not be empty\./,
      ],
      [{ code: 'invalid_state', message: 'x', event: 'suggestion:select' }, /can't save your choice right now/],
      [{ code: 'rate_limited', message: 'x', retryAfterMs: 800 }, /wait 1 second and/],
      [{ code: 'rate_limited', message: 'x', retryAfterMs: 3200 }, /wait 4 seconds/],
      [
        { code: 'unsupported_adjustment', message: 'x', supported: ['more assertive', 'softer', 'shorter'] },
        /more assertive, softer or shorter\./,
      ],
      [{ code: 'unsupported_adjustment', message: 'x' }, /more formal/],
      [{ code: 'ai_unavailable', message: 'x' }, /coach can't answer right now/],
      [{ code: 'voice_unavailable', message: 'x' }, /Voice isn't available/],
      [{ code: 'service_unavailable', message: 'x', event: 'suggestion:select' }, /nothing was recorded/],
      [{ code: 'service_unavailable', message: 'x' }, /temporarily unavailable/],
      [{ code: 'forbidden', message: 'x' }, /belongs to someone else/],
      [{ code: 'internal_error', message: 'x' }, /went wrong on our side/],
    ];
    for (const [error, expected] of cases) {
      const text = errorMessage(error);
      expect(text).toMatch(expected);
      expect(text).not.toMatch(/[{}[\]]|_/);
    }
    expect(errorMessage({ code: 'whatever' as never, message: '{"raw":true}' })).toBe(
      'Something went wrong. Please try again.',
    );
  });

  it('names fields in words', () => {
    expect(detailSentence({ field: 'elevenLabsVoiceId', problem: 'must be 1 to 128 letters' })).toBe(
      'The voice id must be 1 to 128 letters.',
    );
    expect(detailSentence({ field: '(body)', problem: 'not valid JSON' })).toBe('The request: not valid JSON.');
  });

  it('words the analysis', () => {
    expect(humanize('frustrated_but_professional')).toBe('Frustrated but professional');
    expect(confidenceWords(0.87)).toEqual({ percent: 87, words: 'very sure' });
    expect(confidenceWords(0.4)).toEqual({ percent: 40, words: 'not sure' });
  });
});
