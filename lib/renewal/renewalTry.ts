/**
 * One try at renewing (or recovering) one key: the lifecycle's three steps in sequence — fetch parameters, wrap,
 * import — with what renewal adds before the import:
 *  1. a re-describe of the key (when the sweep does not hold the lock, and on every retry): a key whose expiry
 *     another run already pushed beyond the lead is left alone (`already-renewed`), which keeps overlapping sweeps
 *     from importing twice when the lock is unavailable;
 *  2. the re-import mode for an enabled key: in-place, delete-first (delete-imported-key-material right before the
 *     import, with parameters fetched and material wrapped already, so the key is without material for two calls
 *     only), or auto (in-place, and delete-first for the rest of the sweep once the cloud refuses in-place).
 * A key in Pending import (a recovery, or a second pass after our delete) is simply imported.
 */
import type { KeyInfo } from '../domain/KeyInfo.js';
import { KeyState } from '../domain/KeyState.js';
import { ErrorKind, hasKind } from '../errors/index.js';
import {
  LifecycleError,
  LifecycleErrorCode,
  MAX_REFETCH,
  WRAPPING_ALGORITHM,
  fetchParameters,
  importWrapped,
  tokenRejectedAgain,
  verifyImported,
  wrapForImport,
} from '../lifecycle/index.js';
import type { ImportOutcome, LifecycleDeps, ManagedKey, WrappedMaterial } from '../lifecycle/index.js';
import type { ImportParameters } from '../domain/ImportParameters.js';
import { RenewalMode, RenewalStep } from './constants.js';
import type { KeyRecord, ModeMemo } from './KeyRecord.js';
import type { PlannedKey, SweepDeps } from './types.js';

/** What one try needs from the sweep (ports gated, options, the key's record). */
interface TryContext extends LifecycleDeps {
  mode: RenewalMode;
  memo: ModeMemo;
  record: KeyRecord;
  /** Re-describe before importing. */
  recheck: boolean;
  /** delete-first refuses to delete with an import token this close to its expiry. */
  tokenMarginMs: number;
  elapsedMs: () => number;
  beforeStep: SweepDeps['beforeStep'];
}

/** How a try ended well. */
type TryResult = { kind: 'imported' | 'already-renewed'; expiresAt: Date | undefined };

/** True when the key needs nothing any more: enabled, and its expiry is beyond the lead (or absent for `never`). */
function isUpToDate(info: KeyInfo, nowMs: number, leadMs: number, ttlNever: boolean): boolean {
  if (info.keyState !== KeyState.Enabled) return false;
  if (info.expirationTime === undefined) return ttlNever;
  return info.expirationTime.getTime() - nowMs > leadMs;
}

/** The key's state before importing, re-described or as far as this sweep knows; `undefined` when up to date. */
async function stateBeforeImport(planned: PlannedKey, key: ManagedKey, ctx: TryContext): Promise<KeyState | { upToDate: KeyInfo }> {
  const { record } = ctx;
  if (!ctx.recheck) {
    if (record.deletedByUs) return KeyState.PendingImport;
    return record.importedByUs ? KeyState.Enabled : planned.row.state;
  }
  const info = await ctx.keys.describeKey(key.keyId);
  if (isUpToDate(info, ctx.clock.now().getTime(), planned.leadMs, key.ttl.seconds === null)) {
    ctx.logger.info('renewal.already_renewed', { key_id: key.keyId, expires_at: info.expirationTime?.toISOString() ?? null });
    return { upToDate: info };
  }
  if (info.keyState === KeyState.PendingImport && !record.deletedByUs) record.foundPendingImport = true;
  if (info.keyState !== KeyState.Enabled && info.keyState !== KeyState.PendingImport) {
    throw new LifecycleError(`key ${key.keyId} became ${info.keyState} during the sweep; it was not renewed`, {
      code: LifecycleErrorCode.KeyStateChanged,
      keyId: key.keyId,
    });
  }
  return info.keyState;
}

/** The import call, recorded (its answer closes a delete-first gap), then the verification. */
async function importRecorded(ctx: TryContext, params: ImportParameters, wrapped: WrappedMaterial, key: ManagedKey): Promise<ImportOutcome> {
  try {
    await importWrapped(ctx, params.importToken, wrapped);
    ctx.record.importAnswered(undefined, ctx.elapsedMs());
  } catch (error) {
    ctx.record.importAnswered(error, ctx.elapsedMs());
    throw error;
  }
  return verifyImported(ctx, wrapped, key.tags.fingerprint !== undefined);
}

/** delete-imported-key-material, then the import with the token and wrapped material already in hand. */
async function deleteThenImport(ctx: TryContext, params: ImportParameters, wrapped: WrappedMaterial, key: ManagedKey): Promise<ImportOutcome | 'refetch'> {
  // Never delete with a token that may die before the import: the key would stay without material.
  if (params.expiresAt.getTime() - ctx.clock.now().getTime() < ctx.tokenMarginMs) return 'refetch';
  ctx.record.modeUsed = RenewalMode.DeleteFirst;
  ctx.record.deleteSent(ctx.elapsedMs());
  try {
    await ctx.keys.deleteImportedKeyMaterial(key.keyId);
    ctx.record.deleteAnswered(undefined);
  } catch (error) {
    ctx.record.deleteAnswered(error);
    throw error;
  }
  ctx.logger.info('renewal.material_deleted', { key_id: key.keyId, action: 'delete-first' });
  return importRecorded(ctx, params, wrapped, key);
}

async function importByMode(state: KeyState, ctx: TryContext, params: ImportParameters, wrapped: WrappedMaterial, key: ManagedKey): Promise<ImportOutcome | 'refetch'> {
  if (state === KeyState.PendingImport) return importRecorded(ctx, params, wrapped, key);
  const inPlace = ctx.mode === RenewalMode.InPlace || (ctx.mode === RenewalMode.Auto && !ctx.memo.inPlaceRejected);
  if (!inPlace) return deleteThenImport(ctx, params, wrapped, key);
  try {
    ctx.record.modeUsed = RenewalMode.InPlace;
    return await importRecorded(ctx, params, wrapped, key);
  } catch (error) {
    if (ctx.mode !== RenewalMode.Auto || !hasKind(error, ErrorKind.ReimportRefused)) throw error;
    ctx.memo.inPlaceRejected = true;
    ctx.logger.warn('renewal.mode_fallback', { key_id: key.keyId, from: 'in-place', to: 'delete-first', error_code: error.code });
    return deleteThenImport(ctx, params, wrapped, key);
  }
}

/**
 * One try; throws what failed (renewKey decides on retries). A refused or nearly expired token is answered by
 * fetching new parameters once within the try.
 *
 * @example
 * const result = await renewOnce(planned, key, ctx);
 */
async function renewOnce(planned: PlannedKey, key: ManagedKey, ctx: TryContext): Promise<TryResult> {
  for (let refetch = 0; ; refetch++) {
    await ctx.beforeStep?.(RenewalStep.FetchParameters, key.keyId);
    const params = await fetchParameters(ctx.keys, key.keyId);
    await ctx.beforeStep?.(RenewalStep.WrapMaterial, key.keyId);
    const wrapped = await wrapForImport(ctx, key, { publicKey: params.publicKey, algorithm: WRAPPING_ALGORITHM });
    await ctx.beforeStep?.(RenewalStep.ImportMaterial, key.keyId, { importToken: params.importToken, encryptedKeyMaterial: wrapped.encryptedKeyMaterial });
    const state = await stateBeforeImport(planned, key, ctx);
    if (typeof state !== 'string') return { kind: 'already-renewed', expiresAt: state.upToDate.expirationTime };
    let reason: { code: string; cause?: unknown };
    try {
      const outcome = await importByMode(state, ctx, params, wrapped, key);
      if (outcome !== 'refetch') return { kind: 'imported', expiresAt: outcome.expiresAt };
      reason = { code: 'BYOK.TOKEN_NEAR_EXPIRY' };
    } catch (error) {
      if (!hasKind(error, ErrorKind.ImportTokenRejected)) throw error;
      reason = { code: error.code, cause: error };
    }
    if (refetch >= MAX_REFETCH) throw tokenRejectedAgain(key.keyId, reason.code, reason.cause);
    ctx.logger.warn('import.refetch', { key_id: key.keyId, reason: reason.code, attempt: refetch + 1 });
  }
}

export { isUpToDate, renewOnce };
export type { TryContext, TryResult };
