/**
 * Recover: a managed key in Pending import (its material expired and was deleted, or someone deleted it) gets its
 * pinned material back by an import. The fingerprint check before wrapping makes sure it is the very material the
 * key had. This module decides whether a key may be recovered; the caller runs the import.
 */
import { KeyState } from '../domain/KeyState.js';
import { LifecycleError, LifecycleErrorCode } from './LifecycleError.js';
import { readManagedKey } from './managedKey.js';
import type { ManagedKey } from './managedKey.js';
import type { LifecycleDeps } from './types.js';

/** A key that may be recovered. */
interface Recoverable {
  key: ManagedKey;
  /** The state found (Pending import, or Enabled when forced). */
  state: KeyState;
  forced: boolean;
}

/**
 * Checks that `keyId` is a managed key in Pending import (or Enabled with `force`: an in-place re-import of the
 * same material).
 *
 * @throws {LifecycleError} `BYOK.NOT_MANAGED` for a key byok-keeper does not manage; `BYOK.NOT_PENDING_IMPORT`
 *   for a key in another state (Disabled and Pending deletion are refused even with `force`)
 * @example
 * const { key } = await checkRecoverable(deps, '0d4b…', { force: false });
 */
async function checkRecoverable(deps: Pick<LifecycleDeps, 'keys'>, keyId: string, opts: { force: boolean }): Promise<Recoverable> {
  const key = await readManagedKey(deps.keys, keyId);
  const info = await deps.keys.describeKey(keyId);
  const forced = info.keyState === KeyState.Enabled && opts.force;
  if (info.keyState !== KeyState.PendingImport && !forced) {
    const advice =
      info.keyState === KeyState.Enabled
        ? 'it has its material; pass "force": true to re-import its pinned material anyway'
        : info.keyState === KeyState.Disabled
          ? 'enable it first (enable-key); a disabled key cannot import'
          : info.keyState === KeyState.PendingDeletion
            ? 'cancel its deletion first (cancel-key-deletion)'
            : 'only keys in Pending import can be recovered';
    throw new LifecycleError(`key ${keyId} is ${info.keyState}, not Pending import: nothing to recover; ${advice}`, {
      code: LifecycleErrorCode.NotPendingImport,
      keyId,
    });
  }
  return { key, state: info.keyState, forced };
}

export { checkRecoverable };
export type { Recoverable };
