/**
 * Onboarding's alias rules: an alias that already points at another key is left alone — moving it is a rotation,
 * which imports into the new key first.
 */
import type { KeyService } from '../ports/index.js';
import { isManaged, parseManagedTags } from '../tags.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';

function aliasInUse(alias: string, current: string): LifecycleError {
  return new LifecycleError(
    `alias ${alias} already points at key ${current}; to move it to a new secret version run a rotation ` +
      '(on-event {"action":"rotate"}), or onboard under another alias',
    { code: LifecycleErrorCode.AliasInUse, keyId: current },
  );
}

/**
 * Refuses before anything is created when the alias points at a key that is not this very onboarding's (same
 * secret and resolved version): a repeated onboarding passes, a clash does not.
 *
 * @throws {LifecycleError} `BYOK.ALIAS_IN_USE`
 */
async function checkAliasFree(
  keys: Pick<KeyService, 'resolveAlias' | 'showKeyTags'>,
  alias: string,
  pinned: { secretName: string; versionId: string },
): Promise<void> {
  const current = await keys.resolveAlias(alias);
  if (current === undefined) return;
  const tags = await keys.showKeyTags(current);
  const managed = isManaged(tags) ? parseManagedTags(tags) : undefined;
  if (managed?.secretName !== pinned.secretName || managed.versionId !== pinned.versionId) throw aliasInUse(alias, current);
}

/**
 * Points the alias at a freshly onboarded key, unless it points at another key already.
 *
 * @throws {LifecycleError} `BYOK.ALIAS_IN_USE`
 */
async function claimAlias(keys: Pick<KeyService, 'resolveAlias' | 'moveAlias'>, alias: string, keyId: string): Promise<void> {
  const current = await keys.resolveAlias(alias);
  if (current === keyId) return;
  if (current !== undefined) throw aliasInUse(alias, current);
  await keys.moveAlias(alias, keyId);
}

export { checkAliasFree, claimAlias };
