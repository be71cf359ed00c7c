/**
 * Stage wrap-material: reads the key's tags, wraps its pinned material for the import token in the event (the
 * lifecycle's wrapForImport, where plaintext exists and is zeroed) and hands the wrapped material plus the expiry
 * to request to import-material.
 */
import { newCorrelationId } from '../domain/ids.js';
import { readManagedKey, wrapForImport } from '../lifecycle/index.js';
import { StageName } from '../ports/index.js';
import { logStage } from './logStage.js';
import { refetchParameters } from './refetch.js';
import type { WrapMaterialEvent } from './schemas.js';
import type { RefetchResult, StageDeps, WrapMaterialResult } from './types.js';

/**
 * wrap-material: `{key_id, import_token, public_key, params_expire_at, wrapping_algorithm, correlation_id?,
 * refetch?}` → dispatches import-material `{key_id, import_token, encrypted_key_material, expiration_time (ISO |
 * null), fingerprint, correlation_id, refetch}`. Parameters that already expired go back to fetch-parameters once.
 *
 * @throws {LifecycleError} `BYOK.NOT_MANAGED`, `BYOK.BAD_SECRET_MATERIAL`, `BYOK.FINGERPRINT_MISMATCH`
 */
async function wrapMaterialStage(event: WrapMaterialEvent, deps: StageDeps): Promise<WrapMaterialResult | RefetchResult> {
  const correlationId = event.correlation_id ?? newCorrelationId();
  return logStage(deps, { stage: StageName.WrapMaterial, action: 'wrap', key_id: event.key_id }, async () => {
    const key = await readManagedKey(deps.keys, event.key_id);
    if (Date.parse(event.params_expire_at) <= deps.clock.now().getTime()) {
      const current = { key_id: event.key_id, correlation_id: correlationId, refetch: event.refetch };
      return refetchParameters(StageName.WrapMaterial, current, deps, { code: 'BYOK.PARAMS_EXPIRED', text: 'import parameters expired before wrapping' });
    }
    const wrapped = await wrapForImport(deps, key, { publicKey: event.public_key, algorithm: event.wrapping_algorithm });
    const expiresAt = wrapped.expiresAt?.toISOString() ?? null;
    await deps.dispatcher.dispatch(StageName.ImportMaterial, {
      key_id: event.key_id,
      import_token: event.import_token,
      encrypted_key_material: wrapped.encryptedKeyMaterial.reveal(),
      expiration_time: expiresAt,
      fingerprint: wrapped.fingerprint,
      correlation_id: correlationId,
      refetch: event.refetch,
    });
    return {
      ok: true,
      stage: StageName.WrapMaterial,
      key_id: event.key_id,
      correlation_id: correlationId,
      outcome: 'ok',
      requested_expires_at: expiresAt,
    };
  });
}

export { wrapMaterialStage };
