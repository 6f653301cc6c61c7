// Wording the library must not contain: the stiff, generic phrases that make a reply sound like a
// template. Checked when the library loads (tests) and by `npm run library:check`.
export const BANNED_PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bhow we handle this from here\b/i, 'generic request'],
  [/\bI feel like we are a team\b|\bto feel like we are a team\b/i, 'generic need'],
  [/\bI wanted to reach out\b/i, 'stiff opener'],
  [/\bcircle back\b|\btouch base\b|\bper my last\b|\bas per\b/i, 'corporate jargon'],
  [/\bI hope this (?:message|email) finds you well\b/i, 'stiff opener'],
  [/\bgoing forward, I expect this to change\b/i, 'generic expectation'],
  [/\bvalidat(?:e|ed|ing)\b|\binvalidat/i, 'therapy-speak'],
  [/\bI feel (?:unheard|unseen|disrespected and|that you)\b/i, 'therapy-speak or a thought dressed as a feeling'],
  [/\bsafe space\b|\bholding space\b|\bmy truth\b|\bboundaries are\b/i, 'therapy-speak'],
  [/\bas an AI\b/i, 'not the writer speaking'],
  [/\[|\]|<|>|\.\.\./, 'placeholder or trailing dots'],
];

export function lintText(text: string): string[] {
  return BANNED_PHRASES.filter(([re]) => re.test(text)).map(([re, why]) => `${why}: ${re.source}`);
}
