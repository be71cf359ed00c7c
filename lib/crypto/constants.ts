/**
 * Wrapping algorithms are a domain value (lib/domain/ImportParameters.ts): current Huawei SDKs list only
 * `RSAES_OAEP_SHA_256` and `SM2_ENCRYPT`; older (OTC) docs and the console still offer `RSAES_OAEP_SHA_1` and
 * `RSAES_PKCS1_V1_5`, which this module wraps with a legacy warning (docs/huawei-api.md#import-parameters).
 */
import { WrappingAlgorithm } from '../domain/ImportParameters.js';

/** The algorithm to ask for and to use unless told otherwise. */
const DEFAULT_WRAPPING_ALGORITHM: WrappingAlgorithm = WrappingAlgorithm.RsaesOaepSha256;

/** Length of AES_256 key material; KMS.2604 rejects anything else for symmetric imports. */
const MATERIAL_BYTES = 32;

/** Smallest RSA wrapping key accepted (Huawei hands out RSA-2048). */
const MIN_WRAPPING_KEY_BITS = 2048;

/** Length of the temporary AES-256 key of an asymmetric import (KMS.2610 accepts 16 or 32). */
const TEMPORARY_KEY_BYTES = 32;

/** RFC 5649 alternative initial value, as OpenSSL's `id-aes256-wrap-pad` expects it. */
const AES_WRAP_PAD_IV = 'A65959A6';

export {
  AES_WRAP_PAD_IV,
  DEFAULT_WRAPPING_ALGORITHM,
  MATERIAL_BYTES,
  MIN_WRAPPING_KEY_BITS,
  TEMPORARY_KEY_BYTES,
  WrappingAlgorithm,
};
