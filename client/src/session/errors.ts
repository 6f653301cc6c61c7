// Errors in plain words. The server's codes (the same on the socket and over REST) become a
// sentence a person can act on; payloads are never shown as they came.
import { isPlanLimit, planLimitMessage } from '../billing.ts';
import type { ErrorDetail, ProtocolError } from '../protocol.ts';

const FIELD_NAMES: Record<string, string> = {
  situation: 'The situation',
  context: 'The context',
  adjustment: 'The refinement',
  index: 'The suggestion',
  userId: 'Your user id',
  sessionId: 'The session id',
  preferredTone: 'The preferred tone',
  defaultAssertiveness: 'Assertiveness',
  voiceEnabled: 'The voice setting',
  elevenLabsVoiceId: 'The voice id',
  page: 'The page',
  pageSize: 'The page size',
};

/** "situation must not be empty" → "The situation must not be empty." */
export function detailSentence(d: ErrorDetail): string {
  const field =
    d.field && d.field !== '(payload)' && d.field !== '(body)'
      ? (FIELD_NAMES[d.field] ?? `The field “${d.field}”`)
      : 'The request';
  const problem =
    String(d.problem ?? '')
      .trim()
      .replace(/\.$/, '') || 'is not valid';
  // "must not be empty" reads on from the field's name; "not valid JSON" needs a colon.
  return /^(must|is|are|should|has|have|cannot|can't|was|were|needs?|expected|contains?|may)\b/i.test(problem)
    ? `${field} ${problem}.`
    : `${field}: ${problem}.`;
}

const EVENT_WORDS: Record<string, string> = {
  'situation:submit': 'send the situation',
  'suggestion:refine': 'refine that suggestion',
  'suggestion:select': 'save your choice',
  'generation:cancel': 'cancel',
  'session:retry': 'retry',
  'session:end': 'end the session',
  'voice:play': 'play the voice',
  'voice:stop': 'stop the voice',
};

function seconds(ms: unknown): number {
  const n = typeof ms === 'number' && Number.isFinite(ms) ? ms : 1000;
  return Math.max(1, Math.ceil(n / 1000));
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** One or two sentences for an error from `session:error`, a failed acknowledgement or the REST API. */
export function errorMessage(error: Pick<ProtocolError, 'code'> & Partial<ProtocolError>): string {
  const event = typeof error.event === 'string' ? EVENT_WORDS[error.event] : undefined;
  switch (error.code) {
    case 'invalid_request': {
      const details = Array.isArray(error.details) ? error.details.filter((d) => d && typeof d === 'object') : [];
      if (details.length) return `Please check what you entered. ${details.slice(0, 3).map(detailSentence).join(' ')}`;
      return 'Please check what you entered: something in it was not accepted.';
    }
    case 'invalid_state':
      return event
        ? `Calmly can't ${event} right now — the session is busy or has moved on. Wait a moment and try again.`
        : "That can't be done right now — the session is busy or has moved on. Wait a moment and try again.";
    case 'rate_limited': {
      // A plan's limit (billing on) says what upgrading changes; any other is only "slow down".
      if (isPlanLimit(error)) return planLimitMessage(error);
      const s = seconds(error.retryAfterMs);
      return `You're going a little fast. Please wait ${s} second${s === 1 ? '' : 's'} and try again.`;
    }
    case 'unsupported_adjustment': {
      // The built-in coach's own message names the wording and gives examples that work.
      if (typeof error.message === 'string' && /for example/i.test(error.message)) return error.message;
      const supported = Array.isArray(error.supported)
        ? (error.supported as unknown[]).filter((x): x is string => typeof x === 'string')
        : [];
      return supported.length
        ? `Calmly can't make that change yet. Try asking for: ${list(supported)}.`
        : "Calmly can't make that change yet. Try “more assertive”, “softer”, “shorter” or “more formal”.";
    }
    case 'ai_unavailable':
      return "Calmly's coach can't answer right now. Please try again in a moment.";
    case 'voice_unavailable':
      return "Voice isn't available right now. You can still read and copy the suggestion.";
    case 'service_unavailable':
      return error.event === 'suggestion:select'
        ? "Your choice couldn't be saved just now, and nothing was recorded. Please choose it again."
        : 'Calmly is temporarily unavailable. Please try again shortly.';
    case 'forbidden':
      return 'That session belongs to someone else, so Calmly started a new one for you.';
    case 'unauthorized':
      return 'You need to sign in again to continue.';
    case 'not_found':
      return "That couldn't be found.";
    case 'internal_error':
      return 'Something went wrong on our side. Please try again.';
    default:
      return 'Something went wrong. Please try again.';
  }
}
