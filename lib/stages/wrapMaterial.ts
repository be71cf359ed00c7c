/**
 * Stage wrap-material: the only place plaintext material exists. Reads the secret version pinned in the key's
 * tags, checks its fingerprint, wraps it with the wrapping key, zeroes it, and hands the wrapped material plus the
 * expiry to request to import-material.
 */
import { fingerprint, fingerprintsEqual } from '../crypto/fingerprint.js';
import { wrapMaterial } from '../crypto/wrapMaterial.js';
import { zeroize } from '../crypto/zeroize.js';
import { newCorrelationId } from '../middleware/ids.js';
import { StageName } from '../ports/index.js';
import { TagError, TagKey, parseManagedTags } from '../tags.js';
import type { ManagedKeyTags } from '../tags.js';
import { TtlError, expiryFor, parseTtl } from '../ttl.js';
import type { Ttl } from '../ttl.js';
import { decodeSecretMaterial } from './decodeSecretMaterial.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import { logStage } from './logStage.js';
import { refetchParameters } from './refetch.js';
import type { WrapMaterialEvent } from './schemas.js';
import type { StageDeps, StageResult } from './types.js';

/** The managed tags of a key, or `BYOK.NOT_MANAGED` saying what is wrong. */
async function readManagedTags(deps: StageDeps, keyId: string): Promise<{ tags: ManagedKeyTags; ttl: Ttl }> {
  const notManaged = (why: string, cause: unknown): LifecycleError =>
    new LifecycleError(`key ${keyId} is not a usable byok-keeper key: ${why}; onboard it (create-key) or fix its tags`, {
      code: LifecycleErrorCode.NotManaged,
      keyId,
      cause,
    });
  try {
    const tags = parseManagedTags(await deps.keys.showKeyTags(keyId));
    return { tags, ttl: parseTtl(tags.ttl) };
  } catch (error) {
    if (error instanceof TagError) throw notManaged(error.message, error);
    if (error instanceof TtlError) throw notManaged(`tag ${TagKey.Ttl}: ${error.message}`, error);
    throw error;
  }
}

/** Fingerprint check and wrap, with the material zeroed whatever happens. */
function fingerprintAndWrap(
  material: Buffer,
  expected: string | undefined,
  event: WrapMaterialEvent,
  tags: ManagedKeyTags,
): { fp: string; wrapped: string } {
  try {
    const fp = fingerprint(material);
    if (expected !== undefined && !fingerprintsEqual(fp, expected)) {
      throw new LifecycleError(
        `secret ${tags.secretName} version ${tags.versionId} does not hold the material key ${event.key_id} was first ` +
          `imported with (${TagKey.Fingerprint} differs); nothing was imported. Restore the original material in that ` +
          'version, or onboard the new material as a new key (rotation)',
        { code: LifecycleErrorCode.FingerprintMismatch, keyId: event.key_id, alert: true },
      );
    }
    return { fp, wrapped: wrapMaterial(material, event.public_key, event.wrapping_algorithm).wrapped };
  } finally {
    zeroize(material);
  }
}

/**
 * wrap-material: `{key_id, import_token, public_key, params_expire_at, wrapping_algorithm, correlation_id?,
 * refetch?}` → dispatches import-material `{key_id, import_token, encrypted_key_material, expiration_time (ISO |
 * null), fingerprint, correlation_id, refetch}`. Parameters that already expired go back to fetch-parameters once.
 *
 * @throws {LifecycleError} `BYOK.NOT_MANAGED`, `BYOK.BAD_SECRET_MATERIAL`, `BYOK.FINGERPRINT_MISMATCH`
 */
async function wrapMaterialStage(event: WrapMaterialEvent, deps: StageDeps): Promise<StageResult> {
  const correlationId = event.correlation_id ?? newCorrelationId();
  return logStage(deps, { stage: StageName.WrapMaterial, action: 'wrap', key_id: event.key_id }, async () => {
    const { tags, ttl } = await readManagedTags(deps, event.key_id);
    const now = deps.clock.now();
    if (Date.parse(event.params_expire_at) <= now.getTime()) {
      const current = { key_id: event.key_id, correlation_id: correlationId, refetch: event.refetch };
      return refetchParameters(StageName.WrapMaterial, current, deps, 'import parameters expired before wrapping');
    }
    const secret = await deps.secrets.readVersion(tags.secretName, tags.versionId);
    const { fp, wrapped } = fingerprintAndWrap(decodeSecretMaterial(secret), tags.fingerprint, event, tags);
    const expiresAt = expiryFor(ttl, now);
    await deps.dispatcher.dispatch(StageName.ImportMaterial, {
      key_id: event.key_id,
      import_token: event.import_token,
      encrypted_key_material: wrapped,
      expiration_time: expiresAt?.toISOString() ?? null,
      fingerprint: fp,
      correlation_id: correlationId,
      refetch: event.refetch,
    });
    return {
      ok: true,
      stage: StageName.WrapMaterial,
      key_id: event.key_id,
      correlation_id: correlationId,
      requested_expires_at: expiresAt?.toISOString() ?? null,
    };
  });
}

export { readManagedTags, wrapMaterialStage };
