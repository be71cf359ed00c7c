/** Values of the import flow and of the KMS crypto calls used to verify an import. */
import type { SecretValue } from './SecretValue.js';

/** Wrapping algorithms the KMS API names for get-parameters-for-import (docs/huawei-api.md#import-parameters). */
const WrappingAlgorithm = {
  RsaesOaepSha256: 'RSAES_OAEP_SHA_256',
  /** Legacy (older OTC docs); kept because the console still offers it. */
  RsaesOaepSha1: 'RSAES_OAEP_SHA_1',
  /** Legacy (older OTC docs). */
  RsaesPkcs1V15: 'RSAES_PKCS1_V1_5',
  /** Chinese regions only. */
  Sm2Encrypt: 'SM2_ENCRYPT',
} as const;
type WrappingAlgorithm = (typeof WrappingAlgorithm)[keyof typeof WrappingAlgorithm];

/** get-parameters-for-import's answer: a one-off wrapping key and the token bound to it. */
interface ImportParameters {
  keyId: string;
  /** Sent back verbatim on import; a credential for this key's import, never logged. */
  importToken: SecretValue;
  /** Base64 DER SubjectPublicKeyInfo of the RSA wrapping key. Public. */
  publicKey: string;
  /** When the token and wrapping key stop working (24 h after issue). */
  expiresAt: Date;
}

/** encrypt-data's answer. */
interface EncryptResult {
  keyId: string;
  /** Base64 ciphertext (carries the key id). */
  cipherText: string;
}

/** decrypt-data's answer. */
interface DecryptResult {
  keyId: string;
  plainText: SecretValue;
  plainTextBase64?: SecretValue;
}

export { WrappingAlgorithm };
export type { DecryptResult, EncryptResult, ImportParameters };
