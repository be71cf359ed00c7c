import { createCipheriv, createPrivateKey, randomFillSync, type KeyObject } from 'node:crypto';
import { AES_WRAP_PAD_IV, DEFAULT_WRAPPING_ALGORITHM, TEMPORARY_KEY_BYTES } from './constants.js';
import type { WrappingAlgorithm } from './constants.js';
import { isSingleDerSequence } from './isSingleDerSequence.js';
import { wrapMaterial } from './wrapMaterial.js';
import { WrapError, WrapErrorReason } from './WrapError.js';
import { withMaterial } from './zeroize.js';

/** The two wrapped fields of an asymmetric import-key-material request, base64. */
interface PrivateKeyWrapResult {
  /** The temporary AES-256 key, RSA-wrapped: `encrypted_key_material`. */
  encryptedKeyMaterial: string;
  /** The PKCS#8 DER private key, AES-KWP-wrapped (RFC 5649) under the temporary key: `encrypted_privatekey`. */
  encryptedPrivateKey: string;
  /** Warnings from wrapping the temporary key (legacy algorithm); empty for RSAES_OAEP_SHA_256. */
  warnings: string[];
}

/** Private key types KMS imports (key_spec RSA_2048/3072/4096, EC_P256/EC_P384). */
const IMPORTABLE_KEY_TYPES: readonly string[] = ['rsa', 'ec'];

function parsePrivateKey(der: Buffer): KeyObject {
  const invalid = (detail: string, cause?: unknown): WrapError =>
    new WrapError(WrapErrorReason.InvalidPrivateKey, `private key ${detail}`, cause === undefined ? {} : { cause });
  if (!Buffer.isBuffer(der) || !isSingleDerSequence(der)) {
    throw invalid('is not one unencrypted PKCS#8 DER structure');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw invalid('is not an unencrypted PKCS#8 DER private key', cause);
  }
  if (!IMPORTABLE_KEY_TYPES.includes(key.asymmetricKeyType ?? '')) {
    throw invalid(`is ${key.asymmetricKeyType ?? 'of an unknown type'}; KMS imports RSA and EC keys`);
  }
  return key;
}

/**
 * Wrap a private key for an asymmetric import (docs/huawei-api.md#asymmetric-import): a fresh 32-byte AES key
 * is RSA-wrapped like symmetric material, and the PKCS#8 DER is wrapped under it with AES key wrap with padding
 * (RFC 5649, OpenSSL `id-aes256-wrap-pad`, IV A65959A6). The temporary key is zeroed before returning; the
 * caller keeps ownership of (and should zero) `privateKeyPkcs8Der`.
 *
 * @throws {WrapError} `invalid_private_key`, plus everything {@link wrapMaterial} throws for the wrapping key
 * @example
 * const der = privateKey.export({ format: 'der', type: 'pkcs8' });
 * const { encryptedKeyMaterial, encryptedPrivateKey } = wrapPrivateKey(der, params.publicKey);
 */
function wrapPrivateKey(
  privateKeyPkcs8Der: Buffer,
  publicKeyDerBase64: string,
  algorithm: WrappingAlgorithm = DEFAULT_WRAPPING_ALGORITHM,
): PrivateKeyWrapResult {
  parsePrivateKey(privateKeyPkcs8Der);
  // Buffer.alloc, not randomBytes: an unpooled buffer of our own that we can zero completely.
  const temporaryKey = randomFillSync(Buffer.alloc(TEMPORARY_KEY_BYTES));
  return withMaterial(temporaryKey, (key) => {
    const { wrapped, warnings } = wrapMaterial(key, publicKeyDerBase64, algorithm);
    let encryptedPrivateKey: Buffer;
    try {
      const cipher = createCipheriv('id-aes256-wrap-pad', key, Buffer.from(AES_WRAP_PAD_IV, 'hex'));
      encryptedPrivateKey = Buffer.concat([cipher.update(privateKeyPkcs8Der), cipher.final()]);
    } catch (cause) {
      throw new WrapError(WrapErrorReason.EncryptFailed, 'AES key wrap (RFC 5649) of the private key failed', {
        cause,
      });
    }
    return { encryptedKeyMaterial: wrapped, encryptedPrivateKey: encryptedPrivateKey.toString('base64'), warnings };
  });
}

export { wrapPrivateKey };
export type { PrivateKeyWrapResult };
