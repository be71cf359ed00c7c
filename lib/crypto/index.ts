/** Wrapping, fingerprinting and secret hygiene for imported key material (node:crypto only). */
export {
  AES_WRAP_PAD_IV,
  DEFAULT_WRAPPING_ALGORITHM,
  MATERIAL_BYTES,
  MIN_WRAPPING_KEY_BITS,
  TEMPORARY_KEY_BYTES,
  WrappingAlgorithm,
} from './constants.js';
export { decodeMaterial } from './decodeMaterial.js';
export { decodePublicKeyFile } from './decodePublicKeyFile.js';
export { FINGERPRINT_PREFIX, fingerprint, fingerprintsEqual } from './fingerprint.js';
export { parseWrappingKey } from './parseWrappingKey.js';
export { parseWrappingAlgorithm, wrapMaterial } from './wrapMaterial.js';
export type { WrapResult } from './wrapMaterial.js';
export { wrapPrivateKey } from './wrapPrivateKey.js';
export type { PrivateKeyWrapResult } from './wrapPrivateKey.js';
export { isWrapError, WrapError, WrapErrorReason } from './WrapError.js';
export { withMaterial, zeroize } from './zeroize.js';
