import { createPublicKey, type KeyObject } from 'node:crypto';
import { MIN_WRAPPING_KEY_BITS } from './constants.js';
import { decodeBase64Bytes } from './byteCodecs.js';
import { isSingleDerSequence } from './isSingleDerSequence.js';
import { WrapError, WrapErrorReason } from './WrapError.js';

/** F4, the exponent KMS's wrapping keys (and every mainstream RSA key) use. */
const REQUIRED_PUBLIC_EXPONENT = 65537n;

/**
 * Parse and check a wrapping key as get-parameters-for-import returns it: base64 (one line, padded) of a DER
 * SubjectPublicKeyInfo holding an RSA key of at least 2048 bits with public exponent 65537.
 *
 * @throws {WrapError} `invalid_public_key`, `not_rsa_key` or `key_too_small`.
 * @example
 * const key = parseWrappingKey(params.publicKey); // key.asymmetricKeyDetails?.modulusLength === 2048
 */
function parseWrappingKey(publicKeyDerBase64: string): KeyObject {
  if (typeof publicKeyDerBase64 !== 'string') {
    throw new WrapError(WrapErrorReason.InvalidPublicKey, 'wrapping key must be a base64 string');
  }
  const der = decodeBase64Bytes(Buffer.from(publicKeyDerBase64, 'utf8'));
  if (der === undefined) {
    throw new WrapError(WrapErrorReason.InvalidPublicKey, 'wrapping key is not base64 text');
  }
  if (!isSingleDerSequence(der)) {
    throw new WrapError(
      WrapErrorReason.InvalidPublicKey,
      `wrapping key is not a DER SubjectPublicKeyInfo (${der.length} bytes that are not one DER structure)`,
    );
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch (cause) {
    throw new WrapError(WrapErrorReason.InvalidPublicKey, 'wrapping key is not a DER SubjectPublicKeyInfo', {
      cause,
    });
  }
  // 'rsa-pss' keys are RSA too, but restricted to signing: they cannot wrap.
  if (key.asymmetricKeyType !== 'rsa') {
    throw new WrapError(
      WrapErrorReason.NotRsaKey,
      `wrapping key is ${key.asymmetricKeyType ?? 'of an unknown type'}, not RSA`,
    );
  }
  // With a tiny exponent (e = 1 above all: "encryption" is the identity) the wrapped material would be the material,
  // or recoverable from it; KMS's wrapping keys use 65537 and nothing else is accepted.
  const exponent = key.asymmetricKeyDetails?.publicExponent;
  if (exponent !== REQUIRED_PUBLIC_EXPONENT) {
    throw new WrapError(
      WrapErrorReason.InvalidPublicKey,
      `wrapping key has public exponent ${String(exponent ?? 'unknown')}, not 65537: a small exponent would let the wrapped material be read without the private key`,
    );
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_WRAPPING_KEY_BITS) {
    throw new WrapError(
      WrapErrorReason.KeyTooSmall,
      `wrapping key is RSA-${bits}; at least RSA-${MIN_WRAPPING_KEY_BITS} is required`,
    );
  }
  return key;
}

export { parseWrappingKey };
