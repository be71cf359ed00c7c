/**
 * Text taken from log lines before it reaches the page. Aliases come from tags a person set, so they may hold
 * anything: control characters, bidirectional overrides that make a name read differently than it is, zero-width
 * characters that make two names look alike. These are removed, lone surrogates become U+FFFD, and the text is
 * cut to a length. (HTML is never built from it: the page sets it as text, and the model is embedded with `<`
 * escaped; see renderPage.ts.)
 */

/** C0 and C1 controls, DEL, Arabic letter mark, zero-width and bidi marks/embeddings/overrides/isolates,
 * line and paragraph separators, word joiner and invisible operators, BOM. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Anything the slow path would touch (surrogates included, paired or not). */
const NEEDS_WORK = /[\u0000-\u0020\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ud800-\udfff\ufeff]/;

/**
 * A log value as safe display text, or `undefined` when it is not a string or nothing is left.
 *
 * @example
 * cleanText('pay\u202Egnp.exe', 64) // 'paygnp.exe'
 */
function cleanText(value: unknown, maxChars: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  // Most log values (ids, codes, plain aliases) need nothing: skip the replacing on the hot path.
  if (value.length <= maxChars && !NEEDS_WORK.test(value)) return value === '' ? undefined : value;
  let text = value.replace(INVISIBLE, '').replace(LONE_SURROGATE, '\ufffd').trim();
  if (text.length > maxChars) {
    // Do not cut a surrogate pair in half.
    const end = /[\ud800-\udbff]/.test(text.charAt(maxChars - 2)) ? maxChars - 2 : maxChars - 1;
    text = `${text.slice(0, end)}…`;
  }
  return text === '' ? undefined : text;
}

export { cleanText };
