/**
 * Stage import-material: imports the wrapped material from the event (the lifecycle's importMaterial: import,
 * verify, record the fingerprint). A token KMS refuses goes back to fetch-parameters once; a material mismatch is
 * an alert, never retried.
 */
import { newCorrelationId } from '../domain/ids.js';
import { SecretValue } from '../domain/SecretValue.js';
import { ErrorKind, hasKind } from '../errors/index.js';
import { importMaterial } from '../lifecycle/index.js';
import { StageName } from '../ports/index.js';
import { TagKey } from '../tags.js';
import { logStage } from './logStage.js';
import { refetchParameters } from './refetch.js';
import type { ImportMaterialEvent } from './schemas.js';
import type { ImportMaterialResult, RefetchResult, StageDeps } from './types.js';

/**
 * import-material: `{key_id, import_token, encrypted_key_material, expiration_time, fingerprint, correlation_id?,
 * refetch?}` → `{ok, stage, key_id, state, expires_at, correlation_id}`.
 *
 * @throws {LifecycleError} material mismatch, `BYOK.VERIFY_FAILED`, `BYOK.IMPORT_TOKEN_REJECTED`
 */
async function importMaterialStage(event: ImportMaterialEvent, deps: StageDeps): Promise<ImportMaterialResult | RefetchResult> {
  const correlationId = event.correlation_id ?? newCorrelationId();
  return logStage(deps, { stage: StageName.ImportMaterial, action: 'import', key_id: event.key_id }, async () => {
    const tags = await deps.keys.showKeyTags(event.key_id);
    try {
      const outcome = await importMaterial(deps, {
        importToken: new SecretValue(event.import_token),
        wrapped: {
          keyId: event.key_id,
          encryptedKeyMaterial: new SecretValue(event.encrypted_key_material),
          fingerprint: event.fingerprint,
          expiresAt: event.expiration_time === null ? undefined : new Date(event.expiration_time),
        },
        fingerprintRecorded: tags.some((tag) => tag.key === TagKey.Fingerprint && tag.value !== ''),
      });
      return {
        ok: true,
        stage: StageName.ImportMaterial,
        key_id: event.key_id,
        correlation_id: correlationId,
        outcome: 'imported',
        state: outcome.state,
        expires_at: outcome.expiresAt?.toISOString() ?? null,
      };
    } catch (error) {
      if (!hasKind(error, ErrorKind.ImportTokenRejected)) throw error;
      const current = { key_id: event.key_id, correlation_id: correlationId, refetch: event.refetch };
      return refetchParameters(StageName.ImportMaterial, current, deps, { code: error.code, text: `${error.code} on import`, cause: error });
    }
  });
}

export { importMaterialStage };
