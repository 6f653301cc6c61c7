// Text as a reader (or a model) takes it in. Fullwidth forms, ligatures and other compatibility
// characters fold to their plain letters (NFKC), and invisible format characters (zero-width
// spaces and joiners, bidi controls, the BOM) go, so "＞＞＞" or "SIT\u200BUATION" cannot pass for
// something other than the fence marker or the word they show.

const FORMAT = /\p{Cf}/gu;

/** NFKC, then no format characters (\p{Cf}). */
export function canonical(text: string): string {
  return text.normalize('NFKC').replace(FORMAT, '');
}

// C0 controls but tab, line feed and carriage return; DEL. Tested by code point: biome refuses control
// characters in a regex.
const isControl = (c: number) => c <= 0x08 || c === 0x0b || c === 0x0c || (c >= 0x0e && c <= 0x1f) || c === 0x7f;
/** Iterating a string by code point, a surrogate on its own is one (a pair is one code point above U+FFFF). */
const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;

/**
 * Without control characters and unpaired surrogates: what a model writes must stay storable
 * (machines/domain/fields.ts `storableText` refuses both once a person selects the reply).
 */
export function stripControls(text: string): string {
  let out = '';
  let changed = false;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (isControl(c) || isSurrogate(c)) changed = true;
    else out += ch;
  }
  return changed ? out : text;
}
