/**
 * Stage create-key: a new external CMK for a secret version, tagged as managed, reachable as `alias/<alias>`;
 * then hands `{key_id}` to fetch-parameters.
 */
import { isCloudApiError } from '../errors.js';
import { newCorrelationId } from '../middleware/ids.js';
import { StageName } from '../ports/index.js';
import { isManaged, parseManagedTags } from '../tags.js';
import { createManagedKey } from './createManagedKey.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import { logStage } from './logStage.js';
import type { CreateKeyEvent } from './schemas.js';
import type { StageDeps, StageResult } from './types.js';

const KEY_NOT_FOUND = 'KMS.0207';

/** The KMS alias name of a user-facing alias. */
function kmsAliasName(alias: string): string {
  return `alias/${alias}`;
}

/** The key `alias/<alias>` points at, or `undefined` when the alias does not exist. */
async function aliasTarget(deps: StageDeps, alias: string): Promise<string | undefined> {
  try {
    return (await deps.keys.describeKey(kmsAliasName(alias))).keyId;
  } catch (error) {
    if (isCloudApiError(error) && error.code === KEY_NOT_FOUND) return undefined;
    throw error;
  }
}

function aliasInUse(alias: string, current: string): LifecycleError {
  return new LifecycleError(
    `${kmsAliasName(alias)} already points at key ${current}; to move it to a new secret version run a rotation ` +
      '(on-event {"action":"rotate"}), or onboard under another alias',
    { code: LifecycleErrorCode.AliasInUse, keyId: current },
  );
}

/**
 * Refuses before anything is created when the alias points at a key that is not this very onboarding's (same
 * secret and resolved version): a repeated create-key passes, a clash does not.
 */
async function checkAliasFree(deps: StageDeps, event: CreateKeyEvent, versionId: string): Promise<void> {
  const current = await aliasTarget(deps, event.alias);
  if (current === undefined) return;
  const tags = await deps.keys.showKeyTags(current);
  const managed = isManaged(tags) ? parseManagedTags(tags) : undefined;
  if (managed?.secretName !== event.secret.name || managed.versionId !== versionId) throw aliasInUse(event.alias, current);
}

/**
 * Points `alias/<alias>` at a freshly onboarded key. An alias that already points at another key is left alone:
 * moving it is a rotation, which imports into the new key first.
 */
async function claimAlias(deps: StageDeps, alias: string, keyId: string): Promise<void> {
  const current = await aliasTarget(deps, alias);
  if (current === keyId) return;
  if (current !== undefined) throw aliasInUse(alias, current);
  await deps.keys.moveAlias(kmsAliasName(alias), keyId);
}

/**
 * create-key: `{alias, description?, secret:{name, version?}, ttl?, key_spec?, correlation_id?}` →
 * dispatches fetch-parameters `{key_id, correlation_id}` and answers `{ok, stage, key_id, correlation_id, ...}`.
 * Repeating it after an ambiguous failure reuses the key created the first time.
 *
 * @example
 * await createKeyStage({ alias: 'app', secret: { name: 'app-key' } }, deps);
 */
async function createKeyStage(event: CreateKeyEvent, deps: StageDeps): Promise<StageResult> {
  const correlationId = event.correlation_id ?? newCorrelationId();
  return logStage(deps, { stage: StageName.CreateKey, action: 'create', alias: event.alias }, async () => {
    const key = await createManagedKey(
      {
        alias: event.alias,
        secretName: event.secret.name,
        ...(event.secret.version !== undefined ? { version: event.secret.version } : {}),
        ...(event.ttl !== undefined ? { ttl: event.ttl } : {}),
        ...(event.key_spec !== undefined ? { keySpec: event.key_spec } : {}),
        ...(event.description !== undefined ? { description: event.description } : {}),
        beforeCreate: (versionId) => checkAliasFree(deps, event, versionId),
      },
      deps,
    );
    await claimAlias(deps, event.alias, key.keyId);
    await deps.dispatcher.dispatch(StageName.FetchParameters, { key_id: key.keyId, correlation_id: correlationId });
    return {
      ok: true,
      stage: StageName.CreateKey,
      key_id: key.keyId,
      correlation_id: correlationId,
      alias: event.alias,
      key_alias: key.keyAlias,
      secret_version: key.versionId,
      ttl: key.ttl,
      reused: key.reused,
    };
  });
}

export { createKeyStage, kmsAliasName };
