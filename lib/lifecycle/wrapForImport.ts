/**
 * The only place plaintext material exists: read the secret version pinned in the key's tags, check its fingerprint
 * against `byok:fp`, wrap it with the wrapping key, and zero it whatever happens (held between the read and the wrap
 * only by a delete-first renewal whose parameters come after the delete: `readPinnedMaterial`).
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

/** The key's pinned material, read and checked, held until it is wrapped once or disposed (then zeroed). */
interface HeldMaterial {
  /** Wraps the material for one import and zeroes it. */
  wrap(wrappingKey: WrappingKey): WrappedMaterial;
  /** Zeroes the material unwrapped (call in `finally`). */
  dispose(): void;
}

/**
 * Reads the secret version pinned in the key's tags and checks it against `byok:fp`, holding the plaintext for one
 * wrap. For a renewal that must delete the material before KMS hands out import parameters: everything that can
 * fail on our side (secret read, fingerprint) is done before the delete, the wrap right after the parameters.
 *
 * @throws {LifecycleError} `BYOK.BAD_SECRET_MATERIAL`, `BYOK.FINGERPRINT_MISMATCH`; `CloudApiError`
 * @example
 * const held = await readPinnedMaterial(deps, key);
 * try { ...; const wrapped = held.wrap({ publicKey, algorithm }); } finally { held.dispose(); }
 */
async function readPinnedMaterial(deps: Pick<LifecycleDeps, 'secrets' | 'clock'>, key: ManagedKey): Promise<HeldMaterial> {
  const secret = await deps.secrets.readVersion(key.tags.secretName, key.tags.versionId);
  const material = decodeSecretMaterial(secret);
  let fp: string;
  try {
    fp = fingerprint(material);
    if (key.tags.fingerprint !== undefined && !fingerprintsEqual(fp, key.tags.fingerprint)) throw mismatch(key);
  } catch (error) {
    zeroize(material);
    throw error;
  }
  return {
    wrap: (wrappingKey) => {
      try {
        const { wrapped } = wrapMaterial(material, wrappingKey.publicKey, wrappingKey.algorithm);
        return { keyId: key.keyId, encryptedKeyMaterial: new SecretValue(wrapped), fingerprint: fp, expiresAt: expiryFor(key.ttl, deps.clock.now()) };
      } finally {
        zeroize(material);
      }
    },
    dispose: () => zeroize(material),
  };
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
  const held = await readPinnedMaterial(deps, key);
  try {
    return held.wrap(wrappingKey);
  } finally {
    held.dispose();
  }
}

export { readPinnedMaterial, wrapForImport };
export type { HeldMaterial, WrappingKey };
