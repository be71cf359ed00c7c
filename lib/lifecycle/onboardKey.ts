/** Onboarding's first half: the managed key for a secret version, reachable by its alias (no import yet). */
import { checkAliasFree, claimAlias } from './claimAlias.js';
import { createManagedKey } from './createManagedKey.js';
import type { CreatedManagedKey, ManagedKeyInput } from './createManagedKey.js';
import type { LifecycleDeps } from './types.js';

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

export { createAliasedKey };
