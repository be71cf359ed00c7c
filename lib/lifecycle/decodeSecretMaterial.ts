/**
 * Key material out of a CSMS secret version: `secret_binary` (its base64 wire form decodes to the 32 bytes) or
 * `secret_string` holding the base64 or hex text of the 32 bytes. Anything else is a clear error naming the
 * secret and version, never the content (lengths only).
 */
import { decodeBase64Bytes, trimAsciiWhitespace } from '../crypto/byteCodecs.js';
import { MATERIAL_BYTES } from '../crypto/constants.js';
import { decodeMaterial } from '../crypto/decodeMaterial.js';
import { isWrapError } from '../crypto/WrapError.js';
import { zeroize } from '../crypto/zeroize.js';
import type { SecretMaterial } from '../ports/index.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';

const ADVICE =
  `store the ${MATERIAL_BYTES} bytes as secret_binary, or their base64 or hex text as secret_string, in a new ` +
  'secret version (a managed key stays pinned to its version: onboard or rotate onto the new one)';

function refuse(secret: SecretMaterial, detail: string, cause?: unknown): LifecycleError {
  return new LifecycleError(
    `secret ${secret.secretName} version ${secret.versionId} does not hold AES-256 key material: ${detail}; ${ADVICE}`,
    { code: LifecycleErrorCode.BadSecretMaterial, cause },
  );
}

/**
 * The material as ONE new Buffer the caller owns and must zero. Intermediate buffers are zeroed here.
 *
 * @throws {LifecycleError} `BYOK.BAD_SECRET_MATERIAL`
 * @example
 * const material = decodeSecretMaterial(await secrets.readVersion(name, version));
 * try { ... } finally { zeroize(material); }
 */
function decodeSecretMaterial(secret: SecretMaterial): Buffer {
  // The JavaScript string cannot be wiped; its bytes are copied once and decoded from there.
  const text = Buffer.from(secret.value.reveal(), 'utf8');
  try {
    if (secret.encoding === 'binary') {
      const bytes = decodeBase64Bytes(trimAsciiWhitespace(text));
      if (bytes === undefined) throw refuse(secret, 'secret_binary is not valid base64');
      if (bytes.length !== MATERIAL_BYTES) {
        zeroize(bytes);
        throw refuse(secret, `secret_binary holds ${bytes.length} bytes, expected ${MATERIAL_BYTES}`);
      }
      return bytes;
    }
    // decodeMaterial would take 32 bytes as raw material; a 32-character string is not base64 or hex text.
    if (text.length === MATERIAL_BYTES) {
      throw refuse(secret, `secret_string is ${MATERIAL_BYTES} characters of text, neither base64 nor hex`);
    }
    try {
      return decodeMaterial(text);
    } catch (error) {
      if (isWrapError(error)) throw refuse(secret, `secret_string: ${error.message}`, error);
      throw error;
    }
  } finally {
    zeroize(text);
  }
}

export { decodeSecretMaterial };
