/**
 * Onboarding: the managed key for a secret version, reachable by its alias. `createAliasedKey` is the first half
 * (the create-key stage hands the import on to the next stages); `onboardManagedKey` does it all in one process —
 * create, import, alias — and rolls a half-made key back when a step after its creation fails, instead of leaving
 * a key in Pending import that every later plan reports.
 */
import { isByokError } from '../errors/index.js';
import { KeyState } from '../domain/KeyState.js';
import { checkAliasFree, claimAlias } from './claimAlias.js';
import { createManagedKey } from './createManagedKey.js';
import type { CreatedManagedKey, ManagedKeyInput } from './createManagedKey.js';
import { importPinnedMaterial } from './importPinnedMaterial.js';
import { LifecycleError } from './LifecycleError.js';
import { readManagedKey } from './managedKey.js';
import type { ImportOutcome, LifecycleDeps } from './types.js';

/** Days a rolled-back key waits before KMS deletes it (Huawei's minimum). */
const ROLLBACK_PENDING_DAYS = 7;

/** What a whole onboarding did. */
interface OnboardedKey {
  key: CreatedManagedKey;
  /** The import's outcome; `undefined` when an earlier run had imported the key already. */
  outcome: ImportOutcome | undefined;
  state: KeyState;
  expiresAt: Date | undefined;
}

/**
 * Creates (or finds again) the managed key and points the alias at it. Refuses before anything is created when
 * the alias points at another key.
 *
 * @throws {LifecycleError} `BYOK.ALIAS_IN_USE`, `BYOK.INVALID_INPUT`, `BYOK.KEY_CONFLICT`; `CloudApiError`
 * @example
 * const key = await createAliasedKey(deps, { alias: 'app', secretName: 'app-key' });
 */
async function createAliasedKey(deps: LifecycleDeps, input: Omit<ManagedKeyInput, 'beforeCreate'>): Promise<CreatedManagedKey> {
  const key = await createManagedKey(
    { ...input, beforeCreate: (versionId) => checkAliasFree(deps.keys, input.alias, { secretName: input.secretName, versionId }) },
    deps,
  );
  await claimAlias(deps.keys, input.alias, key.keyId);
  return key;
}

/** Schedules the half-made key's deletion and says so in the error; if that fails too, says what is left. */
async function rollBack(deps: LifecycleDeps, key: CreatedManagedKey, error: unknown): Promise<never> {
  const why = isByokError(error) ? `${error.code}: ${error.message.replace(/[.\s]+$/, '')}` : 'an unexpected error';
  const keep = isByokError(error) ? { code: error.code, retryable: error.retryable, ...(error.kind ? { kind: error.kind } : {}) } : { code: 'BYOK.INTERNAL' };
  try {
    await deps.keys.scheduleKeyDeletion(key.keyId, ROLLBACK_PENDING_DAYS);
  } catch (rollbackError) {
    const code = isByokError(rollbackError) ? rollbackError.code : 'an unexpected error';
    throw new LifecycleError(
      `onboarding of key ${key.keyId} failed (${why}), and rolling it back failed too (${code}): the key stays in ` +
        `Pending import; run the onboarding again to finish it, or schedule its deletion (byok offboard)`,
      { ...keep, keyId: key.keyId, cause: error },
    );
  }
  deps.logger.warn('onboard.rolled_back', { key_id: key.keyId, error_code: keep.code, pending_days: ROLLBACK_PENDING_DAYS });
  throw new LifecycleError(
    `onboarding of key ${key.keyId} failed (${why}); the half-made key was scheduled for deletion in ` +
      `${ROLLBACK_PENDING_DAYS} days, and KMS keeps its name ${key.name} until then: onboard again with another alias ` +
      'or secret version, or cancel its deletion (cancel-key-deletion) and run the onboarding again',
    { ...keep, keyId: key.keyId, cause: error },
  );
}

/**
 * The whole onboarding in this process: the key (checked material, free alias), its import, then its alias. A
 * failure after the key was created rolls it back (scheduled for deletion) unless an earlier run had imported
 * it; a repeated onboarding of a finished key only makes sure of the alias.
 *
 * @throws {LifecycleError} what {@link createAliasedKey} and the import throw; after a rollback, an error that
 *   says the key was scheduled for deletion
 * @example
 * const { key, expiresAt } = await onboardManagedKey(deps, { alias: 'app', secretName: 'app-key', ttl: '30d' });
 */
async function onboardManagedKey(deps: LifecycleDeps, input: Omit<ManagedKeyInput, 'beforeCreate'>): Promise<OnboardedKey> {
  const key = await createManagedKey(
    { ...input, beforeCreate: (versionId) => checkAliasFree(deps.keys, input.alias, { secretName: input.secretName, versionId }) },
    deps,
  );
  let imported = false;
  try {
    const managed = await readManagedKey(deps.keys, key.keyId);
    imported = managed.tags.fingerprint !== undefined;
    const info = await deps.keys.describeKey(key.keyId);
    imported ||= info.keyState !== KeyState.PendingImport;
    const outcome = info.keyState === KeyState.PendingImport ? await importPinnedMaterial(deps, managed) : undefined;
    await claimAlias(deps.keys, input.alias, key.keyId);
    return {
      key,
      outcome,
      state: outcome?.state ?? info.keyState,
      expiresAt: outcome === undefined ? info.expirationTime : outcome.expiresAt,
    };
  } catch (error) {
    // A key an earlier run imported (byok:fp, or material) may already hold data: never delete it here.
    if (imported) throw error;
    return rollBack(deps, key, error);
  }
}

export { ROLLBACK_PENDING_DAYS, createAliasedKey, onboardManagedKey };
export type { OnboardedKey };
