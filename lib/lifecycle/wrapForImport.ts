/**
 * The only place plaintext material exists: read the secret version pinned in the key's tags, check its fingerprint
 * against `byok:fp`, wrap it with the wrapping key, and zero it whatever happens.
 */
import { fingerprint, fingerprintsEqual } from '../crypto/fingerprint.js';
import { wrapMaterial } from '../crypto/wrapMaterial.js';
import { zeroize } from '../crypto/zeroize.js';
import type { WrappingAlgorithm } from '../domain/ImportParameters.js';
import { SecretValue } from '../domain/SecretValue.js';
import { TagKey } from '../tags.js';
import { expiryFor } from '../ttl.js';
import { decodeSecretMaterial } from './decodeSecretMaterial.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import type { ManagedKey } from './managedKey.js';
import type { LifecycleDeps, WrappedMaterial } from './types.js';

/** The wrapping key of one get-parameters-for-import answer. */
interface WrappingKey {
  /** Base64 DER SubjectPublicKeyInfo. */
  publicKey: string;
  algorithm: WrappingAlgorithm;
}

function mismatch(key: ManagedKey): LifecycleError {
  return new LifecycleError(
    `secret ${key.tags.secretName} version ${key.tags.versionId} does not hold the material key ${key.keyId} was first ` +
      `imported with (${TagKey.Fingerprint} differs); nothing was imported. Restore the original material in that ` +
      'version, or onboard the new material as a new key (rotation)',
    { code: LifecycleErrorCode.FingerprintMismatch, keyId: key.keyId, alert: true },
  );
}

/**
 * Wraps the key's pinned material for one import; the expiry to request comes from the key's ttl.
 *
 * @throws {LifecycleError} `BYOK.BAD_SECRET_MATERIAL`, `BYOK.FINGERPRINT_MISMATCH`; `WrapError`; `CloudApiError`
 * @example
 * const wrapped = await wrapForImport(deps, key, { publicKey: params.publicKey, algorithm: WRAPPING_ALGORITHM });
 */
async function wrapForImport(
  deps: Pick<LifecycleDeps, 'secrets' | 'clock'>,
  key: ManagedKey,
  wrappingKey: WrappingKey,
): Promise<WrappedMaterial> {
  const secret = await deps.secrets.readVersion(key.tags.secretName, key.tags.versionId);
  const material = decodeSecretMaterial(secret);
  try {
    const fp = fingerprint(material);
    if (key.tags.fingerprint !== undefined && !fingerprintsEqual(fp, key.tags.fingerprint)) throw mismatch(key);
    const { wrapped } = wrapMaterial(material, wrappingKey.publicKey, wrappingKey.algorithm);
    return {
      keyId: key.keyId,
      encryptedKeyMaterial: new SecretValue(wrapped),
      fingerprint: fp,
      expiresAt: expiryFor(key.ttl, deps.clock.now()),
    };
  } finally {
    zeroize(material);
  }
}

export { wrapForImport };
export type { WrappingKey };
