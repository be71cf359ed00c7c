import { ByokError, isNamedError } from '../errors/index.js';

/** Why a wrapping, decoding or fingerprint operation was refused. */
const WrapErrorReason = {
  /** Key material (or a decoded material file) is not the required number of bytes. */
  MaterialLength: 'material_length',
  /** A material file is neither raw bytes nor base64 or hex text. */
  MaterialEncoding: 'material_encoding',
  /** The algorithm name is not one of {@link WrappingAlgorithm}. */
  UnknownAlgorithm: 'unknown_algorithm',
  /** The algorithm exists at Huawei but byok-keeper cannot wrap with it (SM2). */
  UnsupportedAlgorithm: 'unsupported_algorithm',
  /** The wrapping key is not base64 of a DER SubjectPublicKeyInfo (or a PEM/DER file of one). */
  InvalidPublicKey: 'invalid_public_key',
  /** The wrapping key parses but is not an RSA key. */
  NotRsaKey: 'not_rsa_key',
  /** The RSA wrapping key is shorter than 2048 bits. */
  KeyTooSmall: 'key_too_small',
  /** The private key to import is not an unencrypted PKCS#8 DER RSA or EC key. */
  InvalidPrivateKey: 'invalid_private_key',
  /** The crypto library failed, or produced output of the wrong size. */
  EncryptFailed: 'encrypt_failed',
} as const;

type WrapErrorReason = (typeof WrapErrorReason)[keyof typeof WrapErrorReason];

/**
 * The one error of `lib/crypto`. Its message says what was wrong in terms of lengths, encodings and key
 * types; it never contains key material, wrapped material or a file's content, so it is safe to log or print.
 */
class WrapError extends ByokError {
  override readonly name = 'WrapError' as const;
  readonly reason: WrapErrorReason;

  constructor(reason: WrapErrorReason, message: string, options?: ErrorOptions) {
    super(message, { ...options, code: 'BYOK.WRAP_FAILED' });
    this.reason = reason;
  }
}

/** True for a {@link WrapError}, also when two copies of this module are loaded. */
const isWrapError = isNamedError<WrapError>('WrapError');

export { isWrapError, WrapError, WrapErrorReason };
