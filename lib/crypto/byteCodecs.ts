/**
 * Base64 and hex decoders that work on bytes, not strings. Material files are decoded with these so the
 * secret never becomes a JavaScript string (strings cannot be wiped); every output is a fresh
 * `Buffer.alloc` the caller can zero. @internal
 */

const EQUALS = 0x3d;

function base64Digit(byte: number): number {
  if (byte >= 0x41 && byte <= 0x5a) return byte - 0x41; // A-Z
  if (byte >= 0x61 && byte <= 0x7a) return byte - 0x61 + 26; // a-z
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30 + 52; // 0-9
  if (byte === 0x2b) return 62; // +
  if (byte === 0x2f) return 63; // /
  return -1;
}

function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x41 + 10;
  return -1;
}

/** Strict, padded standard base64 (RFC 4648 §4) → bytes, or `undefined` if `text` is not exactly that. */
function decodeBase64Bytes(text: Uint8Array): Buffer | undefined {
  const length = text.length;
  if (length === 0 || length % 4 !== 0) return undefined;
  const padding = text[length - 1] === EQUALS ? (text[length - 2] === EQUALS ? 2 : 1) : 0;
  const out = Buffer.alloc((length / 4) * 3 - padding);
  let accumulator = 0;
  let bits = 0;
  let offset = 0;
  for (let i = 0; i < length - padding; i++) {
    const digit = base64Digit(text[i] ?? EQUALS);
    if (digit < 0) {
      out.fill(0);
      return undefined;
    }
    accumulator = ((accumulator << 6) | digit) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[offset++] = (accumulator >> bits) & 0xff;
    }
  }
  accumulator = 0;
  return out;
}

/** Hex text (either case, even length) → bytes, or `undefined` if `text` is not exactly that. */
function decodeHexBytes(text: Uint8Array): Buffer | undefined {
  if (text.length === 0 || text.length % 2 !== 0) return undefined;
  const out = Buffer.alloc(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const high = hexDigit(text[2 * i] ?? 0);
    const low = hexDigit(text[2 * i + 1] ?? 0);
    if (high < 0 || low < 0) {
      out.fill(0);
      return undefined;
    }
    out[i] = (high << 4) | low;
  }
  return out;
}

function isAsciiWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** A view of `bytes` without leading and trailing ASCII whitespace (no copy). */
function trimAsciiWhitespace(bytes: Buffer): Buffer {
  let start = 0;
  let end = bytes.length;
  while (start < end && isAsciiWhitespace(bytes[start])) start++;
  while (end > start && isAsciiWhitespace(bytes[end - 1])) end--;
  return bytes.subarray(start, end);
}

export { decodeBase64Bytes, decodeHexBytes, trimAsciiWhitespace };
