/** Stage fetch-parameters: a fresh wrapping key and import token for a key, handed to wrap-material. */
import { newCorrelationId } from '../domain/ids.js';
import { WRAPPING_ALGORITHM, fetchParameters } from '../lifecycle/index.js';
import { StageName } from '../ports/index.js';
import { logStage } from './logStage.js';
import type { FetchParametersEvent } from './schemas.js';
import type { FetchParametersResult, StageDeps } from './types.js';

/**
 * fetch-parameters: `{key_id, correlation_id?, refetch?}` → dispatches wrap-material `{key_id, import_token,
 * public_key, params_expire_at, wrapping_algorithm, correlation_id, refetch}`. The token travels in the event (it
 * is what the next stage needs) and is never logged.
 *
 * @example
 * await fetchParametersStage({ key_id, correlation_id, refetch: 0 }, deps);
 */
async function fetchParametersStage(event: FetchParametersEvent, deps: StageDeps): Promise<FetchParametersResult> {
  const correlationId = event.correlation_id ?? newCorrelationId();
  return logStage(deps, { stage: StageName.FetchParameters, action: 'fetch-parameters', key_id: event.key_id }, async () => {
    const params = await fetchParameters(deps.keys, event.key_id);
    const paramsExpireAt = params.expiresAt.toISOString();
    await deps.dispatcher.dispatch(StageName.WrapMaterial, {
      key_id: event.key_id,
      import_token: params.importToken.reveal(),
      public_key: params.publicKey,
      params_expire_at: paramsExpireAt,
      wrapping_algorithm: WRAPPING_ALGORITHM,
      correlation_id: correlationId,
      refetch: event.refetch,
    });
    return {
      ok: true,
      stage: StageName.FetchParameters,
      key_id: event.key_id,
      correlation_id: correlationId,
      outcome: 'ok',
      params_expire_at: paramsExpireAt,
    };
  });
}

export { fetchParametersStage };
