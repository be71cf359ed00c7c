/**
 * Stage import-material: import the wrapped material, then verify the key (state Enabled, expiry as requested —
 * unless `options.verifyImport` is false —, an encrypt/decrypt probe) and record the material's fingerprint after
 * the first success.
 */
import { isCloudApiError } from '../errors.js';
import { KeyState } from '../domain/KeyState.js';
import { SecretValue } from '../domain/SecretValue.js';
import { newCorrelationId } from '../middleware/ids.js';
import { StageName } from '../ports/index.js';
import { TagKey } from '../tags.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import { logStage } from './logStage.js';
import { TOKEN_REJECTED_CODES, refetchParameters } from './refetch.js';
import type { ImportMaterialEvent } from './schemas.js';
import type { StageDeps, StageResult } from './types.js';

/** A fixed, non-secret probe: encrypting and decrypting it proves the key works with its material. */
const PROBE_TEXT = 'byok-keeper import probe';
/** KMS stores the expiry in seconds; allow that rounding. */
const EXPIRY_TOLERANCE_MS = 1_000;
const DIFFERENT_MATERIAL = 'KMS.2606';

function verifyFailed(keyId: string, what: string): LifecycleError {
  return new LifecycleError(`key ${keyId} was imported but ${what}; check the key in the KMS console`, {
    code: LifecycleErrorCode.VerifyFailed,
    retryable: true,
    keyId,
  });
}

function differentMaterial(event: ImportMaterialEvent, cause: unknown): LifecycleError {
  return new LifecycleError(
    `ALERT: KMS refused the material for key ${event.key_id} (KMS.2606): it is not the material this key received ` +
      'first, and a key accepts no other. Not retried. Restore the original material in the secret version named by ' +
      `the key's ${TagKey.Secret}/${TagKey.Version} tags, or onboard the new material as a new key`,
    { code: DIFFERENT_MATERIAL, retryable: false, keyId: event.key_id, alert: true, cause },
  );
}

/** Describe-key check: answers the verified state and expiry. */
async function describeImported(deps: StageDeps, keyId: string, requested: Date | undefined): Promise<{ state: string; expiresAt: Date | undefined }> {
  const info = await deps.keys.describeKey(keyId);
  if (info.keyState !== KeyState.Enabled) throw verifyFailed(keyId, `its state is ${info.keyState} (${info.keyStateCode})`);
  const actual = info.expirationTime;
  if (requested === undefined && actual !== undefined) {
    throw verifyFailed(keyId, `its material expires at ${actual.toISOString()} although no expiry was requested`);
  }
  if (requested !== undefined && (actual === undefined || Math.abs(actual.getTime() - requested.getTime()) > EXPIRY_TOLERANCE_MS)) {
    throw verifyFailed(keyId, `its material expiry (${actual?.toISOString() ?? 'none'}) is not the requested ${requested.toISOString()}`);
  }
  return { state: info.keyState, expiresAt: actual };
}

/**
 * The describe-key check (unless `verifyImport` is off: then the import's success stands for Enabled with the
 * requested expiry) and the optional probe; answers the state and expiry.
 */
async function verifyImport(
  deps: StageDeps,
  keyId: string,
  requested: Date | undefined,
): Promise<{ state: string; expiresAt: Date | undefined }> {
  const verified =
    (deps.options?.verifyImport ?? true) ? await describeImported(deps, keyId, requested) : { state: KeyState.Enabled, expiresAt: requested };
  if (deps.options?.verifyProbe ?? true) {
    const encrypted = await deps.keys.encryptData(keyId, new SecretValue(PROBE_TEXT));
    const decrypted = await deps.keys.decryptData(encrypted.cipherText);
    if (decrypted.keyId !== keyId || decrypted.plainText.reveal() !== PROBE_TEXT) {
      throw verifyFailed(keyId, 'an encrypt/decrypt probe did not round-trip');
    }
  }
  return verified;
}

/** Writes `byok:fp` when the key has none yet (first verified import). */
async function recordFingerprint(deps: StageDeps, keyId: string, fp: string): Promise<void> {
  const tags = await deps.keys.showKeyTags(keyId);
  if (tags.some((tag) => tag.key === TagKey.Fingerprint && tag.value !== '')) return;
  await deps.keys.putKeyTags(keyId, [{ key: TagKey.Fingerprint, value: fp }]);
}

/**
 * import-material: `{key_id, import_token, encrypted_key_material, expiration_time, fingerprint, correlation_id?,
 * refetch?}` → `{ok, stage, key_id, state, expires_at, correlation_id}`. KMS.2601/2605 go back to
 * fetch-parameters once (`outcome: "refetch"`); KMS.2606 is an alert, never retried.
 *
 * @throws {LifecycleError} `KMS.2606`, `BYOK.VERIFY_FAILED`, `BYOK.IMPORT_TOKEN_REJECTED`
 */
async function importMaterialStage(event: ImportMaterialEvent, deps: StageDeps): Promise<StageResult> {
  const correlationId = event.correlation_id ?? newCorrelationId();
  return logStage(deps, { stage: StageName.ImportMaterial, action: 'import', key_id: event.key_id }, async () => {
    const requested = event.expiration_time === null ? undefined : new Date(event.expiration_time);
    try {
      await deps.keys.importKeyMaterial({
        keyId: event.key_id,
        importToken: new SecretValue(event.import_token),
        encryptedKeyMaterial: new SecretValue(event.encrypted_key_material),
        ...(requested !== undefined ? { expirationTime: requested } : {}),
      });
    } catch (error) {
      if (isCloudApiError(error) && TOKEN_REJECTED_CODES.has(error.code)) {
        const current = { key_id: event.key_id, correlation_id: correlationId, refetch: event.refetch };
        return refetchParameters(StageName.ImportMaterial, current, deps, `${error.code} on import`);
      }
      if (isCloudApiError(error) && error.code === DIFFERENT_MATERIAL) throw differentMaterial(event, error);
      throw error;
    }
    const verified = await verifyImport(deps, event.key_id, requested);
    await recordFingerprint(deps, event.key_id, event.fingerprint);
    return {
      ok: true,
      stage: StageName.ImportMaterial,
      key_id: event.key_id,
      correlation_id: correlationId,
      outcome: 'imported',
      state: verified.state,
      expires_at: verified.expiresAt?.toISOString() ?? null,
    };
  });
}

export { PROBE_TEXT, importMaterialStage };
