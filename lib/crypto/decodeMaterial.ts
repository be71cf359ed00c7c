import { MATERIAL_BYTES } from './constants.js';
import { decodeBase64Bytes, decodeHexBytes, trimAsciiWhitespace } from './byteCodecs.js';
import { WrapError, WrapErrorReason } from './WrapError.js';
import { zeroize } from './zeroize.js';

const EXPECTED = `expected ${MATERIAL_BYTES} raw bytes, or their base64 or hex`;

function fail(reason: WrapErrorReason, detail: string): never {
  throw new WrapError(reason, `${EXPECTED}; got ${detail}`);
}

/**
 * Decode key material as found in a file or a secret value: exactly 32 raw bytes, or base64 (padded, 44
 * characters) or hex (64 characters) text of them, with optional surrounding whitespace such as a trailing
 * newline. Returns a new 32-byte Buffer the caller owns and must zero; `bytes` is left untouched (the caller
 * zeroes it too). Decoding never goes through a JavaScript string, and rejected intermediates are zeroed.
 *
 * A 32-byte input is always taken as raw, even if it happens to look like text.
 *
 * @throws {WrapError} `material_length` (decodes, but not to 32 bytes) or `material_encoding`; messages give
 *   lengths only, never content
 * @example
 * const material = decodeMaterial(await readFile(path)); // then withMaterial(material, ...)
 */
function decodeMaterial(bytes: Buffer): Buffer {
  if (!Buffer.isBuffer(bytes)) fail(WrapErrorReason.MaterialEncoding, 'no Buffer');
  if (bytes.length === MATERIAL_BYTES) {
    const material = Buffer.alloc(MATERIAL_BYTES);
    bytes.copy(material);
    return material;
  }
  const text = trimAsciiWhitespace(bytes);
  // Try hex first: 64 hex characters are also valid base64 (of 48 bytes).
  const fromHex = decodeHexBytes(text);
  if (fromHex?.length === MATERIAL_BYTES) return fromHex;
  const fromBase64 = decodeBase64Bytes(text);
  if (fromBase64?.length === MATERIAL_BYTES) {
    zeroize(fromHex);
    return fromBase64;
  }
  zeroize(fromHex, fromBase64);
  if (fromBase64 !== undefined) {
    fail(WrapErrorReason.MaterialLength, `${bytes.length} bytes of base64 text decoding to ${fromBase64.length} bytes`);
  }
  if (fromHex !== undefined) {
    fail(WrapErrorReason.MaterialLength, `${bytes.length} bytes of hex text decoding to ${fromHex.length} bytes`);
  }
  fail(
    WrapErrorReason.MaterialEncoding,
    bytes.length === 0 ? 'an empty input' : `${bytes.length} bytes that are neither raw material nor base64 or hex text`,
  );
}

export { decodeMaterial };
