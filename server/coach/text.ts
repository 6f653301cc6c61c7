// Small string helpers shared by compose and refine.

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Normalises spacing and punctuation left behind by insertions and deletions. */
export function tidy(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.!?;:])/g, '$1')
    .replace(/([,;:])(?=[.!?])/g, '')
    .replace(/,\s*,/g, ',')
    .replace(/([.!?])\s*[.,]+/g, '$1')
    .replace(/^[\s,;:]+/, '')
    .replace(/(^|[.!?]\s+)([a-z])/g, (_, pre: string, c: string) => pre + c.toUpperCase())
    .replace(/\bi\b/g, 'I')
    .trim();
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
