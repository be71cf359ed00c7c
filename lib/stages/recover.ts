/**
 * Recover: a managed key in Pending import (its material expired and was deleted, or someone deleted it) gets its
 * pinned material back through the import stages (fetch-parameters → wrap-material → import-material). The
 * fingerprint check in wrap-material makes sure it is the very material the key had.
 */
import { KeyState } from '../domain/KeyState.js';
import { StageName } from '../ports/index.js';
import { LifecycleError } from './LifecycleError.js';
import type { StageDeps } from './types.js';
import { readManagedTags } from './wrapMaterial.js';

/** Recover's own refusal code: the key is not in Pending import. */
const RecoverErrorCode = { NotPendingImport: 'BYOK.NOT_PENDING_IMPORT' } as const;

/** What recover did. */
interface RecoverReport {
  key_id: string;
  /** The state found before recovering. */
  state: string;
  outcome: 'recovery-started';
  forced: boolean;
}

/**
 * Checks that `keyId` is a managed key in Pending import (or Enabled with `force`: an in-place re-import of the
 * same material) and hands `{key_id}` to fetch-parameters.
 *
 * @throws {LifecycleError} `BYOK.NOT_MANAGED` for a key byok-keeper does not manage; `BYOK.NOT_PENDING_IMPORT`
 *   for a key in another state (Disabled and Pending deletion are refused even with `force`)
 * @example
 * await recoverKey('0d4b…', { force: false }, deps, correlationId);
 */
async function recoverKey(keyId: string, opts: { force: boolean }, deps: StageDeps, correlationId: string): Promise<RecoverReport> {
  await readManagedTags(deps, keyId);
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
    throw new LifecycleError(`key ${keyId} is ${info.keyState} (${info.keyStateCode}), not Pending import: nothing to recover; ${advice}`, {
      code: RecoverErrorCode.NotPendingImport,
      keyId,
    });
  }
  deps.logger.info('recover.start', { key_id: keyId, state: info.keyState, action: 'recover', forced });
  await deps.dispatcher.dispatch(StageName.FetchParameters, { key_id: keyId, correlation_id: correlationId });
  return { key_id: keyId, state: info.keyState, outcome: 'recovery-started', forced };
}

export { RecoverErrorCode, recoverKey };
export type { RecoverReport };
