import { constants, publicEncrypt } from 'node:crypto';
import { DEFAULT_WRAPPING_ALGORITHM, MATERIAL_BYTES, WrappingAlgorithm } from './constants.js';
import { parseWrappingKey } from './parseWrappingKey.js';
import { WrapError, WrapErrorReason } from './WrapError.js';

/** Wrapped material, base64, as `encrypted_key_material` expects it, plus warnings for the caller to log. */
interface WrapResult {
  /** Base64 of the RSA ciphertext: 344 characters for an RSA-2048 wrapping key. */
  wrapped: string;
  /** Human-readable warnings (legacy algorithm); empty for RSAES_OAEP_SHA_256. */
  warnings: string[];
}

interface RsaScheme {
  padding: number;
  oaepHash?: string;
  warning?: string;
}

const LEGACY_NOTE = 'current Huawei KMS APIs offer only RSAES_OAEP_SHA_256; prefer it';

/** How each algorithm maps to node's RSA options; `undefined` = known but not supported here. */
const RSA_SCHEMES: Record<WrappingAlgorithm, RsaScheme | undefined> = {
  RSAES_OAEP_SHA_256: { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
  RSAES_OAEP_SHA_1: {
    padding: constants.RSA_PKCS1_OAEP_PADDING,
    oaepHash: 'sha1',
    warning: `RSAES_OAEP_SHA_1 is a legacy wrapping algorithm; ${LEGACY_NOTE}`,
  },
  RSAES_PKCS1_V1_5: {
    padding: constants.RSA_PKCS1_PADDING,
    warning: `RSAES_PKCS1_V1_5 is a legacy wrapping algorithm (padding-oracle prone); ${LEGACY_NOTE}`,
  },
  SM2_ENCRYPT: undefined,
};

/**
 * Check that `name` is a known wrapping algorithm (case-sensitive, Huawei's spelling).
 *
 * @throws {WrapError} `unknown_algorithm`; the message lists the valid names and does not echo `name`.
 * @example
 * parseWrappingAlgorithm('RSAES_OAEP_SHA_256'); // 'RSAES_OAEP_SHA_256'
 */
function parseWrappingAlgorithm(name: string): WrappingAlgorithm {
  const known: readonly string[] = Object.values(WrappingAlgorithm);
  if (!known.includes(name)) {
    throw new WrapError(
      WrapErrorReason.UnknownAlgorithm,
      `unknown wrapping algorithm; expected one of ${known.join(', ')}`,
    );
  }
  return name as WrappingAlgorithm;
}

function schemeFor(algorithm: WrappingAlgorithm): RsaScheme {
  const scheme = RSA_SCHEMES[parseWrappingAlgorithm(algorithm)];
  if (scheme === undefined) {
    throw new WrapError(
      WrapErrorReason.UnsupportedAlgorithm,
      `${algorithm} wrapping is not supported by byok-keeper; request import parameters with RSAES_OAEP_SHA_256`,
    );
  }
  return scheme;
}

function assertMaterialLength(material: Buffer): void {
  if (!Buffer.isBuffer(material) || material.length !== MATERIAL_BYTES) {
    const got = Buffer.isBuffer(material) ? `${material.length} bytes` : 'no Buffer';
    throw new WrapError(
      WrapErrorReason.MaterialLength,
      `key material must be exactly ${MATERIAL_BYTES} bytes for AES_256; got ${got}`,
    );
  }
}

/**
 * Wrap 32 bytes of AES_256 key material with the wrapping key of get-parameters-for-import, giving the
 * `encrypted_key_material` of import-key-material. `material` is not modified or zeroed (see `withMaterial`).
 *
 * @param material - exactly 32 bytes
 * @param publicKeyDerBase64 - the `public_key` field: base64 DER SubjectPublicKeyInfo, RSA ≥ 2048 bits
 * @param algorithm - the algorithm the import token was requested with; default RSAES_OAEP_SHA_256
 * @throws {WrapError} `material_length`, `unknown_algorithm`, `unsupported_algorithm` (SM2_ENCRYPT),
 *   `invalid_public_key`, `not_rsa_key`, `key_too_small`, `encrypt_failed`
 * @example
 * const { wrapped, warnings } = wrapMaterial(material, params.publicKey);
 * // wrapped.length === 344 for RSA-2048
 */
function wrapMaterial(
  material: Buffer,
  publicKeyDerBase64: string,
  algorithm: WrappingAlgorithm = DEFAULT_WRAPPING_ALGORITHM,
): WrapResult {
  const scheme = schemeFor(algorithm);
  assertMaterialLength(material);
  const key = parseWrappingKey(publicKeyDerBase64);
  const keyBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  let ciphertext: Buffer;
  try {
    ciphertext = publicEncrypt({ key, padding: scheme.padding, oaepHash: scheme.oaepHash }, material);
  } catch (cause) {
    throw new WrapError(WrapErrorReason.EncryptFailed, `RSA encryption with ${algorithm} failed`, { cause });
  }
  const wrapped = ciphertext.toString('base64');
  // An RSA ciphertext is exactly as long as the modulus; anything else means the crypto layer misbehaved.
  if (ciphertext.length !== keyBytes || wrapped.length !== 4 * Math.ceil(keyBytes / 3)) {
    throw new WrapError(
      WrapErrorReason.EncryptFailed,
      `RSA encryption gave ${ciphertext.length} bytes; expected ${keyBytes} for this key`,
    );
  }
  return { wrapped, warnings: scheme.warning === undefined ? [] : [scheme.warning] };
}

export { parseWrappingAlgorithm, wrapMaterial };
export type { WrapResult };
