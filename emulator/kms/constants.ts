/**
 * Closed sets and limits of the emulated Huawei KMS (docs/huawei-api.md#kms-operations-used). Wire values are
 * quoted exactly.
 */

/** `key_state` values as Huawei sends them (strings). */
const KeyState = {
  PendingActivation: '1',
  Enabled: '2',
  Disabled: '3',
  PendingDeletion: '4',
  PendingImport: '5',
} as const;
type KeyState = (typeof KeyState)[keyof typeof KeyState];

const KeySpec = {
  Aes256: 'AES_256',
  Rsa2048: 'RSA_2048',
  Rsa3072: 'RSA_3072',
  Rsa4096: 'RSA_4096',
  EcP256: 'EC_P256',
  EcP384: 'EC_P384',
} as const;
type KeySpec = (typeof KeySpec)[keyof typeof KeySpec];

const KeyUsage = {
  EncryptDecrypt: 'ENCRYPT_DECRYPT',
  SignVerify: 'SIGN_VERIFY',
} as const;
type KeyUsage = (typeof KeyUsage)[keyof typeof KeyUsage];

const Origin = { Kms: 'kms', External: 'external' } as const;
type Origin = (typeof Origin)[keyof typeof Origin];

/** Wrapping algorithms the emulator unwraps; SM2_ENCRYPT is refused as "not supported in this region". */
const WrappingAlgorithm = {
  RsaOaepSha256: 'RSAES_OAEP_SHA_256',
  RsaOaepSha1: 'RSAES_OAEP_SHA_1',
  RsaPkcs1V15: 'RSAES_PKCS1_V1_5',
} as const;
type WrappingAlgorithm = (typeof WrappingAlgorithm)[keyof typeof WrappingAlgorithm];

/** Why a history row was written (`GET /_emulator/keys/{key_id}/history`). */
const HistoryReason = {
  Created: 'created',
  Imported: 'imported',
  ExpiryRefreshed: 'expiry_refreshed',
  MaterialExpired: 'material_expired',
  MaterialDeleted: 'material_deleted',
  Enabled: 'enabled',
  Disabled: 'disabled',
  DeletionScheduled: 'deletion_scheduled',
  DeletionCancelled: 'deletion_cancelled',
  KeyDeleted: 'key_deleted',
} as const;
type HistoryReason = (typeof HistoryReason)[keyof typeof HistoryReason];

const ASYMMETRIC_SPECS: ReadonlySet<string> = new Set([
  KeySpec.Rsa2048,
  KeySpec.Rsa3072,
  KeySpec.Rsa4096,
  KeySpec.EcP256,
  KeySpec.EcP384,
]);

const KmsLimits = {
  customKeysPerProject: 100,
  tagsPerKey: 10,
  tagKeyChars: 36,
  tagValueChars: 43,
  plainTextMaxBytes: 4096,
  importTokenTtlSeconds: 24 * 3600,
  pendingDaysMin: 7,
  pendingDaysMax: 1096,
  listKeysDefaultLimit: 1000,
  resourceInstancesDefaultLimit: 10,
  resourceInstancesMaxLimit: 1000,
  aliasesDefaultLimit: 100,
  /** Expired import tokens are kept this long so a late use still reads KMS.2601, then purged. */
  expiredTokenRetentionMs: 7 * 24 * 3600 * 1000,
  /** Above this an `expiration_time` is almost surely milliseconds sent where seconds are expected. */
  maxExpirationEpochSeconds: 99_999_999_999,
} as const;

const KmsPatterns = {
  keyId: /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/,
  keyAlias: /^[a-zA-Z0-9:/_-]{1,255}$/,
  aliasName: /^alias\/[a-zA-Z0-9:/_-]{1,249}$/,
  importToken: /^[0-9a-zA-Z+/=]{200,6144}$/,
  encryptedKeyMaterial: /^[0-9a-zA-Z+/=]{344,360}$/,
  encryptedPrivateKey: /^[0-9a-zA-Z+/=]{200,6144}$/,
  cipherText: /^[0-9a-zA-Z+/=]{128,5648}$/,
  /** ASCII 0–31 and `* < > \ =` are forbidden in tag keys and values. */
  tagForbidden: /[\u0000-\u001f*<>\\=]/,
} as const;

export { ASYMMETRIC_SPECS, HistoryReason, KeySpec, KeyState, KeyUsage, KmsLimits, KmsPatterns, Origin, WrappingAlgorithm };
