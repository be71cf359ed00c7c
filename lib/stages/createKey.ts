/** Stage create-key: a new managed key for a secret version, reachable by its alias; then hands `{key_id}` on. */
import { newCorrelationId } from '../domain/ids.js';
import { createAliasedKey } from '../lifecycle/index.js';
import { StageName } from '../ports/index.js';
import { logStage } from './logStage.js';
import type { CreateKeyEvent } from './schemas.js';
import type { CreateKeyResult, StageDeps } from './types.js';

/**
 * create-key: `{alias, description?, secret:{name, version?}, ttl?, key_spec?, correlation_id?}` → dispatches
 * fetch-parameters `{key_id, correlation_id}`. Repeating it after an ambiguous failure reuses the key created the
 * first time.
 *
 * @example
 * await createKeyStage({ alias: 'app', secret: { name: 'app-key' } }, deps);
 */
async function createKeyStage(event: CreateKeyEvent, deps: StageDeps): Promise<CreateKeyResult> {
  const correlationId = event.correlation_id ?? newCorrelationId();
  return logStage(deps, { stage: StageName.CreateKey, action: 'create', alias: event.alias }, async () => {
    const key = await createAliasedKey(deps, {
      alias: event.alias,
      secretName: event.secret.name,
      ...(event.secret.version !== undefined ? { version: event.secret.version } : {}),
      ...(event.ttl !== undefined ? { ttl: event.ttl } : {}),
      ...(event.key_spec !== undefined ? { keySpec: event.key_spec } : {}),
      ...(event.description !== undefined ? { description: event.description } : {}),
    });
    await deps.dispatcher.dispatch(StageName.FetchParameters, { key_id: key.keyId, correlation_id: correlationId });
    return {
      ok: true,
      stage: StageName.CreateKey,
      key_id: key.keyId,
      correlation_id: correlationId,
      outcome: 'ok',
      alias: event.alias,
      key_name: key.name,
      secret_version: key.versionId,
      ttl: key.ttl,
      reused: key.reused,
    };
  });
}

export { createKeyStage };
